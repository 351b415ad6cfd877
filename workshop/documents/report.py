"""The laporan kegiatan (activity report) in the structure inspectors expect, as an A4 PDF
(reportlab) and an editable .docx (python-docx), both from one ``Report``:

cover (with the kop) · BAB I Pendahuluan · BAB II Pelaksanaan · BAB III Hasil · BAB IV Penutup ·
the signature block (signing protocol) · lampiran.

A chapter is a list of sections, a section a heading and blocks (text, table, chart, photos).
Pure rendering: plain texts and numbers in, bytes out."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from workshop.core.letterhead import Kop, kop_flowable
from workshop.core.pdf import FONT, FONT_BOLD, build_pdf, no_decoration, register_fonts
from workshop.core.pdf import escape as _esc
from workshop.core.signing import Signing, add_signing_docx, signing_flowable
from workshop.core.tables import grid_table, styled_table
from workshop.documents import fitting, word

LEFT, RIGHT = 30 * mm, 25 * mm  # margins of official documents
WIDTH = A4[0] - LEFT - RIGHT


@dataclass
class Chart:
    title: str
    rows: list[tuple[str, float]]  # label, value
    unit: str = ""  # "%" or ""
    digits: int = 0  # decimals of the bar labels (a Likert mean: 2)
    top: float | None = None  # the value axis' end (5 for a Likert mean); else from the unit


@dataclass
class GroupResult:
    name: str
    lines: list[str]  # e.g. "12 members", "4 RTL rows, total Rp 45.000.000"
    table_headers: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)


@dataclass
class Photo:
    path: str
    caption: str
    width: int
    height: int


@dataclass
class Text:
    text: str  # paragraphs separated by a blank line; "" prints the report's ``empty``
    items: bool = False  # one line per item (dasar hukum: a numbered list)
    plain: bool = False  # no first-line indent, lines kept (facts, not prose)
    bold: bool = False


@dataclass
class TableBlock:
    headers: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative
    total_row: bool = False  # the last row is a total (bold)


@dataclass
class ChartBlock:
    chart: Chart


@dataclass
class PhotosBlock:
    photos: list[Photo]


@dataclass
class Section:
    heading: str  # "A. Latar Belakang"
    blocks: list = field(default_factory=list)


@dataclass
class Chapter:
    heading: str  # "BAB I"
    title: str  # "PENDAHULUAN"
    sections: list[Section] = field(default_factory=list)
    new_page: bool = True


@dataclass
class Report:
    heading: str  # "LAPORAN KEGIATAN"
    event_title: str
    organiser: str  # the issuing body, with its region
    when_where: str
    year: str
    chapters: list[Chapter]
    signing: Signing | None
    appendix_title: str  # "LAMPIRAN"
    appendices: list[Section]
    empty: str  # "(not filled in)"
    kop: Kop | None = None
    author: str = ""

    @property
    def properties(self) -> dict[str, str]:
        """The title, author and subject of both the PDF and the .docx."""
        return dict(
            title=f"{self.heading} · {self.event_title}", author=self.author, subject=self.event_title
        )


# ---- PDF --------------------------------------------------------------------------------------------


def _chart(chart: Chart, width: float = WIDTH) -> Drawing:
    rows = chart.rows[:15] or [("—", 0)]
    bar = 5 * mm
    height = len(rows) * (bar + 2 * mm) + 18 * mm
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 5 * mm, chart.title, fontName=FONT_BOLD, fontSize=9))
    bars = HorizontalBarChart()
    bars.x, bars.y = 62 * mm, 8 * mm
    bars.width, bars.height = width - 74 * mm, height - 20 * mm
    bars.data = [[value for _label, value in reversed(rows)]]
    bars.categoryAxis.categoryNames = [
        label if len(label) <= 44 else label[:42] + "…" for label, _v in reversed(rows)
    ]
    bars.categoryAxis.labels.fontName = FONT
    bars.categoryAxis.labels.fontSize = 7
    bars.categoryAxis.labels.boxAnchor = "e"
    bars.valueAxis.labels.fontName = FONT
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.valueMin = 0
    top = max(value for _label, value in rows)
    bars.valueAxis.valueMax = chart.top or (100 if chart.unit == "%" else max(1, top * 1.15))
    bars.bars[0].fillColor = colors.Color(0.18, 0.45, 0.70)
    bars.barLabelFormat = f"%.{chart.digits}f" + chart.unit.replace("%", "%%")
    bars.barLabels.fontName = FONT
    bars.barLabels.fontSize = 7
    bars.barLabels.boxAnchor = "w"
    bars.barLabels.dx = 2
    drawing.add(bars)
    return drawing


def _paragraph_texts(text: str) -> list[str]:
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]


def _items(text: str) -> list[str]:
    return [line.strip() for line in (text or "").replace("\r\n", "\n").split("\n") if line.strip()]


class _Styles:
    def __init__(self):
        self.base = ParagraphStyle(
            "base", fontName=FONT, fontSize=11, leading=16, spaceAfter=6, alignment=TA_JUSTIFY
        )
        self.indent = ParagraphStyle("indent", parent=self.base, firstLineIndent=10 * mm)
        self.plain = ParagraphStyle("plain", parent=self.base, alignment=0, spaceAfter=3)
        self.item = ParagraphStyle(
            "item", parent=self.base, leftIndent=7 * mm, firstLineIndent=-7 * mm, spaceAfter=2
        )
        self.small = ParagraphStyle(
            "small", parent=self.base, fontSize=8.5, leading=10.5, spaceAfter=0, alignment=0
        )
        self.small_right = ParagraphStyle("smallright", parent=self.small, alignment=2)
        self.small_head = ParagraphStyle("smallhead", parent=self.small, fontName=FONT_BOLD)
        self.caption = ParagraphStyle("caption", parent=self.small, alignment=TA_CENTER)
        self.chapter = ParagraphStyle(
            "chapter", parent=self.base, fontName=FONT_BOLD, fontSize=13, leading=18, alignment=TA_CENTER
        )
        self.section = ParagraphStyle(
            "section", parent=self.base, fontName=FONT_BOLD, spaceBefore=8, spaceAfter=4, alignment=0
        )
        self.cover_title = ParagraphStyle(
            "covertitle", parent=self.chapter, fontSize=20, leading=26, spaceAfter=10
        )
        self.centre = ParagraphStyle("centre", parent=self.base, alignment=TA_CENTER)


def _pdf_table(block: TableBlock, styles: _Styles) -> Table:
    pad = 6
    widths = [w * WIDTH / sum(block.widths) for w in block.widths]
    columns = [[(h, FONT_BOLD, 8.5)] for h in block.headers]
    for row in block.rows:
        for c, value in enumerate(row):
            columns[c].append((value, FONT, 8.5))
    widths = fitting.fit_widths(columns, widths, pad)

    def para(text, style, column):
        return Paragraph(
            _esc(text).replace("\n", "<br/>"), fitting.cell_style(style, text, widths[column], pad)
        )

    numeric = [
        all(_looks_numeric(r[c]) for r in block.rows if r[c]) and block.rows for c in range(len(widths))
    ]
    data = [[para(h, styles.small_head, c) for c, h in enumerate(block.headers)]]
    for r, row in enumerate(block.rows):
        bold = block.total_row and r == len(block.rows) - 1
        data.append(
            [
                para(
                    value,
                    styles.small_head if bold else (styles.small_right if numeric[c] else styles.small),
                    c,
                )
                for c, value in enumerate(row)
            ]
        )
    return grid_table(data, widths, padding=pad / 2)


def _looks_numeric(text: str) -> bool:
    stripped = text.replace(".", "").replace("%", "").replace("Rp", "").replace(" ", "")
    return stripped.isdigit()


def _pdf_blocks(blocks: list, styles: _Styles, empty: str) -> list:
    story: list = []
    for block in blocks:
        if isinstance(block, Text):
            if block.items:
                items = _items(block.text)
                if not items:
                    story.append(Paragraph(f"<i>{_esc(empty)}</i>", styles.base))
                for number, item in enumerate(items, start=1):
                    story.append(Paragraph(f"{number}.&nbsp;&nbsp;{_esc(item)}", styles.item))
                continue
            parts = _paragraph_texts(block.text)
            if not parts:
                story.append(Paragraph(f"<i>{_esc(empty)}</i>", styles.base))
            style = styles.plain if block.plain or block.bold else styles.indent
            story += [
                Paragraph(f"<b>{_esc(p)}</b>" if block.bold else _esc(p).replace("\n", "<br/>"), style)
                for p in parts
            ]
        elif isinstance(block, TableBlock):
            story += [_pdf_table(block, styles), Spacer(0, 4 * mm)]
        elif isinstance(block, ChartBlock):
            story += [Spacer(0, 2 * mm), _chart(block.chart)]
        elif isinstance(block, PhotosBlock):
            cells = []
            column = (WIDTH - 6 * mm) / 2
            for photo in block.photos:
                scale = min(column / photo.width, 65 * mm / photo.height)
                image = Image(photo.path, width=photo.width * scale, height=photo.height * scale)
                cells.append([image, Paragraph(_esc(photo.caption), styles.caption)])
            rows = [[cells[i], cells[i + 1] if i + 1 < len(cells) else ""] for i in range(0, len(cells), 2)]
            if rows:
                photo_style = [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ]
                story.append(styled_table(rows, [column + 3 * mm] * 2, photo_style))
            else:
                story.append(Paragraph(f"<i>{_esc(empty)}</i>", styles.base))
    return story


def render_pdf(report: Report) -> bytes:
    register_fonts()
    styles = _Styles()
    story: list = []
    if report.kop is not None:
        story.append(kop_flowable(report.kop, WIDTH))
    story += [
        Spacer(0, 45 * mm),
        Paragraph(_esc(report.heading), styles.cover_title),
        Paragraph(
            f"<b>{_esc(report.event_title)}</b>",
            ParagraphStyle("ct", parent=styles.centre, fontSize=14, leading=19),
        ),
        Spacer(0, 30 * mm),
        Paragraph(_esc(report.when_where), styles.centre),
        Spacer(0, 40 * mm),
        Paragraph(f"<b>{_esc(report.organiser.upper())}</b>", styles.centre),
        Paragraph(f"<b>{_esc(report.year)}</b>", styles.centre),
    ]
    for chapter in report.chapters:
        story.append(PageBreak() if chapter.new_page else Spacer(0, 6 * mm))
        story += [
            Paragraph(_esc(chapter.heading), styles.chapter),
            Paragraph(_esc(chapter.title), styles.chapter),
        ]
        story.append(Spacer(0, 4 * mm))
        for section in chapter.sections:
            heading = Paragraph(_esc(section.heading), styles.section)
            blocks = _pdf_blocks(section.blocks, styles, report.empty)
            story += [CondPageBreak(30 * mm), KeepTogether([heading, *blocks[:1]]), *blocks[1:]]
    if report.signing is not None:
        story.append(signing_flowable(report.signing, WIDTH, size=11, space_before=10 * mm))
    if report.appendices:
        story += [PageBreak(), Paragraph(_esc(report.appendix_title), styles.chapter), Spacer(0, 4 * mm)]
        for index, section in enumerate(report.appendices):
            if index:
                story.append(PageBreak())
            story.append(Paragraph(_esc(section.heading), styles.section))
            story += _pdf_blocks(section.blocks, styles, report.empty)
    return build_pdf(
        story,
        pagesize=A4,
        margins=(LEFT, RIGHT, 20 * mm, 20 * mm),
        first_page=no_decoration,
        **report.properties,
    )


# ---- Word -------------------------------------------------------------------------------------------


def _chart_png(chart: Chart) -> bytes | None:
    try:
        from reportlab.graphics import renderPM

        return renderPM.drawToString(_chart(chart, 150 * mm), fmt="PNG", dpi=150)
    except Exception:  # noqa: BLE001  (no raster backend: the table above the chart says it all)
        return None


def render_docx(report: Report) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from workshop.core.letterhead import add_kop_docx, fixed_widths

    clean = word.clean
    document = Document()
    word.set_up(document, **report.properties)
    word.base_font(document, 11)
    text_width = word.text_width_mm(document)

    def paragraph(text: str = "", bold: bool = False, size: float | None = None, centre: bool = False):
        return word.add_text(document, text, bold, size, centre)

    def page_break():
        word.page_break(document)

    def blocks(items: list) -> None:
        for block in items:
            if isinstance(block, Text):
                texts = _items(block.text) if block.items else _paragraph_texts(block.text)
                if not texts:
                    paragraph(report.empty).runs[0].italic = True
                for number, text in enumerate(texts, start=1):
                    p = paragraph(f"{number}. {text}" if block.items else text, bold=block.bold)
                    if not (block.plain or block.bold):
                        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                    if not (block.items or block.plain or block.bold):
                        p.paragraph_format.first_line_indent = Mm(10)
                    if block.bold:
                        p.paragraph_format.keep_with_next = True
            elif isinstance(block, TableBlock):
                table = document.add_table(rows=1, cols=len(block.headers))
                table.style = "Table Grid"
                table.alignment = WD_TABLE_ALIGNMENT.CENTER
                widths = [Mm(w * text_width / sum(block.widths)) for w in block.widths]
                for c, header in enumerate(block.headers):
                    cell = table.rows[0].cells[c]
                    cell.text = ""
                    run = cell.paragraphs[0].add_run(clean(header))
                    run.bold, run.font.size = True, Pt(9)
                word.repeat_header(table.rows[0])
                for r, values in enumerate(block.rows):
                    cells = table.add_row().cells
                    for c, value in enumerate(values):
                        cells[c].text = ""
                        run = cells[c].paragraphs[0].add_run(clean(value))
                        run.font.size = Pt(9)
                        run.bold = block.total_row and r == len(block.rows) - 1
                fixed_widths(table, widths)  # kept by Word and LibreOffice alike
                paragraph()
            elif isinstance(block, ChartBlock):
                png = _chart_png(block.chart)
                if png:
                    document.add_picture(io.BytesIO(png), width=Mm(min(150, text_width)))
            elif isinstance(block, PhotosBlock):
                if not block.photos:
                    paragraph(report.empty).runs[0].italic = True
                for photo in block.photos:
                    scale = min(120 / photo.width, 90 / photo.height)
                    document.add_picture(photo.path, width=Mm(photo.width * scale))
                    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
                    document.paragraphs[-1].paragraph_format.keep_with_next = True
                    caption = paragraph(photo.caption, size=9, centre=True)
                    caption.runs and setattr(caption.runs[0], "italic", True)

    if report.kop is not None:  # on the cover only, as in the PDF
        add_kop_docx(document.sections[0], report.kop, first_page_only=True)
    for _ in range(5):
        paragraph()
    paragraph(report.heading, bold=True, size=20, centre=True)
    paragraph(report.event_title, bold=True, size=14, centre=True)
    for _ in range(4):
        paragraph()
    paragraph(report.when_where, centre=True)
    for _ in range(5):
        paragraph()
    paragraph(report.organiser.upper(), bold=True, centre=True)
    paragraph(report.year, bold=True, centre=True)
    for chapter in report.chapters:
        if chapter.new_page:
            page_break()
        paragraph(chapter.heading, bold=True, size=13, centre=True).paragraph_format.keep_with_next = True
        paragraph(chapter.title, bold=True, size=13, centre=True).paragraph_format.keep_with_next = True
        for section in chapter.sections:
            paragraph(section.heading, bold=True).paragraph_format.keep_with_next = True
            blocks(section.blocks)
    if report.signing is not None:
        paragraph().paragraph_format.keep_with_next = True
        add_signing_docx(document, report.signing)
    if report.appendices:
        page_break()
        paragraph(report.appendix_title, bold=True, size=13, centre=True)
        for index, section in enumerate(report.appendices):
            if index:
                page_break()
            paragraph(section.heading, bold=True).paragraph_format.keep_with_next = True
            blocks(section.blocks)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
