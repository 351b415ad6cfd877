"""Uploaded images, re-encoded: only JPG and PNG are accepted (judged by content), and what is
stored is a fresh JPEG (or PNG, where transparency matters), so camera metadata (location) never
survives."""

from __future__ import annotations

import io

from flask_babel import lazy_gettext as _l

JPEG = b"\xff\xd8\xff"
PNG = b"\x89PNG\r\n\x1a\n"


class ImageRefused(Exception):
    """``str(error)`` is "type", "pixels" or "unreadable"."""


# What to tell the person whose upload was refused, by the refusal's code.
REFUSALS = {
    "type": _l("The photo must be a JPG or PNG image."),
    "pixels": _l("The photo has too many pixels; use a smaller one."),
    "unreadable": _l("The photo could not be read as an image."),
}


def is_image(data: bytes) -> bool:
    return data.startswith(JPEG) or data.startswith(PNG)


def reencode(
    data: bytes, longest_side: int, max_pixels: int = 40_000_000, quality: int = 85, transparent: bool = False
) -> tuple[bytes, int, int]:
    """The image no larger than ``longest_side`` on either side, turned upright, and its width and
    height: JPEG bytes, or with ``transparent`` PNG bytes that keep transparency (logos,
    signatures). Raises ImageRefused."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not is_image(data):
        raise ImageRefused("type")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > max_pixels:
                raise ImageRefused("pixels")
            image = ImageOps.exif_transpose(image)
            image.thumbnail((longest_side, longest_side))
            out = io.BytesIO()
            if transparent:
                image.convert("RGBA").save(out, "PNG", optimize=True)
            else:
                image.convert("RGB").save(out, "JPEG", quality=quality, optimize=True)
            return out.getvalue(), image.width, image.height
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ImageRefused("unreadable") from None


def reencode_jpeg(
    data: bytes, longest_side: int, max_pixels: int = 40_000_000, quality: int = 85
) -> tuple[bytes, int, int]:
    """JPEG bytes no larger than ``longest_side`` on either side, and their width and height."""
    return reencode(data, longest_side, max_pixels, quality)


def reencode_png(data: bytes, longest_side: int, max_pixels: int = 25_000_000) -> tuple[bytes, int, int]:
    """PNG bytes (transparency kept) no larger than ``longest_side``: logos and signatures."""
    return reencode(data, longest_side, max_pixels, transparent=True)
