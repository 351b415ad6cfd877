"""The daftar hadir (attendance list) of one session as an A4 PDF: printed before the session,
pre-filled and grouped by institution so people sign on the day, and again afterwards with the
electronic check-in times. Pure rendering: takes plain values, returns bytes."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from itertools import groupby

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from workshop.core.pdf import FONT, FONT_BOLD, page_number, register_fonts
from workshop.core.pdf import escape as _esc


@dataclass(frozen=True)
class Row:
    name: str
    nip: str  # formatted, or ""
    position: str
    institution: str  # canonical
    gender: str  # L or P
    checked_in: str = ""  # "08:02 (scan)" once known


@dataclass
class Sheet:
    """Everything printed on one daftar hadir; texts already in the reader's language."""

    title: str  # "DAFTAR HADIR PESERTA"
    event_title: str
    session_title: str
    when: str  # "Jumat, 27 November 2026 · 08:00–10:15 WIB"
    place: str
    headers: list[str]  # no, name, NIP, position / institution, L/P, time, signature
    rows: list[Row] = field(default_factory=list)
    footer_note: str = ""
    signatory_label: str = ""  # "Ketua Panitia"
    signatory_name: str = ""
    signatory_nip: str = ""
    place_and_date: str = ""
    empty_text: str = ""


def render(sheet: Sheet) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=f"{sheet.title} – {sheet.session_title}",
        author=sheet.event_title,
    )
    base = ParagraphStyle("base", fontName=FONT, fontSize=8.5, leading=10.5)
    small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=9)
    head = ParagraphStyle(
        "head", parent=base, fontName=FONT_BOLD, fontSize=13, leading=16, alignment=TA_CENTER
    )
    sub = ParagraphStyle("sub", parent=base, fontSize=9.5, leading=12, alignment=TA_CENTER)
    cell_head = ParagraphStyle(
        "cellhead", parent=base, fontName=FONT_BOLD, fontSize=7.5, leading=9, alignment=TA_CENTER
    )
    group_style = ParagraphStyle("group", parent=base, fontName=FONT_BOLD)

    story = [
        Paragraph(_esc(sheet.title), head),
        Paragraph(_esc(sheet.event_title), sub),
        Paragraph(f"<b>{_esc(sheet.session_title)}</b>", sub),
        Paragraph(_esc(sheet.when) + (f" · {_esc(sheet.place)}" if sheet.place else ""), sub),
        Spacer(0, 5 * mm),
    ]
    widths = [9 * mm, 43 * mm, 37 * mm, 42 * mm, 9 * mm, 16 * mm, 26 * mm]  # 182 mm: A4 less margins

    def fit(text: str, style: ParagraphStyle, width: float):
        """A plain cell when the text fits on one line (far cheaper to lay out: a list of 500
        people has 3,500 cells), else a wrapping paragraph."""
        text = text or ""
        if "\n" not in text and stringWidth(text, style.fontName, style.fontSize) <= width - 7:
            return text
        return Paragraph(_esc(text), style)

    data = [[Paragraph(_esc(h), cell_head) for h in sheet.headers]]
    styles = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("FONT", (2, 1), (3, -1), FONT, 7.5),  # NIP and position, as their paragraphs
        ("FONT", (5, 1), (6, -1), FONT, 7.5),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
    ]
    number = 0
    for institution, people in groupby(sheet.rows, key=lambda r: r.institution):
        styles.append(("SPAN", (0, len(data)), (-1, len(data))))
        styles.append(("BACKGROUND", (0, len(data)), (-1, len(data)), colors.Color(0.96, 0.96, 0.96)))
        data.append([Paragraph(_esc(institution or "—"), group_style)] + [""] * 6)
        for row in people:
            number += 1
            # The signature column alternates left and right, as on paper lists, so neighbours
            # do not sign over each other.
            signature = f"{number}." if number % 2 else f"{'&nbsp;' * 14}{number}."
            data.append(
                [
                    str(number),
                    fit(row.name, base, widths[1]),
                    fit(row.nip, small, widths[2]),
                    fit(row.position, small, widths[3]),  # the institution heads its group
                    row.gender,
                    fit(row.checked_in, small, widths[5]),
                    Paragraph(signature, small) if number % 2 == 0 else signature,
                ]
            )
    if number == 0:
        styles.append(("SPAN", (0, 1), (-1, 1)))
        data.append([Paragraph(_esc(sheet.empty_text), base)] + [""] * 6)
    table = Table(data, colWidths=widths, repeatRows=1)  # the header repeats on every page
    table.setStyle(TableStyle(styles))
    story.append(table)
    if sheet.footer_note:
        story += [Spacer(0, 3 * mm), Paragraph(_esc(sheet.footer_note), small)]
    if sheet.signatory_label:
        block = Table(
            [
                [Paragraph(_esc(sheet.place_and_date), base)],
                [Paragraph(_esc(sheet.signatory_label), base)],
                [Spacer(0, 16 * mm)],
                [Paragraph(f"<b>{_esc(sheet.signatory_name) or '(' + '.' * 40 + ')'}</b>", base)],
                [Paragraph(_esc(sheet.signatory_nip), base)],
            ],
            colWidths=[70 * mm],
            hAlign="RIGHT",
        )
        story += [Spacer(0, 6 * mm), block]
    doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue()
