"""QR codes: a compact inline SVG for pages, and vector squares for reportlab PDFs.

A fixed mask pattern makes encoding about six times faster (DESIGN.md §8) at no cost to
scanning. Horizontal runs of dark modules are merged, so a ticket QR is ~2 KB of SVG."""

from __future__ import annotations

from functools import lru_cache

import qrcode
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


@lru_cache(maxsize=256)
def qr_matrix(data: str, border: int = 2) -> tuple[tuple[bool, ...], ...]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=border, mask_pattern=2)
    code.add_data(data)
    code.version = _version_for(tuple((segment.mode, len(segment)) for segment in code.data_list))
    code.make(fit=False)
    return tuple(tuple(row) for row in code.get_matrix())


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
