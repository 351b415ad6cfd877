"""PDF helpers shared by every document: the embedded font (DejaVu Sans, full Latin coverage, so
"Dr. Ré Ölsen" and "Muh. Ma'ruf" print) and text fitting.

Speed for many small PDFs (certificates: one file per person, DESIGN.md §8): each file embeds
a subset of the fonts, and making that subset and compressing it was most of a certificate's
cost. Both are pure functions of the glyphs used, so they are remembered (byte-identical output);
``warm_fonts`` starts every file's subset with the same common glyphs, so files whose texts
differ still share one subset."""

from __future__ import annotations

import string
import threading
from collections import OrderedDict
from pathlib import Path

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from workshop.core.text import xml_safe

FONT_DIR = Path(__file__).resolve().parent.parent.parent / "static" / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
# The glyphs most texts use, in a fixed order: every file's font subset starts with these.
COMMON_GLYPHS = (
    string.ascii_letters + string.digits + " .,:;'’-–—/()&%·…\"!?#+*=@_"
    "ÀÁÂÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÖØÙÚÛÜàáâäåçèéêëìíîïñòóôöøùúûüý"
)
CACHE_ENTRIES = 64
COMPRESS_MIN_BYTES = 16 * 1024  # font files; page contents are smaller and differ every time
_lock = threading.Lock()


class _Memo:
    """A small memo of a pure function that forgets the least recently used entries."""

    def __init__(self, func):
        self.func = func
        self.cache: OrderedDict = OrderedDict()

    def get(self, key, *args):
        with _lock:
            value = self.cache.get(key)
            if value is not None:
                self.cache.move_to_end(key)
                return value
        value = self.func(*args)
        with _lock:
            self.cache[key] = value
            while len(self.cache) > CACHE_ENTRIES:
                self.cache.popitem(last=False)
        return value


def _remember_subsets(font: TTFont) -> None:
    face = font.face
    if getattr(face, "_bintek_memo", None) is not None:
        return
    memo = _Memo(face.makeSubset)
    face._bintek_memo = memo
    face.makeSubset = lambda subset: memo.get(tuple(subset), subset)


def _remember_compression() -> None:
    zcompress = pdfdoc.PDFZCompress
    if getattr(zcompress, "_bintek_memo", None) is not None:
        return
    original = zcompress.encode
    memo = _Memo(original)

    def encode(text):
        if isinstance(text, str):
            text = text.encode("utf8")
        if len(text) < COMPRESS_MIN_BYTES:
            return original(text)
        return memo.get(text, text)

    zcompress._bintek_memo = memo
    zcompress.encode = encode


def register_fonts() -> None:
    registered = set(pdfmetrics.getRegisteredFontNames())
    if FONT not in registered:
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    if FONT_BOLD not in registered:
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    for name in (FONT, FONT_BOLD):
        _remember_subsets(pdfmetrics.getFont(name))
    _remember_compression()


def warm_fonts(canvas) -> None:
    """Start this file's font subsets with COMMON_GLYPHS (see the module's docstring). Nothing is
    drawn: the glyphs are only reserved in the subset, as drawing them would."""
    for name in (FONT, FONT_BOLD):
        pdfmetrics.getFont(name).splitString(COMMON_GLYPHS, canvas._doc)


def escape(text: str | None) -> str:
    """Paragraph text is mini-HTML: names like "Ma'ruf" and "<b>" typed by someone stay text; a
    character no document may hold (workshop.core.text) is dropped."""
    return xml_safe(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def page_number(canvas, doc) -> None:
    """The page number in the bottom right corner (for SimpleDocTemplate's onPage hooks)."""
    from reportlab.lib.units import mm

    width, _height = canvas._pagesize
    canvas.saveState()
    canvas.setFont(FONT, 7.5)
    canvas.drawRightString(width - 14 * mm, 9 * mm, str(doc.page))
    canvas.restoreState()


def metadata(title: str, author: str, subject: str = "") -> dict:
    """The document properties every generated PDF carries (a file manager and a PDF reader show
    them; "untitled" looks like a template), as keyword arguments for reportlab's
    ``SimpleDocTemplate`` (a ``Canvas`` ignores such keywords: use ``set_metadata``): title, author (the issuing body, e.g. "Bappeda Kota
    Serang"), subject (the event), creator."""
    return {"title": title or "", "author": author or "", "subject": subject or "", "creator": "Bintek"}


def no_decoration(canvas, doc) -> None:
    """A page without a page number (a cover)."""


def build_pdf(
    story: list,
    *,
    pagesize,
    margins: tuple[float, float, float, float],
    first_page=page_number,
    later_pages=page_number,
    **properties,
) -> bytes:
    """The PDF of a reportlab platypus story: ``margins`` left, right, top, bottom; the document
    properties of ``metadata`` (``title``, ``author``, ``subject``); page numbers unless a page
    hook says otherwise."""
    import io

    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    buffer = io.BytesIO()
    left, right, top, bottom = margins
    SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        **metadata(**properties),
    ).build(story, onFirstPage=first_page, onLaterPages=later_pages)
    return buffer.getvalue()


def set_metadata(canvas, title: str, author: str, subject: str = "") -> None:
    """The same properties on a reportlab canvas (drawn directly, without platypus)."""
    values = metadata(title, author, subject)
    canvas.setTitle(values["title"])
    canvas.setAuthor(values["author"])
    canvas.setSubject(values["subject"])
    canvas.setCreator(values["creator"])
