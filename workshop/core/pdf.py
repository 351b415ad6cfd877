"""PDF helpers shared by every document: the embedded font (DejaVu Sans, full Latin coverage, so
"Dr. Ré Ölsen" and "Muh. Ma'ruf" print) and text fitting."""
from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent.parent / "static" / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"


def register_fonts() -> None:
    registered = set(pdfmetrics.getRegisteredFontNames())
    if FONT not in registered:
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    if FONT_BOLD not in registered:
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def escape(text: str | None) -> str:
    """Paragraph text is mini-HTML: names like "Ma'ruf" and "<b>" typed by someone stay text."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def page_number(canvas, doc) -> None:
    """The page number in the bottom right corner (for SimpleDocTemplate's onPage hooks)."""
    from reportlab.lib.units import mm

    width, _height = canvas._pagesize
    canvas.saveState()
    canvas.setFont(FONT, 7.5)
    canvas.drawRightString(width - 14 * mm, 9 * mm, str(doc.page))
    canvas.restoreState()
