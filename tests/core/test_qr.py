import io

import pytest

from tests.qr_decode import decode_svg
from workshop.core.qr import qr_svg

zxingcpp = pytest.importorskip("zxingcpp")


def test_svg_qr_decodes_to_its_data_and_is_small():
    url = "https://bintek.serangkota.go.id/t/Q2x5Vb0kR1m9s8TzA7c3D4e5F6g7H8i9"
    svg = str(qr_svg(url, label="Tiket"))
    assert decode_svg(svg) == [url]
    assert len(svg) < 6000  # about 1.5 KB gzipped
    assert "<script" not in svg


def test_pdf_qr_draws_without_error():
    from reportlab.pdfgen.canvas import Canvas

    from workshop.core.qr import draw_qr

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    draw_qr(canvas, "https://example.go.id/t/abc", 100, 100, 80)
    canvas.save()
    assert buffer.getvalue().startswith(b"%PDF")


def test_fast_error_correction_matches_qrcode_for_every_level_and_many_lengths():
    """workshop.core.qr replaces qrcode's Reed-Solomon arithmetic with table look-ups: the
    codewords must be exactly the library's."""
    import random

    import qrcode
    import qrcode.util

    from workshop.core import qr

    rng = random.Random(7)
    levels = [
        qrcode.constants.ERROR_CORRECT_L,
        qrcode.constants.ERROR_CORRECT_M,
        qrcode.constants.ERROR_CORRECT_Q,
        qrcode.constants.ERROR_CORRECT_H,
    ]
    for trial in range(200):
        data = "".join(rng.choice("ABCDEFGHJK0123456789abc/:.") for _ in range(rng.randint(1, 300)))
        level = levels[trial % 4]
        code = qrcode.QRCode(error_correction=level)
        code.add_data(data)
        code.make(fit=True)
        try:
            qrcode.util.create_bytes = qr._slow_create_bytes
            expected = qrcode.util.create_data(code.version, level, code.data_list)
        finally:
            qrcode.util.create_bytes = qr._create_bytes
        assert qrcode.util.create_data(code.version, level, code.data_list) == expected, (trial, code.version)


def test_qr_matrix_equals_the_library_default_for_many_lengths():
    """The version is looked up per length instead of searched each time: same QR as qrcode's
    own ``make(fit=True)`` with the same fixed mask."""
    import qrcode

    from workshop.core.qr import qr_matrix

    for n in list(range(1, 120, 7)) + [212, 400]:
        for data in ("x" * n, "7" * n, "HTTPS://A" + "B" * n, f"https://bintek.example.go.id/v/{'K' * n}"):
            code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, mask_pattern=2)
            code.add_data(data)
            code.make(fit=True)
            assert qr_matrix.__wrapped__(data) == tuple(tuple(row) for row in code.get_matrix()), (
                n,
                data[:20],
            )


def test_fast_matrix_is_qrcodes_own_for_every_mode_and_many_lengths():
    """qr_matrix places the codewords from a per-version layout and gathers the bits in one
    integer: the modules must be exactly those qrcode makes (byte, numeric and alphanumeric
    segments, every border, versions 1 to about 10)."""
    import random
    import string

    import qrcode

    from workshop.core import qr

    def reference(data: str, border: int):
        code = qrcode.QRCode(error_correction=qr.LEVEL, border=border, mask_pattern=qr.MASK)
        code.add_data(data)
        code.version = qr._version_for(tuple((s.mode, len(s)) for s in code.data_list))
        code.make(fit=False)
        return tuple(tuple(row) for row in code.get_matrix())

    rng = random.Random(17)
    url = string.ascii_letters + string.digits + "-_"
    samples = [
        "https://bintek.serangkota.go.id/v/" + "".join(rng.choice(url) for _ in range(n))
        for n in range(1, 120, 5)
    ]
    samples += ["".join(rng.choice(string.digits) for _ in range(n)) for n in range(1, 200, 11)]
    samples += [
        "HTTPS://X.ID/" + "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(n))
        for n in range(1, 200, 13)
    ]
    samples += ["Ré Ölsen ✓ " * k for k in range(1, 6)] + ["12345678901234567890123abc"]
    for data in samples:
        for border in (0, 2, 4):
            assert qr.qr_matrix.__wrapped__(data, border) == reference(data, border), (data, border)
