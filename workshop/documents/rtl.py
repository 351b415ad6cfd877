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
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from workshop.core.pdf import FONT, FONT_BOLD, page_number, register_fonts
from workshop.core.pdf import escape as _esc
from workshop.core.text import xml_safe

PAGE = landscape(A4)
MARGIN = 12 * mm
# Column widths in mm for: no, the 12 RTL columns of DESIGN.md §3 (budget right-aligned).
WIDTHS_MM = [8, 28, 22, 18, 27, 19, 16, 20, 17, 15, 20, 22, 17]


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


# ---- PDF ---------------------------------------------------------------------------------------------


def render_pdf(doc_data: RtlDocument) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=f"{doc_data.title} · {doc_data.event_title}",
    )
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=12)
    cell = ParagraphStyle("cell", parent=base, fontSize=6.8, leading=8.2)
    cell_head = ParagraphStyle("cellhead", parent=cell, fontName=FONT_BOLD, alignment=TA_CENTER)
    cell_right = ParagraphStyle("cellright", parent=cell, alignment=2)
    title = ParagraphStyle(
        "title", parent=base, fontName=FONT_BOLD, fontSize=14, leading=18, alignment=TA_CENTER
    )
    centre = ParagraphStyle("centre", parent=base, alignment=TA_CENTER)
    h2 = ParagraphStyle(
        "h2", parent=base, fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=4, spaceAfter=4
    )
    h3 = ParagraphStyle("h3", parent=base, fontName=FONT_BOLD, spaceBefore=4)
    widths = [w * mm for w in WIDTHS_MM]
    scale = (PAGE[0] - 2 * MARGIN) / sum(widths)
    widths = [w * scale for w in widths]

    story: list = []
    if doc_data.cover:
        story += [
            Spacer(0, 45 * mm),
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
        story += [
            Paragraph(_esc(doc_data.title), title),
            Paragraph(_esc(doc_data.event_title), centre),
            Spacer(0, 3 * mm),
            Paragraph(_esc(group.name), h2),
        ]
        facts = Table(
            [
                [Paragraph(f"<b>{_esc(label)}</b>", base), Paragraph(_esc(value), base)]
                for label, value in group.facts
            ],
            colWidths=[45 * mm, PAGE[0] - 2 * MARGIN - 45 * mm],
            hAlign="LEFT",
        )
        facts.setStyle(
            TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
        )
        story.append(facts)
        for heading, text in group.notes:
            story.append(Paragraph(_esc(heading), h3))
            paragraphs = [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]
            if not paragraphs:
                story.append(Paragraph(f"<i>{_esc(doc_data.empty_notes)}</i>", base))
            story += [Paragraph(_esc(p).replace("\n", "<br/>"), base) for p in paragraphs]
        story.append(Spacer(0, 3 * mm))
        data = [[Paragraph(_esc(h), cell_head) for h in doc_data.headers]]
        for number, row in enumerate(group.rows, start=1):
            cells = [Paragraph(str(number), cell)]
            for column, value in enumerate(row):
                style = cell_right if column == 9 else cell  # the budget
                cells.append(Paragraph(_esc(value).replace("\n", "<br/>"), style))
            data.append(cells)
        styles = [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ]
        if not group.rows:
            data.append([Paragraph(f"<i>{_esc(doc_data.empty_rows)}</i>", cell)] + [""] * (len(widths) - 1))
            styles.append(("SPAN", (0, 1), (-1, 1)))
        data.append(
            [""] * 9
            + [
                Paragraph(f"<b>{_esc(doc_data.total_label)}</b>", cell),
                Paragraph(f"<b>{_esc(group.total)}</b>", cell_right),
                "",
                "",
            ]
        )
        styles += [
            ("SPAN", (0, len(data) - 1), (8, len(data) - 1)),
            ("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1), colors.Color(0.96, 0.96, 0.96)),
        ]
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(styles))
        story.append(table)
        story.append(Spacer(0, 6 * mm))
        sign = [
            [
                Paragraph(_esc(doc_data.place_and_date), base) if i == len(group.signatures) - 1 else ""
                for i in range(len(group.signatures))
            ],
            [Paragraph(_esc(role), base) for role, _name in group.signatures],
            [Spacer(0, 14 * mm) for _ in group.signatures],
            [
                Paragraph(f"<b>{_esc(name) or '(' + '.' * 36 + ')'}</b>", base)
                for _role, name in group.signatures
            ],
        ]
        block = Table(sign, colWidths=[80 * mm] * len(group.signatures), hAlign="CENTER")
        story.append(KeepTogether([block]))

    if doc_data.summary:
        story += [PageBreak(), Paragraph(_esc(doc_data.summary_title), h2)]
        n = len(doc_data.summary_headers)
        first = 70 * mm
        rest = (PAGE[0] - 2 * MARGIN - first) / max(1, n - 1)
        data = [[Paragraph(_esc(h), cell_head) for h in doc_data.summary_headers]]
        data += [
            [Paragraph(_esc(v), cell if i == 0 else cell_right) for i, v in enumerate(row)]
            for row in doc_data.summary
        ]
        table = Table(data, colWidths=[first] + [rest] * (n - 1), repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
                    ("BACKGROUND", (0, -1), (-1, -1), colors.Color(0.96, 0.96, 0.96)),
                ]
            )
        )
        story.append(table)
    doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue()


# ---- Word -------------------------------------------------------------------------------------------


def render_docx(doc_data: RtlDocument) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(9)

    def centred(text: str, bold: bool = False, size: float | None = None):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(_clean(text))
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        return paragraph

    def page_break():
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def repeat_header(row) -> None:
        properties = row._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        properties.append(header)

    def small(cell, text: str, bold: bool = False, right: bool = False) -> None:
        cell.text = ""
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(_clean(text))
        run.font.size = Pt(7)
        run.bold = bold
        if right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    if doc_data.cover:
        for _ in range(6):
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
        repeat_header(table.rows[0])
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
        for row in table.rows:
            for column, width in enumerate(WIDTHS_MM):
                row.cells[column].width = Mm(width)
        document.add_paragraph()
        signatures = document.add_table(rows=3, cols=len(group.signatures))
        signatures.alignment = WD_TABLE_ALIGNMENT.CENTER
        for column, (role, name) in enumerate(group.signatures):
            if column == len(group.signatures) - 1:
                signatures.rows[0].cells[column].text = _clean(doc_data.place_and_date)
            signatures.rows[1].cells[column].text = _clean(role) + "\n\n\n\n"
            signatures.rows[2].cells[column].text = _clean(name) or "(" + "." * 36 + ")"

    if doc_data.summary:
        page_break()
        document.add_heading(_clean(doc_data.summary_title), level=2)
        table = document.add_table(rows=1, cols=len(doc_data.summary_headers))
        table.style = "Table Grid"
        for column, header in enumerate(doc_data.summary_headers):
            small(table.rows[0].cells[column], header, bold=True)
        repeat_header(table.rows[0])
        for values in doc_data.summary:
            cells = table.add_row().cells
            for column, value in enumerate(values):
                small(cells[column], value, right=column > 0)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _clean(text: str) -> str:
    """Word refuses what XML cannot hold (a pasted NUL, form feed or U+FFFF would break the file)."""
    return xml_safe(text).replace("\r", "")
