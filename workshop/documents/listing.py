"""Two plain A4 documents of the evidence bundle: the programme (susunan acara) and the index of
the bundle (daftar isi). Pure rendering: headings and rows of texts in, PDF bytes out."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from workshop.core.pdf import (
    FONT,
    FONT_BOLD,
    build_pdf,
    escape,
    register_fonts,
)
from workshop.documents import fitting


def render_table(
    title: str,
    subtitle: list[str],
    headers: list[str],
    rows: list[list[str]],
    widths_mm: list[float],
    note: str = "",
    author: str = "",
    subject: str = "",
) -> bytes:
    """A titled table that repeats its header row on every page. ``author``: the issuing body,
    ``subject``: the event (the PDF's properties)."""
    register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=11.5)
    head = ParagraphStyle(
        "head", parent=base, fontName=FONT_BOLD, fontSize=14, leading=18, alignment=TA_CENTER
    )
    centre = ParagraphStyle("centre", parent=base, alignment=TA_CENTER)
    bold = ParagraphStyle("bold", parent=base, fontName=FONT_BOLD)
    story = [Paragraph(escape(title), head)] + [Paragraph(escape(line), centre) for line in subtitle]
    story.append(Spacer(0, 5 * mm))
    pad = 12  # reportlab's default cell padding, left and right
    widths = [w * mm * (A4[0] - 30 * mm) / (sum(widths_mm) * mm) for w in widths_mm]
    columns = [[(h, FONT_BOLD, bold.fontSize)] for h in headers]
    for row in rows:
        for c, cell in enumerate(row):
            columns[c].append((cell, FONT, base.fontSize))
    widths = fitting.fit_widths(columns, widths, pad)  # no word broken inside a cell

    def para(text: str, style, column: int) -> Paragraph:
        return Paragraph(
            escape(text).replace("\n", "<br/>"), fitting.cell_style(style, text, widths[column], pad)
        )

    data = [[para(h, bold, c) for c, h in enumerate(headers)]]
    data += [[para(cell, base, c) for c, cell in enumerate(row)] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
            ]
        )
    )
    story.append(table)
    if note:
        story += [Spacer(0, 4 * mm), Paragraph(escape(note), base)]
    return build_pdf(
        story,
        pagesize=A4,
        margins=(15 * mm, 15 * mm, 15 * mm, 15 * mm),
        title=title,
        author=author,
        subject=subject,
    )
