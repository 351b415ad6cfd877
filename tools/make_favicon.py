"""Draws the PNG favicons from the same design as static/img/favicon.svg (a white B on blue),
with Pillow, so no image is copied from elsewhere. Run: .venv/bin/python tools/make_favicon.py"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

STATIC = Path(__file__).resolve().parent.parent / "static"
FONT = STATIC / "fonts" / "DejaVuSans-Bold.ttf"
BLUE = (11, 92, 173, 255)


def draw(size: int) -> Image.Image:
    scale = 4  # draw large, then shrink: smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 14 // 64, fill=BLUE)
    font = ImageFont.truetype(str(FONT), int(big * 0.72))
    box = pen.textbbox((0, 0), "B", font=font)
    x = (big - (box[2] - box[0])) / 2 - box[0]
    y = (big - (box[3] - box[1])) / 2 - box[1]
    pen.text((x, y), "B", font=font, fill=(255, 255, 255, 255))
    return image.resize((size, size), Image.LANCZOS)


def small(image: Image.Image) -> Image.Image:
    """A two-colour mark needs no more than a small palette: the icons stay a few hundred bytes
    (the ticket page must stay under 30 KB with everything it links)."""
    return image.quantize(colors=16, method=Image.Quantize.FASTOCTREE)


if __name__ == "__main__":
    small(draw(32)).save(STATIC / "img" / "favicon-32.png", optimize=True)
    small(draw(180)).save(STATIC / "img" / "apple-touch-icon.png", optimize=True)
    draw(32).save(STATIC / "favicon.ico", sizes=[(16, 16), (32, 32)])
