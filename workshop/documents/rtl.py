"""RTL documents (rencana tindak lanjut, the groups' follow-up action plans): per group or
compiled for the whole event, as an A4 landscape PDF (reportlab) and an editable .docx
(python-docx). Pure rendering: a ``RtlDocument`` of plain texts in, bytes out. Tables that run
over a page repeat their header row in both formats."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer

from workshop.core.letterhead import Kop, kop_flowable
from workshop.core.pdf import FONT, FONT_BOLD, build_pdf, register_fonts
from workshop.core.pdf import escape as _esc
from workshop.core.signing import Signer, Signing, add_signing_docx, signing_flowable
from workshop.core.tables import grid_table, plain_table
from workshop.documents import fitting, word

PAGE = landscape(A4)
MARGIN = 12 * mm
# Column widths in mm for: no, the 12 RTL columns of DESIGN.md §3 (budget right-aligned).
WIDTHS_MM = [8, 28, 22, 18, 27, 19, 16, 20, 17, 15, 20, 22, 17]
# The RTL tables' grid: black lines, a darker header row; the total row shaded lighter.
GRID = {"line": colors.black, "shade": colors.Color(0.9, 0.9, 0.9)}
TOTAL_SHADE = colors.Color(0.96, 0.96, 0.96)


@dataclass
class Adoption:
    """The lembar pengesahan (adoption page) of a group's RTL adopted in the plenary."""

    title: str  # "LEMBAR PENGESAHAN"
    text: str  # "Rencana Tindak Lanjut (RTL) Kelompok … ditetapkan dalam sidang pleno pada …"
    place_and_date: str  # "Kota Serang, 19 November 2026"
    left: tuple[str, str]  # (role, name): the facilitator
    right: tuple[str, str]  # (role, name): the group's chair, under place and date


@dataclass
class RtlGroup:
    name: str  # "Kelompok I – Klaster I: Hak Sipil dan Kebebasan"
    facts: list[tuple[str, str]]  # (label, value): facilitator(s), members, status
    notes: list[tuple[str, str]]  # (heading, text): issues found, discussion summary, agreements
    rows: list[list[str]]  # the RTL columns in order (no number), texts already formatted
    total: str  # "Rp 45.000.000"
    signatures: list[
        tuple[str, str]
    ]  # (role, name) e.g. ("Fasilitator", "Dra. Siti …"), ("Ketua kelompok", "")
    adopted: bool = False
    adoption: Adoption | None = None


@dataclass
class RtlDocument:
    title: str  # "RENCANA TINDAK LANJUT (RTL)"
    event_title: str
    organiser: str
    when_where: str
    headers: list[str]  # "No" + the 12 columns
    total_label: str  # "Jumlah"
    empty_rows: str  # "No RTL rows yet."
    empty_notes: str  # "(not filled in)"
    groups: list[RtlGroup] = field(default_factory=list)
    cover: bool = False  # the compiled document opens with a cover and ends with a summary
    summary_title: str = ""
    summary_headers: list[str] = field(default_factory=list)  # group, rows, per funding source…, total
    summary: list[list[str]] = field(default_factory=list)
    place_and_date: str = ""
    author: str = ""  # the organising body (document properties)
    kop: Kop | None = None  # the letterhead on the first page of each group and on the cover

    @property
    def properties(self) -> dict[str, str]:
        """The title, author and subject of both the PDF and the .docx."""
        return dict(title=f"{self.title} · {self.event_title}", author=self.author, subject=self.event_title)


def _centred(flowable):
    flowable.hAlign = "CENTER"
    return flowable


def _signing(place_and_date: str, left: tuple[str, str], right: tuple[str, str]) -> Signing:
    """Facilitator on the left, the chair on the right under place and date (signing protocol)."""
    blank = "(" + "." * 40 + ")"
    return Signing(
        place_and_date=place_and_date,
        issuer=Signer(right[0], right[1] or blank),
        second=Signer(left[0], left[1] or blank, lead=" "),
    )


# ---- PDF ---------------------------------------------------------------------------------------------


def _rtl_table(doc_data: RtlDocument, group: RtlGroup, widths: list[float], cell, cell_head, cell_right):
    """The RTL table with no word broken inside a cell (see fitting.py)."""
    pad = 4  # left + right padding in points
    columns: list[list[tuple[str, str, float]]] = [
        [(h, cell_head.fontName, cell_head.fontSize)] for h in doc_data.headers
    ]
    for number, row in enumerate(group.rows, start=1):
        columns[0].append((str(number), cell.fontName, cell.fontSize))
        for column, value in enumerate(row, start=1):
            columns[column].append((value, cell.fontName, cell.fontSize))
    columns[10].append((group.total, FONT_BOLD, cell.fontSize))
    widths = fitting.fit_widths(columns, widths, pad)

    def para(text: str, style, column: int, markup: str = "") -> Paragraph:
        fitted = fitting.cell_style(style, text, widths[column], pad)
        body = _esc(text).replace("\n", "<br/>")
        return Paragraph(f"<{markup}>{body}</{markup}>" if markup else body, fitted)

    data = [[para(h, cell_head, c) for c, h in enumerate(doc_data.headers)]]
    for number, row in enumerate(group.rows, start=1):
        cells = [para(str(number), cell, 0)]
        for column, value in enumerate(row, start=1):
            cells.append(para(value, cell_right if column == 10 else cell, column))  # 10: the budget
        data.append(cells)
    styles = []
    if not group.rows:
        data.append([Paragraph(f"<i>{_esc(doc_data.empty_rows)}</i>", cell)] + [""] * (len(widths) - 1))
        styles.append(("SPAN", (0, 1), (-1, 1)))
    data.append(
        [""] * 9 + [para(doc_data.total_label, cell, 9, "b"), para(group.total, cell_right, 10, "b"), "", ""]
    )
    styles += [
        ("SPAN", (0, len(data) - 1), (8, len(data) - 1)),
        ("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1), TOTAL_SHADE),
    ]
    return grid_table(data, widths, padding=pad / 2, style=styles, **GRID)


def render_pdf(doc_data: RtlDocument) -> bytes:
    register_fonts()
    frame_width = PAGE[0] - 2 * MARGIN
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=12)
    cell = ParagraphStyle("cell", parent=base, fontSize=6.8, leading=8.2, splitLongWords=0)
    cell_head = ParagraphStyle("cellhead", parent=cell, fontName=FONT_BOLD, alignment=TA_CENTER)
    cell_right = ParagraphStyle("cellright", parent=cell, alignment=2)
    title = ParagraphStyle(
        "title", parent=base, fontName=FONT_BOLD, fontSize=14, leading=18, alignment=TA_CENTER
    )
    centre = ParagraphStyle("centre", parent=base, alignment=TA_CENTER)
    body = ParagraphStyle("body", parent=base, fontSize=11, leading=16, alignment=4, firstLineIndent=12 * mm)
    h2 = ParagraphStyle(
        "h2", parent=base, fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=4, spaceAfter=4
    )
    h3 = ParagraphStyle("h3", parent=base, fontName=FONT_BOLD, spaceBefore=4)
    widths = [w * mm for w in WIDTHS_MM]
    scale = frame_width / sum(widths)
    widths = [w * scale for w in widths]

    def kop() -> list:
        return [kop_flowable(doc_data.kop, frame_width)] if doc_data.kop is not None else []

    story: list = []
    if doc_data.cover:
        story += kop() + [
            Spacer(0, 35 * mm),
            Paragraph(_esc(doc_data.title), ParagraphStyle("cover", parent=title, fontSize=22, leading=28)),
            Spacer(0, 8 * mm),
            Paragraph(f"<b>{_esc(doc_data.event_title)}</b>", centre),
            Paragraph(_esc(doc_data.organiser), centre),
            Paragraph(_esc(doc_data.when_where), centre),
            PageBreak(),
        ]

    for index, group in enumerate(doc_data.groups):
        if index:
            story.append(PageBreak())
        story += (kop() if not doc_data.cover else []) + [
            Paragraph(_esc(doc_data.title), title),
            Paragraph(_esc(doc_data.event_title), centre),
            Spacer(0, 3 * mm),
            Paragraph(_esc(group.name), h2),
        ]
        facts = [
            [Paragraph(f"<b>{_esc(label)}</b>", base), Paragraph(_esc(value), base)]
            for label, value in group.facts
        ]
        story.append(plain_table(facts, [45 * mm, frame_width - 45 * mm], hAlign="LEFT"))
        for heading, text in group.notes:
            story.append(Paragraph(_esc(heading), h3))
            paragraphs = [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]
            if not paragraphs:
                story.append(Paragraph(f"<i>{_esc(doc_data.empty_notes)}</i>", base))
            story += [Paragraph(_esc(p).replace("\n", "<br/>"), base) for p in paragraphs]
        story.append(Spacer(0, 3 * mm))
        story.append(_rtl_table(doc_data, group, widths, cell, cell_head, cell_right))
        if group.adoption is None:
            signing = _signing(doc_data.place_and_date, group.signatures[0], group.signatures[1])
            story.append(_centred(signing_flowable(signing, min(frame_width, 200 * mm), size=9)))
        else:  # adopted: the lembar pengesahan is where the facilitator and the chair sign
            adoption = group.adoption
            story += [
                PageBreak(),
                *kop(),
                Spacer(0, 10 * mm),
                Paragraph(_esc(adoption.title), title),
                Paragraph(_esc(group.name), centre),
                Spacer(0, 10 * mm),
                Paragraph(_esc(adoption.text), body),
                Spacer(0, 10 * mm),
                _centred(
                    signing_flowable(
                        _signing(adoption.place_and_date, adoption.left, adoption.right),
                        min(frame_width, 200 * mm),
                        size=11,
                    )
                ),
            ]

    if doc_data.summary:
        story += [PageBreak(), Paragraph(_esc(doc_data.summary_title), h2)]
        n = len(doc_data.summary_headers)
        first = 70 * mm
        rest = (frame_width - first) / max(1, n - 1)
        data = [[Paragraph(_esc(h), cell_head) for h in doc_data.summary_headers]]
        data += [
            [Paragraph(_esc(v), cell if i == 0 else cell_right) for i, v in enumerate(row)]
            for row in doc_data.summary
        ]
        total_row = [("BACKGROUND", (0, -1), (-1, -1), TOTAL_SHADE)]
        story.append(grid_table(data, [first] + [rest] * (n - 1), style=total_row, **GRID))
    return build_pdf(
        story,
        pagesize=PAGE,
        margins=(MARGIN, MARGIN, 12 * mm, 14 * mm),
        **doc_data.properties,
    )


# ---- Word -------------------------------------------------------------------------------------------


def render_docx(doc_data: RtlDocument) -> bytes:
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from workshop.core.letterhead import add_kop_docx, fixed_widths

    document = Document()
    word.set_up(document, **doc_data.properties, landscape=True)
    if doc_data.kop is not None:
        # As in the PDF: the kop on the first page and on each lembar pengesahan (the first page
        # of a section of its own, below), not on the pages of the tables; every page numbered.
        add_kop_docx(document.sections[0], doc_data.kop, first_page_only=True)
        word.add_page_numbers(document.sections[0], first_page=True)
    word.base_font(document, 9)
    text_width = word.text_width_mm(document)
    widths_mm = [w * text_width / sum(WIDTHS_MM) for w in WIDTHS_MM]

    def centred(text: str, bold: bool = False, size: float | None = None):
        return word.add_text(document, text, bold, size, centre=True)

    def page_break():
        word.page_break(document)

    def small(cell, text: str, bold: bool = False, right: bool = False) -> None:
        cell.text = ""
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(_clean(text))
        run.font.size = Pt(7)
        run.bold = bold
        if right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    if doc_data.cover:
        for _ in range(4):
            document.add_paragraph()
        centred(doc_data.title, bold=True, size=22)
        centred(doc_data.event_title, bold=True, size=12)
        centred(doc_data.organiser)
        centred(doc_data.when_where)
        page_break()

    for index, group in enumerate(doc_data.groups):
        if index:
            page_break()
        centred(doc_data.title, bold=True, size=14)
        centred(doc_data.event_title)
        document.add_heading(_clean(group.name), level=2)
        for label, value in group.facts:
            paragraph = document.add_paragraph()
            paragraph.add_run(_clean(label) + ": ").bold = True
            paragraph.add_run(_clean(value))
        for heading, text in group.notes:
            document.add_heading(_clean(heading), level=3)
            paragraphs = [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]
            if not paragraphs:
                document.add_paragraph(_clean(doc_data.empty_notes)).runs[0].italic = True
            for p in paragraphs:
                document.add_paragraph(_clean(p))
        table = document.add_table(rows=1, cols=len(doc_data.headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for column, header in enumerate(doc_data.headers):
            small(table.rows[0].cells[column], header, bold=True)
        word.repeat_header(table.rows[0])
        for number, values in enumerate(group.rows, start=1):
            cells = table.add_row().cells
            small(cells[0], str(number))
            for column, value in enumerate(values, start=1):
                small(cells[column], value, right=(column == 10))
        if not group.rows:
            cells = table.add_row().cells
            merged = cells[0].merge(cells[-1])
            small(merged, doc_data.empty_rows)
        cells = table.add_row().cells
        small(cells[9], doc_data.total_label, bold=True)
        small(cells[10], group.total, bold=True, right=True)
        fixed_widths(table, [Mm(w) for w in widths_mm])  # kept by Word and LibreOffice alike
        if group.adoption is None:
            document.add_paragraph().paragraph_format.keep_with_next = True
            add_signing_docx(document, _signing(doc_data.place_and_date, *group.signatures[:2]), size=9)
        else:  # adopted: signed on the lembar pengesahan
            adoption = group.adoption
            # A new section (python-docx copies the last one's layout and "different first page",
            # its headers and footers linked to it): this page shows the kop, the next do not.
            document.add_section(WD_SECTION.NEW_PAGE)
            for _ in range(2):
                document.add_paragraph()
            centred(adoption.title, bold=True, size=14)
            centred(group.name, bold=True)
            document.add_paragraph()
            paragraph = document.add_paragraph(_clean(adoption.text))
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.runs[0].font.size = Pt(11)
            document.add_paragraph()
            add_signing_docx(document, _signing(adoption.place_and_date, adoption.left, adoption.right))

    if doc_data.summary:
        page_break()
        document.add_heading(_clean(doc_data.summary_title), level=2)
        table = document.add_table(rows=1, cols=len(doc_data.summary_headers))
        table.style = "Table Grid"
        for column, header in enumerate(doc_data.summary_headers):
            small(table.rows[0].cells[column], header, bold=True)
        word.repeat_header(table.rows[0])
        for values in doc_data.summary:
            cells = table.add_row().cells
            for column, value in enumerate(values):
                small(cells[column], value, right=column > 0)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_clean = word.clean
