"""The laporan kegiatan (activity report) as an A4 PDF: introduction written by the organiser,
the programme, attendance with charts, the groups' results, closing notes and photos. Pure
rendering: takes a ``Report`` of plain texts and numbers, returns bytes."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Image,
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

WIDTH = A4[0] - 36 * mm


@dataclass
class Chart:
    title: str
    rows: list[tuple[str, float]]  # label, value
    unit: str = ""  # "%" or ""


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
class Report:
    heading: str
    event_title: str
    organiser: str
    when_where: str
    sections: list[tuple[str, str]]  # (heading, organiser's text) — introduction
    programme_heading: str
    programme_headers: list[str]
    programme: list[list[str]]
    attendance_heading: str
    attendance_text: str
    attendance_headers: list[str]
    attendance: list[list[str]]
    charts: list[Chart]
    groups_heading: str
    groups: list[GroupResult]
    closing_heading: str
    closing: str
    photos_heading: str
    photos: list[Photo]
    empty: str  # "(not filled in)"


def _paragraphs(text: str, style, empty: str) -> list:
    parts = [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]
    if not parts:
        return [Paragraph(f"<i>{_esc(empty)}</i>", style)]
    return [Paragraph(_esc(p).replace("\n", "<br/>"), style) for p in parts]


def _chart(chart: Chart) -> Drawing:
    rows = chart.rows[:15] or [("—", 0)]
    bar = 5 * mm
    height = len(rows) * (bar + 2 * mm) + 18 * mm
    drawing = Drawing(WIDTH, height)
    drawing.add(String(0, height - 5 * mm, chart.title, fontName=FONT_BOLD, fontSize=9))
    bars = HorizontalBarChart()
    bars.x, bars.y = 62 * mm, 8 * mm
    bars.width, bars.height = WIDTH - 80 * mm, height - 20 * mm
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
    bars.valueAxis.valueMax = 100 if chart.unit == "%" else max(1, top * 1.15)
    bars.bars[0].fillColor = colors.Color(0.18, 0.45, 0.70)
    bars.barLabelFormat = "%d" + chart.unit.replace("%", "%%")
    bars.barLabels.fontName = FONT
    bars.barLabels.fontSize = 7
    bars.barLabels.boxAnchor = "w"
    bars.barLabels.dx = 2
    drawing.add(bars)
    return drawing


def render(report: Report) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"{report.heading} · {report.event_title}",
    )
    base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=14, spaceAfter=4)
    small = ParagraphStyle("small", parent=base, fontSize=8, leading=10, spaceAfter=0)
    h1 = ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20, alignment=TA_CENTER)
    h2 = ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=12, leading=16, spaceBefore=10)
    centre = ParagraphStyle("centre", parent=base, alignment=TA_CENTER)

    story = [
        Paragraph(_esc(report.heading), h1),
        Paragraph(f"<b>{_esc(report.event_title)}</b>", centre),
        Paragraph(_esc(report.organiser), centre),
        Paragraph(_esc(report.when_where), centre),
        Spacer(0, 6 * mm),
    ]
    for heading, text in report.sections:
        story.append(Paragraph(_esc(heading), h2))
        story += _paragraphs(text, base, report.empty)

    def table(headers: list[str], rows: list[list[str]], widths: list[float]) -> Table:
        data = [[Paragraph(f"<b>{_esc(h)}</b>", small) for h in headers]]
        data += [[Paragraph(_esc(cell), small) for cell in row] for row in rows]
        t = Table(data, colWidths=widths, repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return t

    story.append(Paragraph(_esc(report.programme_heading), h2))
    story.append(table(report.programme_headers, report.programme, [34 * mm, 62 * mm, 66 * mm, 12 * mm]))

    story.append(Paragraph(_esc(report.attendance_heading), h2))
    story.append(Paragraph(_esc(report.attendance_text), base))
    if report.attendance:
        story.append(
            table(report.attendance_headers, report.attendance, [30 * mm, 84 * mm, 20 * mm, 20 * mm, 20 * mm])
        )
    for chart in report.charts:
        story += [Spacer(0, 4 * mm), _chart(chart)]

    story.append(Paragraph(_esc(report.groups_heading), h2))
    if not report.groups:
        story.append(Paragraph(f"<i>{_esc(report.empty)}</i>", base))
    for group in report.groups:
        block = [Paragraph(f"<b>{_esc(group.name)}</b>", base)]
        block += [Paragraph(_esc(line), base) for line in group.lines]
        story.append(KeepTogether(block))
        if group.table:
            n = len(group.table_headers)
            story.append(table(group.table_headers, group.table, [WIDTH / n] * n))
        story.append(Spacer(0, 3 * mm))

    story.append(Paragraph(_esc(report.closing_heading), h2))
    story += _paragraphs(report.closing, base, report.empty)

    if report.photos:
        story += [PageBreak(), Paragraph(_esc(report.photos_heading), h2)]
        cells = []
        column = (WIDTH - 6 * mm) / 2
        for photo in report.photos:
            scale = min(column / photo.width, 70 * mm / photo.height)
            image = Image(photo.path, width=photo.width * scale, height=photo.height * scale)
            cells.append([image, Paragraph(_esc(photo.caption), small)])
        rows = [[cells[i], cells[i + 1] if i + 1 < len(cells) else ""] for i in range(0, len(cells), 2)]
        grid = Table(rows, colWidths=[column + 3 * mm] * 2)
        grid.setStyle(
            TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)])
        )
        story.append(grid)
    doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue()
