import io

import pytest

from workshop.core.qr import qr_svg

zxingcpp = pytest.importorskip("zxingcpp")


def _decode_svg(svg: str):
    """Rasterise our SVG (only rects in one path) with Pillow and decode it like a phone would."""
    import re

    from PIL import Image, ImageDraw

    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    scale = 8
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    for x, y, n in re.findall(r"M(\d+),(\d+)h(\d+)", svg):
        x, y, n = int(x), int(y), int(n)
        draw.rectangle([x * scale, y * scale, (x + n) * scale - 1, (y + 1) * scale - 1], fill=0)
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_svg_qr_decodes_to_its_data_and_is_small():
    url = "https://bintek.serangkota.go.id/t/Q2x5Vb0kR1m9s8TzA7c3D4e5F6g7H8i9"
    svg = str(qr_svg(url, label="Tiket"))
    assert _decode_svg(svg) == [url]
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
