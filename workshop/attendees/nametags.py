"""Printable name tags: A4 sheets of 8 (2 x 4), each with the name (large, shrunk to fit), the
canonical institution, the role, the group once groups exist, and the ticket QR, so people
without a smartphone still carry their ticket.

Rendering takes plain ``NameTag`` values (no request, no database) and returns PDF bytes. The font
is DejaVu Sans, shipped in static/fonts/ and embedded, so every Latin name prints ("Dr. Ré Ölsen").
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas as pdf_canvas

from workshop.core.pdf import FONT, FONT_BOLD, register_fonts
from workshop.core.qr import draw_qr

COLUMNS, ROWS = 2, 4
PER_PAGE = COLUMNS * ROWS
PAGE_W, PAGE_H = A4
TAG_W, TAG_H = PAGE_W / COLUMNS, PAGE_H / ROWS  # 105 x 74.25 mm: cut along the dashed lines
PAD = 6 * mm
QR_SIZE = 25 * mm
NAME_MAX, NAME_MIN = 22, 7
ROLE_COLOURS = {  # a bar on the tag's left edge: the door tells speakers from participants at a glance
    "peserta": (0.16, 0.38, 0.73),
    "narasumber": (0.75, 0.15, 0.15),
    "moderator": (0.55, 0.27, 0.68),
    "fasilitator": (0.13, 0.55, 0.33),
    "panitia": (0.85, 0.55, 0.05),
}


@dataclass(frozen=True)
class NameTag:
    name: str
    institution: str
    role: str  # peserta, narasumber, ... (printed as it is: Indonesian in every language)
    ticket_url: str
    reg_label: str = ""
    group: str | None = None  # printed when groups are assigned


def group_label(attendee) -> str | None:
    """The attendee's discussion group for the tag, once one is assigned; nothing otherwise."""
    group = getattr(attendee, "group", None)
    return group.name if group is not None else None


def _width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap; a word wider than the line is broken between characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if _width(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while _width(word, font, size) > width and len(word) > 1:
            cut = len(word)
            while cut > 1 and _width(word[:cut], font, size) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def fit_text(
    text: str, font: str, width: float, height: float, largest: float, smallest: float, leading: float = 1.15
) -> tuple[float, list[str]]:
    """The largest size at which the text fits the box, wrapped; at the smallest size what does
    not fit is cut with an ellipsis."""
    size = largest
    while size >= smallest:
        lines = _wrap(text, font, size, width)
        if len(lines) * size * leading <= height:
            return size, lines
        size -= 0.5
    size = smallest
    lines = _wrap(text, font, size, width)
    keep = max(1, int(height // (size * leading)))
    if len(lines) > keep:
        lines = lines[:keep]
        last = lines[-1]
        while last and _width(last + "…", font, size) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return size, lines


def _draw_lines(
    c, lines: list[str], font: str, size: float, x: float, top: float, leading: float = 1.15
) -> None:
    """Left-aligned lines, the first baseline at ``top - size`` (one text object)."""
    text = c.beginText(x, top - size)
    text.setFont(font, size, size * leading)
    text.textLines(lines, trim=0)
    c.drawText(text)


def _sheet_background(c) -> None:
    """Dashed cut lines, drawn once as a form and reused on every page."""
    c.beginForm("tag-sheet")
    c.saveState()
    c.setStrokeColorRGB(0.75, 0.75, 0.75)
    c.setLineWidth(0.5)
    c.setDash(3, 3)
    for col in range(1, COLUMNS):
        c.line(col * TAG_W, 0, col * TAG_W, PAGE_H)
    for row in range(1, ROWS):
        c.line(0, row * TAG_H, PAGE_W, row * TAG_H)
    c.restoreState()
    c.endForm()


def _draw_tag(c, tag: NameTag, x0: float, y0: float, event_title: str) -> None:
    inner_w = TAG_W - 2 * PAD
    left, top = x0 + PAD, y0 + TAG_H - PAD
    red, green, blue = ROLE_COLOURS.get(tag.role, (0.4, 0.4, 0.4))
    c.setFillColorRGB(red, green, blue)
    c.rect(x0 + 2 * mm, y0 + PAD, 1.5 * mm, TAG_H - 2 * PAD, stroke=0, fill=1)

    c.setFillColorRGB(0.35, 0.35, 0.35)
    size, lines = fit_text(event_title, FONT, inner_w, 9, 7, 5)
    _draw_lines(c, lines[:1], FONT, size, left, top)

    c.setFillColorRGB(0, 0, 0)
    name_top = top - 11
    name_height = 19 * mm
    size, lines = fit_text(tag.name, FONT_BOLD, inner_w, name_height, NAME_MAX, NAME_MIN)
    _draw_lines(c, lines, FONT_BOLD, size, left, name_top)

    institution_top = name_top - name_height - 1.5 * mm
    institution_height = top - (y0 + PAD + QR_SIZE) - (name_height + 11 + 3 * mm)
    if tag.institution:
        size, lines = fit_text(tag.institution, FONT, inner_w, institution_height, 11, 6.5)
        _draw_lines(c, lines, FONT, size, left, institution_top)

    qr_x = x0 + TAG_W - PAD - QR_SIZE
    draw_qr(c, tag.ticket_url, qr_x, y0 + PAD, QR_SIZE)

    # Bottom left, from the bottom up: registration number, role, group.
    text_w = qr_x - left - 3 * mm
    if tag.reg_label:
        c.setFont(FONT, 8)
        c.setFillColorRGB(0.35, 0.35, 0.35)
        c.drawString(left, y0 + PAD + 1, f"No. {tag.reg_label}")
    c.setFillColorRGB(red, green, blue)
    size, lines = fit_text(tag.role.upper(), FONT_BOLD, text_w, 16, 13, 8)
    _draw_lines(c, lines[:1], FONT_BOLD, size, left, y0 + PAD + 12 + size)
    c.setFillColorRGB(0, 0, 0)
    if tag.group:
        size, lines = fit_text(tag.group, FONT, text_w, 13, 10, 7)
        _draw_lines(c, lines[:1], FONT, size, left, y0 + PAD + 30 + size)


def render_nametags(tags: list[NameTag], event_title: str = "", *, compress: bool = True) -> bytes:
    """A PDF with 8 tags per A4 page, filled row by row from the top left."""
    register_fonts()
    out = io.BytesIO()
    c = pdf_canvas.Canvas(out, pagesize=A4, pageCompression=1 if compress else 0)
    c.setTitle(event_title or "Name tags")
    c.setCreator("Bintek")
    _sheet_background(c)
    if not tags:
        c.doForm("tag-sheet")
        c.showPage()
    for start in range(0, len(tags), PER_PAGE):
        c.doForm("tag-sheet")
        for slot, tag in enumerate(tags[start : start + PER_PAGE]):
            col, row = slot % COLUMNS, slot // COLUMNS
            _draw_tag(c, tag, col * TAG_W, PAGE_H - (row + 1) * TAG_H, event_title)
        c.showPage()
    c.save()
    return out.getvalue()
