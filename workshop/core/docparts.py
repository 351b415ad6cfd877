"""Parts that several PDF documents build the same way: the page (A4 and its margins, the width
between them, the PDF of a story on it) and the "label : value" rows of a letter, a receipt or a
notula. The house fonts must be registered (core.pdf.register_fonts) before a story's paragraphs
are made."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as turned
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from workshop.core.pdf import FONT_BOLD, build_pdf, escape, no_decoration, page_number

COLON_WIDTH = 4 * mm


@dataclass(frozen=True)
class Page:
    """An A4 page, portrait or landscape, with its margins."""

    left: float
    right: float
    top: float
    bottom: float
    landscape: bool = False

    @property
    def size(self) -> tuple[float, float]:
        return turned(A4) if self.landscape else A4

    @property
    def width(self) -> float:
        """Between the side margins: what a story's tables may take."""
        return self.size[0] - self.left - self.right

    def pdf(self, story: list, *, numbered: bool = True, **properties) -> bytes:
        """The PDF of ``story`` on pages like this one, with the page number in the corner unless
        ``numbered`` is false, and the document properties (core.pdf.metadata: title, author,
        subject)."""
        decoration = page_number if numbered else no_decoration
        return build_pdf(
            story,
            pagesize=self.size,
            margins=(self.left, self.right, self.top, self.bottom),
            first_page=decoration,
            later_pages=decoration,
            **properties,
        )


def fields_table(
    rows, style, width: float, label_width: float, *, top: float = 0, bottom: float = 1, right: float = 2
) -> Table:
    """``(label, value)`` rows as "label : value", the colon in a narrow column of its own and the
    labels flush with the left margin; a row without a label is a small gap (between the
    sessions of a letter). ``top``, ``bottom`` and ``right``: the cells' padding."""
    data = [
        [Paragraph(escape(label), style), Paragraph(":", style), Paragraph(escape(value), style)]
        if label
        else [Spacer(1, 3 * mm), "", ""]
        for label, value in rows
    ]
    table = Table(data, colWidths=[label_width, COLON_WIDTH, width - label_width - COLON_WIDTH])
    table.setStyle(plain_style(top=top, bottom=bottom, right=right))
    return table


def plain_style(*, top: float = 0, bottom: float = 1, right: float = 2) -> TableStyle:
    """A table without lines that only places things: the cells' tops aligned, no padding on the
    left (the text stands on the margin), ``top``, ``bottom`` and ``right`` padding."""
    return TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), right),
            ("TOPPADDING", (0, 0), (-1, -1), top),
            ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
        ]
    )


def centred(
    name: str, parent: ParagraphStyle, size: float, leading: float, *, bold: bool = False, **more
) -> ParagraphStyle:
    """A centred paragraph style (a document's title and the lines under it, a table's column
    headings) of ``size`` on ``leading``, in the bold house font when ``bold``."""
    return ParagraphStyle(
        name,
        parent=parent,
        fontName=FONT_BOLD if bold else parent.fontName,
        fontSize=size,
        leading=leading,
        alignment=TA_CENTER,
        **more,
    )
