"""Decoding the QR codes the app draws, as a phone camera would (zxing-cpp)."""

import re


def decode_svg(svg: str) -> list[str]:
    """Rasterise our inline QR SVG (one path of module runs) with Pillow and decode it."""
    import zxingcpp
    from PIL import Image, ImageDraw

    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    scale = 8
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    for x, y, n in re.findall(r"M(\d+),(\d+)h(\d+)", svg):
        x, y, n = int(x), int(y), int(n)
        draw.rectangle([x * scale, y * scale, (x + n) * scale - 1, (y + 1) * scale - 1], fill=0)
    return [result.text for result in zxingcpp.read_barcodes(image)]
