"""Uploaded photos, re-encoded: only JPG and PNG are accepted (judged by content), and what is
stored is a fresh JPEG, so camera metadata (location) never survives."""

from __future__ import annotations

import io

JPEG = b"\xff\xd8\xff"
PNG = b"\x89PNG\r\n\x1a\n"


class ImageRefused(Exception):
    """``str(error)`` is "type", "pixels" or "unreadable"."""


def is_image(data: bytes) -> bool:
    return data.startswith(JPEG) or data.startswith(PNG)


def reencode_jpeg(
    data: bytes, longest_side: int, max_pixels: int = 40_000_000, quality: int = 85
) -> tuple[bytes, int, int]:
    """JPEG bytes no larger than ``longest_side`` on either side, and their width and height."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not is_image(data):
        raise ImageRefused("type")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > max_pixels:
                raise ImageRefused("pixels")
            image = ImageOps.exif_transpose(image)
            image.thumbnail((longest_side, longest_side))
            image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, "JPEG", quality=quality, optimize=True)
            return out.getvalue(), image.width, image.height
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ImageRefused("unreadable") from None


def reencode_png(data: bytes, longest_side: int, max_pixels: int = 25_000_000) -> tuple[bytes, int, int]:
    """PNG bytes (transparency kept) no larger than ``longest_side`` on either side, and their
    width and height: for logos and signatures, which must keep a transparent background.
    Checked like ``reencode_jpeg``: JPG/PNG by content, a pixel limit before decoding."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not is_image(data):
        raise ImageRefused("type")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > max_pixels:
                raise ImageRefused("pixels")
            image = ImageOps.exif_transpose(image)
            image.thumbnail((longest_side, longest_side))
            image = image.convert("RGBA")
            out = io.BytesIO()
            image.save(out, "PNG", optimize=True)
            return out.getvalue(), image.width, image.height
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ImageRefused("unreadable") from None
