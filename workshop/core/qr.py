"""QR codes: a compact inline SVG for pages, and vector squares for reportlab PDFs.

A fixed mask pattern makes encoding about six times faster (DESIGN.md §8) at no cost to
scanning. Horizontal runs of dark modules are merged, so a ticket QR is ~2 KB of SVG."""

from __future__ import annotations

from functools import lru_cache

import qrcode
import qrcode.base
import qrcode.util
from markupsafe import Markup, escape
from qrcode import LUT
from qrcode.base import EXP_TABLE, LOG_TABLE


def _error_correction(data: list[int], ec_count: int) -> list[int]:
    """Reed-Solomon error-correction codewords by table look-ups (a shift register), the same
    numbers as qrcode's polynomial arithmetic (tests/core/test_qr.py compares them) in a fifth of
    the time: it was most of the cost of a certificate's QR."""
    if ec_count in LUT.rsPoly_LUT:
        generator = LUT.rsPoly_LUT[ec_count]
    else:
        generator = [1]
        for i in range(ec_count):
            root = EXP_TABLE[i % 255]
            generator = [
                a ^ (_multiply(b, root) if b else 0) for a, b in zip(generator + [0], [0] + generator)
            ]
    gen_logs = [LOG_TABLE[g] if g else None for g in generator[1:]]
    remainder = [0] * ec_count
    for byte in data:
        factor = byte ^ remainder[0]
        remainder = remainder[1:] + [0]
        if factor:
            factor_log = LOG_TABLE[factor]
            for i, g in enumerate(gen_logs):
                if g is not None:
                    remainder[i] ^= EXP_TABLE[(factor_log + g) % 255]
    return remainder


def _multiply(a: int, b: int) -> int:
    return EXP_TABLE[(LOG_TABLE[a] + LOG_TABLE[b]) % 255]


def _create_bytes(buffer, rs_blocks) -> list[int]:
    """qrcode.util.create_bytes with the fast error correction: data and error-correction
    codewords of each block, interleaved as the standard says."""
    offset = 0
    dcdata, ecdata = [], []
    for rs_block in rs_blocks:
        dc_count = rs_block.data_count
        ec_count = rs_block.total_count - dc_count
        current = [0xFF & b for b in buffer.buffer[offset : offset + dc_count]]
        offset += dc_count
        dcdata.append(current)
        ecdata.append(_error_correction(current, ec_count))
    data = []
    for blocks in (dcdata, ecdata):
        for i in range(max(len(b) for b in blocks)):
            data.extend(b[i] for b in blocks if i < len(b))
    return data


_slow_create_bytes = qrcode.util.create_bytes
qrcode.util.create_bytes = _create_bytes


@lru_cache(maxsize=64)
def _version_for(segments: tuple[tuple[int, int], ...]) -> int:
    """The smallest QR version for data segments of these modes and lengths (qrcode's own search,
    done once per shape: certificate and ticket URLs all have the same)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    for mode, length in segments:
        code.add_data(qrcode.util.QRData(b"0" * length, mode=mode, check_data=False))
    return code.best_fit()


LEVEL = qrcode.constants.ERROR_CORRECT_M
MASK = 2


@lru_cache(maxsize=64)
def _layout(version: int) -> tuple[tuple[tuple[bool | None, ...], ...], tuple[tuple[int, int, bool], ...]]:
    """What every code of this version (level M, mask 2) shares, made once: the function patterns
    and format information (None where data goes), and the data modules in the order the standard
    places the bits, each with its mask bit (qrcode's ``map_data`` walk)."""
    code = qrcode.QRCode(version=version, error_correction=LEVEL, mask_pattern=MASK, border=0)
    code.data_cache = []
    code.map_data = lambda data, mask_pattern: None  # the patterns only
    code.makeImpl(False, MASK)
    modules, count = code.modules, code.modules_count
    mask = qrcode.util.mask_func(MASK)
    order = []
    row, step = count - 1, -1
    for col in range(count - 1, 0, -2):
        if col <= 6:
            col -= 1  # the vertical timing pattern
        while True:
            for c in (col, col - 1):
                if modules[row][c] is None:
                    order.append((row, c, bool(mask(row, c))))
            row += step
            if row < 0 or row >= count:
                row -= step
                step = -step
                break
    return tuple(tuple(r) for r in modules), tuple(order)


def _codewords(segments, version: int) -> list[int] | None:
    """qrcode.util.create_data with the bits gathered in one integer instead of one call per bit
    (it was most of a QR's remaining cost); None for what it does not handle (kanji) or when the
    data does not fit."""
    bits = count = 0
    for segment in segments:
        pieces = [(segment.mode, 4), (len(segment), qrcode.util.length_in_bits(segment.mode, version))]
        data = segment.data
        if segment.mode == qrcode.util.MODE_8BIT_BYTE:
            pieces.append((int.from_bytes(data, "big"), 8 * len(data)))
        elif segment.mode == qrcode.util.MODE_NUMBER:
            for i in range(0, len(data), 3):
                chars = data[i : i + 3]
                pieces.append((int(chars), qrcode.util.NUMBER_LENGTH[len(chars)]))
        elif segment.mode == qrcode.util.MODE_ALPHA_NUM:
            find = qrcode.util.ALPHA_NUM.find
            for i in range(0, len(data), 2):
                chars = data[i : i + 2]
                if len(chars) > 1:
                    pieces.append((find(chars[:1]) * 45 + find(chars[1:]), 11))
                else:
                    pieces.append((find(chars), 6))
        else:
            return None
        for value, length in pieces:
            bits = (bits << length) | value
            count += length
    rs_blocks = qrcode.base.rs_blocks(version, LEVEL)
    limit = sum(block.data_count * 8 for block in rs_blocks)
    if count > limit:
        return None
    padding = min(limit - count, 4)  # the terminator
    padding += -(count + padding) % 8  # to a whole byte
    bits <<= padding
    count += padding
    words = list(bits.to_bytes(count // 8, "big"))
    words += [qrcode.util.PAD0 if i % 2 == 0 else qrcode.util.PAD1 for i in range((limit - count) // 8)]
    return _create_bytes(_Words(words), rs_blocks)


class _Words:
    def __init__(self, words: list[int]):
        self.buffer = words


def _qrcode_matrix(code, version: int) -> list[list[bool]]:
    code.version = version
    code.make(fit=False)
    return code.get_matrix()


@lru_cache(maxsize=256)
def qr_matrix(data: str, border: int = 2) -> tuple[tuple[bool, ...], ...]:
    """The modules of ``data``'s QR (level M, mask 2, the smallest version), dark = True, with a
    quiet zone of ``border`` modules: exactly qrcode's matrix (tests/core/test_qr.py), placed from
    a per-version layout (``_layout``) instead of qrcode's walk for every code."""
    code = qrcode.QRCode(error_correction=LEVEL, border=border, mask_pattern=MASK)
    code.add_data(data)
    version = _version_for(tuple((segment.mode, len(segment)) for segment in code.data_list))
    words = _codewords(code.data_list, version)
    if words is None:
        return tuple(tuple(row) for row in _qrcode_matrix(code, version))
    template, order = _layout(version)
    modules = [list(row) for row in template]
    bits = "".join(f"{word:08b}" for word in words)
    bits += "0" * (len(order) - len(bits))  # the remainder bits
    for (row, col, masked), bit in zip(order, bits):
        modules[row][col] = (bit == "1") != masked
    width = len(modules) + 2 * border
    blank = (False,) * width
    side = (False,) * border
    return (blank,) * border + tuple(side + tuple(row) + side for row in modules) + (blank,) * border


def _runs(row: tuple[bool, ...]):
    """(start, length) of each run of dark modules in a row."""
    start = None
    for x, dark in enumerate(row + (False,)):
        if dark and start is None:
            start = x
        elif not dark and start is not None:
            yield start, x - start
            start = None


def qr_svg(data: str, label: str = "", css_class: str = "qr") -> Markup:
    """An inline SVG (no script, no external request) that scales with its container."""
    matrix = qr_matrix(data)
    size = len(matrix)
    path = "".join(f"M{x},{y}h{n}v1h-{n}z" for y, row in enumerate(matrix) for x, n in _runs(row))
    return Markup(
        f'<svg class="{escape(css_class)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'role="img" aria-label="{escape(label)}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>'
    )


def draw_qr(canvas, data: str, x: float, y: float, size: float) -> None:
    """Draw a QR on a reportlab canvas as vectors, bottom-left corner at (x, y): one path of the
    row runs of dark modules, in module units (small integers), filled once: much faster than a
    rectangle per module or per run, and a smaller file."""
    matrix = qr_matrix(data)
    n = len(matrix)
    module = size / n
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.transform(module, 0, 0, module, x, y)
    # Row 0 is the top row; in PDF coordinates y grows upwards.
    runs = " ".join(
        f"{start} {n - 1 - row_index} {length} 1 re"
        for row_index, row in enumerate(matrix)
        for start, length in _runs(row)
    )
    canvas.addLiteral(runs + " f")
    canvas.restoreState()
