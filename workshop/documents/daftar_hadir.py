"""The daftar hadir (attendance list) of one session as an A4 PDF: printed before the session,
pre-filled and grouped by institution so people sign on the day, and again afterwards with the
electronic check-in times. Under the letterhead (kop); every person's row is at least 1 cm tall,
room to sign by hand; the signing protocol (core/signing.py) at the end: the head of the committee
on the right, an optional "Mengetahui" (e.g. the PPTK) on the left. Pure rendering: takes plain
values, returns bytes."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from workshop.core.letterhead import Kop, kop_flowable
from workshop.core.pdf import FONT, FONT_BOLD, build_pdf, register_fonts
from workshop.core.pdf import escape as _esc
from workshop.core.signing import Signing, signing_flowable

ROW_MIN_HEIGHT = 10 * mm  # room to sign by hand


@dataclass(frozen=True)
class Row:
    name: str
    nip: str  # formatted, or ""
    position: str
    institution: str  # canonical
    gender: str  # L or P
    checked_in: str = ""  # "08:02" once known
    method: str = ""  # how, in the reader's language: "pindai", "manual", "mandiri", "kertas"


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
    signing: Signing | None = None  # the head of the committee right, "Mengetahui" left
    empty_text: str = ""
    kop: Kop | None = None
    author: str = ""  # the issuing body (the PDF's properties)


def render(sheet: Sheet) -> bytes:
    register_fonts()
    width = A4[0] - 28 * mm
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
    time_style = ParagraphStyle("time", parent=small, alignment=TA_CENTER, leading=8.5)

    story = [kop_flowable(sheet.kop, width)] if sheet.kop is not None and not sheet.kop.is_empty else []
    story += [
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
    heights = [None]  # the header row as tall as its text; institution rows too
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
        heights.append(None)
        for row in people:
            number += 1
            # The signature column alternates left and right, as on paper lists, so neighbours
            # do not sign over each other.
            signature = f"{number}." if number % 2 else f"{'&nbsp;' * 14}{number}."
            when = ""
            if row.checked_in:  # the time, and under it how (never wrapped inside a word)
                when = Paragraph(
                    _esc(row.checked_in)
                    + (f"<br/><font size=6.5>{_esc(row.method)}</font>" if row.method else ""),
                    time_style,
                )
            heights.append(ROW_MIN_HEIGHT)
            data.append(
                [
                    str(number),
                    fit(row.name, base, widths[1]),
                    fit(row.nip, small, widths[2]),
                    fit(row.position, small, widths[3]),  # the institution heads its group
                    row.gender,
                    when,
                    Paragraph(signature, small) if number % 2 == 0 else signature,
                ]
            )
    if number == 0:
        styles.append(("SPAN", (0, 1), (-1, 1)))
        data.append([Paragraph(_esc(sheet.empty_text), base)] + [""] * 6)
        heights.append(None)
    # The header repeats on every page; a person's row is at least 1 cm tall (more when the name
    # or position wraps).
    table = Table(data, colWidths=widths, repeatRows=1, minRowHeights=[h or 0 for h in heights])
    table.setStyle(TableStyle(styles))
    story.append(table)
    if sheet.footer_note:
        story += [Spacer(0, 3 * mm), Paragraph(_esc(sheet.footer_note), small)]
    if sheet.signing is not None:
        story.append(signing_flowable(sheet.signing, width, size=9))
    return build_pdf(
        story,
        pagesize=A4,
        margins=(14 * mm, 14 * mm, 14 * mm, 16 * mm),
        title=f"{sheet.title} – {sheet.session_title}",
        author=sheet.author,
        subject=sheet.event_title,
    )
