"""The self check-in poster of one session: A4 portrait, a large QR to /c/<session code> and
three steps, printed for the door of the room. Pure rendering: plain texts in, PDF bytes out."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from workshop.core.pdf import FONT, FONT_BOLD, register_fonts, set_metadata
from workshop.core.qr import draw_qr


@dataclass(frozen=True)
class Poster:
    heading: str  # "ABSENSI MANDIRI"
    event_title: str
    session_title: str
    when: str  # "Jumat, 27 November 2026 · 08:00–10:15 WIB · Aula Bappeda"
    url: str  # what the QR holds
    steps: list[str]  # in the main language
    help_text: str
    second_language: str  # one line in English under the steps
    author: str = ""  # the issuing body (the PDF's properties)


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap (reportlab's), white space and line breaks read as one space; a word wider
    than the line stands alone on its line."""
    return simpleSplit(" ".join(text.split()), font, size, width)


def _centred(
    canvas: Canvas, text: str, font: str, size: float, y: float, width: float, max_lines: int = 3
) -> float:
    """Draw wrapped, centred text from y downwards (shrinking when it would need more lines);
    answers the y below it."""
    page_width = A4[0]
    while True:
        lines = _wrap(text, font, size, width)
        if len(lines) <= max_lines or size <= 9:
            break
        size -= 1
    canvas.setFont(font, size)
    for line in lines[:max_lines]:
        canvas.drawCentredString(page_width / 2, y, line)
        y -= size * 1.25
    return y


def render(poster: Poster) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    set_metadata(canvas, f"{poster.heading} · {poster.session_title}", poster.author, poster.event_title)
    width, height = A4
    text_width = width - 30 * mm
    y = height - 25 * mm
    y = _centred(canvas, poster.heading, FONT_BOLD, 34, y, text_width, 1) - 4 * mm
    y = _centred(canvas, poster.session_title, FONT_BOLD, 20, y, text_width, 3)
    y = _centred(canvas, poster.when, FONT, 12, y, text_width, 2)
    y = _centred(canvas, poster.event_title, FONT, 11, y, text_width, 2) - 4 * mm
    size = min(115 * mm, y - 95 * mm)
    draw_qr(canvas, poster.url, (width - size) / 2, y - size, size)
    y -= size + 9 * mm
    canvas.setFont(FONT, 13)
    for number, step in enumerate(poster.steps, start=1):
        for index, line in enumerate(_wrap(step, FONT, 13, text_width - 10 * mm)):
            canvas.drawString(15 * mm, y, f"{number}.  {line}" if index == 0 else f"     {line}")
            y -= 17
        y -= 3
    y -= 2 * mm
    canvas.setFont(FONT, 10)
    for line in _wrap(poster.second_language, FONT, 10, text_width):
        canvas.drawString(15 * mm, y, line)
        y -= 13
    canvas.setFont(FONT_BOLD, 11)
    canvas.drawCentredString(width / 2, 22 * mm, poster.help_text)
    canvas.setFont(FONT, 8)
    canvas.drawCentredString(width / 2, 14 * mm, poster.url)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
