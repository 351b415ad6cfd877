"""The letterhead (kop surat) of official documents: a logo on the left, up to four centred
lines (PEMERINTAH KOTA SERANG / the agency / address and phone / e-mail and website) and a double
rule under them. One description (``Kop``), three renderers:

- ``draw_kop(canvas, kop, x, width, top)`` draws on a reportlab canvas and returns the y below
  the rule (for documents drawn directly on the canvas);
- ``kop_flowable(kop, width)`` is the same as a platypus flowable (first item of a story);
- ``add_kop_docx(section, kop)`` writes it into the header of a python-docx section.

Pure rendering: plain values in (the logo as PNG/JPEG bytes, already checked and re-encoded by
the module that stores it), nothing read from the database."""

from __future__ import annotations

import hashlib
import io
import threading
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from workshop.core.pdf import FONT, FONT_BOLD, register_fonts

MAX_LINES = 4
LOGO_SIZE = 22 * mm
# (font, size) of lines 1-4: the government, the agency (largest), then the contact lines.
LINE_STYLES = ((FONT_BOLD, 12.5), (FONT_BOLD, 14.5), (FONT, 8.5), (FONT, 8.5))
MIN_SIZE = 6.5
RULE_GAP = 3  # points between the text (or logo) and the rule
# The DOCX kop's font: on every Windows, and metric-compatible Liberation Sans in LibreOffice;
# narrower than DejaVu Sans, whose metrics fit the sizes, so a line never wraps there.
DOCX_FONT = "Arial"


def _logo_reader(logo: bytes) -> ImageReader:
    """The logo as a JPEG on white, made once per logo: reportlab embeds a JPEG as it is, while a
    PNG with transparency is decoded and split into colour and mask in every document (most of a
    daftar hadir's time). Documents are printed on white, so nothing visible is lost."""
    key = hashlib.sha256(logo).hexdigest()
    with _lock:
        cached = _JPEGS.get(key)
    if cached is None:
        from PIL import Image

        with Image.open(io.BytesIO(logo)) as image:
            image = image.convert("RGBA")
            white = Image.new("RGBA", image.size, (255, 255, 255, 255))
            white.alpha_composite(image)
            out = io.BytesIO()
            white.convert("RGB").save(out, "JPEG", quality=92)
        cached = out.getvalue()
        with _lock:
            _JPEGS[key] = cached
            while len(_JPEGS) > 16:
                _JPEGS.pop(next(iter(_JPEGS)))
    return ImageReader(io.BytesIO(cached))


_JPEGS: dict[str, bytes] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Kop:
    """What a letterhead says. ``lines``: up to four, top to bottom, empty ones dropped;
    ``logo``: image bytes (PNG keeps its transparency) or None."""

    lines: tuple[str, ...]
    logo: bytes | None = None

    def __post_init__(self):
        object.__setattr__(
            self, "lines", tuple(line.strip() for line in self.lines if line and line.strip())[:4]
        )

    @property
    def is_empty(self) -> bool:
        return not self.lines and not self.logo


def _styles(kop: Kop) -> list[tuple[str, float]]:
    """The style of each line: government, agency (largest), contact lines; a single line is
    set as the agency."""
    if len(kop.lines) == 1:
        return [LINE_STYLES[1]]
    return list(LINE_STYLES[: len(kop.lines)])


def _fitted(kop: Kop, text_width: float) -> list[tuple[str, str, float]]:
    """(text, font, size) per line, each shrunk to fit on one line."""
    result = []
    for text, (font, size) in zip(kop.lines, _styles(kop)):
        width = stringWidth(text, font, size)
        if width > text_width:
            size = max(MIN_SIZE, int(size * text_width / width * 4) / 4)
        result.append((text, font, size))
    return result


def _text_height(fitted) -> float:
    return sum(size * 1.22 for _text, _font, size in fitted)


def kop_height(kop: Kop, width: float) -> float:
    """Points the letterhead takes from its top to just below its rule."""
    if kop.is_empty:
        return 0
    text = _text_height(_fitted(kop, _text_width(kop, width)))
    return max(text, LOGO_SIZE if kop.logo else 0) + RULE_GAP + 4


def _text_width(kop: Kop, width: float) -> float:
    # The lines are centred on the page, clear of the logo on both sides.
    return width - 2 * (LOGO_SIZE + 3 * mm) if kop.logo else width


def draw_kop(canvas, kop: Kop, x: float, width: float, top: float) -> float:
    """Draw the letterhead between ``x`` and ``x + width`` from ``top`` down; returns the y just
    below the rule (leave a few points before the title)."""
    if kop.is_empty:
        return top
    register_fonts()
    height = kop_height(kop, width)
    body = height - RULE_GAP - 4  # logo / text block
    canvas.saveState()
    if kop.logo:
        canvas.drawImage(
            _logo_reader(kop.logo),
            x,
            top - body + (body - LOGO_SIZE) / 2,
            LOGO_SIZE,
            LOGO_SIZE,
            preserveAspectRatio=True,
            anchor="c",
        )
    fitted = _fitted(kop, _text_width(kop, width))
    y = top - (body - _text_height(fitted)) / 2
    centre = x + width / 2
    for text, font, size in fitted:
        y -= size * 1.22
        canvas.setFont(font, size)
        canvas.drawCentredString(centre, y + size * 0.25, text)
    rule = top - body - RULE_GAP
    canvas.setLineWidth(2.2)
    canvas.line(x, rule, x + width, rule)
    canvas.setLineWidth(0.6)
    canvas.line(x, rule - 2.6, x + width, rule - 2.6)
    canvas.restoreState()
    return top - height


class KopFlowable(Flowable):
    """The letterhead as a platypus flowable, ``width`` wide (usually the frame's width)."""

    def __init__(self, kop: Kop, width: float, space_after: float = 4 * mm):
        super().__init__()
        self.kop = kop
        self.kop_width = width
        self.spaceAfter = space_after

    def wrap(self, available_width, available_height):
        self.width = self.kop_width
        self.height = kop_height(self.kop, self.kop_width)
        return self.width, self.height

    def draw(self):
        draw_kop(self.canv, self.kop, 0, self.kop_width, self.height)


def kop_flowable(kop: Kop, width: float, space_after: float = 4 * mm) -> KopFlowable:
    return KopFlowable(kop, width, space_after)


# ---- python-docx -----------------------------------------------------------------------------------


def _bottom_border(paragraph, size_eighths: int = 18, style: str = "thickThinSmallGap") -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), style)
    bottom.set(qn("w:sz"), str(size_eighths))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    p_pr.append(borders)


def fixed_widths(table, widths) -> None:
    """Column widths Word and LibreOffice both keep: a fixed layout, the grid and every cell."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def add_kop_docx(section, kop: Kop, *, first_page_only: bool = False) -> None:
    """Write the letterhead into the header of ``section`` (a python-docx Section): a borderless
    table (logo | the centred lines | an empty cell as wide as the logo, so the lines are centred
    on the page) and a paragraph whose bottom border is the double rule. ``first_page_only``:
    only the first page carries it (letters), later pages get an empty header."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    if kop.is_empty:
        return
    if first_page_only:
        section.different_first_page_header_footer = True
        header = section.first_page_header
    else:
        header = section.header
    header.is_linked_to_previous = False
    width = section.page_width - section.left_margin - section.right_margin
    logo_width = Cm(2.6)
    table = header.add_table(rows=1, cols=3, width=width)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [logo_width, width - 2 * logo_width, logo_width]
    fixed_widths(table, widths)
    if kop.logo:
        paragraph = table.cell(0, 0).paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run().add_picture(io.BytesIO(kop.logo), height=Cm(2.2))
    text_cell = table.cell(0, 1)
    register_fonts()  # sizes fitted with DejaVu's metrics: wider than Word's fonts, so they fit there
    fitted = _fitted(kop, (width - 2 * logo_width) / 12700 - 6)  # EMU to points
    for index, (text, _font, size) in enumerate(fitted):
        paragraph = text_cell.paragraphs[0] if index == 0 else text_cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.space_before = Pt(0)
        run = paragraph.add_run(text)
        run.bold = _font == FONT_BOLD
        run.font.size = Pt(size)
        run.font.name = DOCX_FONT
    # The header's own first (empty) paragraph stays above the table; the rule goes below it.
    first = header.paragraphs[0]
    first.paragraph_format.space_after = Pt(0)
    rule = header.add_paragraph()
    rule.paragraph_format.space_after = Pt(6)
    _bottom_border(rule)
