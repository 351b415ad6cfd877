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
