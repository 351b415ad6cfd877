"""Parts that several PDF documents build the same way (the SPJ, the notula, the letters, the RTL
monitoring report): the page (A4 and its margins, the width between them, the PDF of a story on
it), the "label : value" rows of a letter, a kuitansi or a notula, and the centred styles of a
title. Tables in general: core/tables.py. The house fonts must be registered
(core.pdf.register_fonts) before a story's paragraphs are made."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as turned
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from workshop.core.pdf import FONT_BOLD, build_pdf, escape, no_decoration, page_number
from workshop.core.tables import plain_table

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
    widths = [label_width, COLON_WIDTH, width - label_width - COLON_WIDTH]
    return plain_table(data, widths, style=cell_padding(top=top, bottom=bottom, right=right))


def cell_padding(*, top: float, bottom: float, right: float) -> list[tuple]:
    """Style commands: every cell's ``top``, ``bottom`` and ``right`` padding, in points."""
    return [
        ("RIGHTPADDING", (0, 0), (-1, -1), right),
        ("TOPPADDING", (0, 0), (-1, -1), top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
    ]


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
