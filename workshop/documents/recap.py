"""The attendance recap (.xlsx): one row per attendee (with jabatan, pangkat/golongan and the
institution's full name), one column per session that needs check-in (the check-in time), totals;
a second sheet with counts by gender, category and institution. Set up to print: A4 landscape,
one page wide, the header row on every page, the letterhead's first lines and the event in the
page header, page numbers in the footer. Takes plain values, returns bytes; every text cell is
formula-escaped and stored as text."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from workshop.core.text import TEXT_FORMAT, escape_formula

ABSENT = "—"


@dataclass
class RecapRow:
    number: int
    name: str
    nip: str
    position: str
    rank: str  # pangkat/golongan: "Penata (III/c)", "Golongan IX"
    gender: str
    category: str
    institution: str
    group: str
    role: str
    cells: list[str]  # per session: "08:02", ABSENT, or "" when the session is not for them
    present: int
    expected: int
    eligibility: str = ""


@dataclass
class Recap:
    title: str
    headers: list[str]  # the fixed columns, in the reader's language
    session_headers: list[str]
    total_headers: list[str]  # present, of, share, eligibility
    rows: list[RecapRow] = field(default_factory=list)
    summary_title: str = ""
    summary: list[tuple[str, list[tuple[str, int, int]]]] = field(default_factory=list)  # (heading, rows)
    summary_headers: list[str] = field(default_factory=list)  # label, people, present at least once
    header_left: str = ""  # printed page header: the letterhead's first lines
    header_centre: str = ""  # the event
    footer_left: str = ""  # the issuing body
    page_label: str = "Page"  # "Halaman &P dari &N"
    of_label: str = "of"
    creator: str = ""  # the workbook's author (the issuing body)


def _hf(text: str) -> str:
    """Text for an Excel page header/footer: "&" starts a code there, so it is doubled."""
    return (text or "").replace("&", "&&")


def _print_setup(sheet, recap: Recap, title_rows: str | None) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    if title_rows:
        sheet.print_title_rows = title_rows
    for header in (sheet.oddHeader, sheet.evenHeader):
        header.left.text = _hf(recap.header_left)
        header.left.size = 8
        header.center.text = _hf(recap.header_centre)
        header.center.size = 9
    for footer in (sheet.oddFooter, sheet.evenFooter):
        footer.left.text = _hf(recap.footer_left)
        footer.left.size = 8
        footer.right.text = f"{_hf(recap.page_label)} &P {_hf(recap.of_label)} &N"
        footer.right.size = 8


def _text(sheet, row: int, column: int, value: str, bold: bool = False) -> None:
    cell = sheet.cell(row=row, column=column)
    cell.value = escape_formula(value or "")
    cell.data_type = TYPE_STRING
    cell.number_format = TEXT_FORMAT
    if bold:
        cell.font = Font(bold=True)


def render(recap: Recap) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Rekap"
    _text(sheet, 1, 1, recap.title, bold=True)
    headers = recap.headers + recap.session_headers + recap.total_headers
    for index, header in enumerate(headers, start=1):
        _text(sheet, 3, index, header, bold=True)
        sheet.cell(row=3, column=index).alignment = Alignment(wrap_text=True, vertical="top")
    fixed = len(recap.headers)
    sessions = len(recap.session_headers)
    for offset, row in enumerate(recap.rows):
        r = 4 + offset
        sheet.cell(row=r, column=1, value=row.number)
        for column, value in enumerate(
            [
                row.name,
                row.nip,
                row.position,
                row.rank,
                row.gender,
                row.category,
                row.institution,
                row.group,
                row.role,
            ],
            start=2,
        ):
            _text(sheet, r, column, value)
        for index, value in enumerate(row.cells):
            _text(sheet, r, fixed + 1 + index, value)
        sheet.cell(row=r, column=fixed + sessions + 1, value=row.present)
        sheet.cell(row=r, column=fixed + sessions + 2, value=row.expected)
        share = sheet.cell(
            row=r, column=fixed + sessions + 3, value=(row.present / row.expected) if row.expected else 0
        )
        share.number_format = "0%"
        if len(recap.total_headers) > 3:
            _text(sheet, r, fixed + sessions + 4, row.eligibility)
    widths = [5, 30, 21, 26, 20, 5, 12, 32, 20, 12] + [11] * sessions + [8, 8, 8, 40]
    for index, width in enumerate(widths[: len(headers)], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=4, column=3)
    _print_setup(sheet, recap, "3:3")

    counts = book.create_sheet("Ringkasan")
    _text(counts, 1, 1, recap.summary_title, bold=True)
    r = 3
    for heading, rows in recap.summary:
        _text(counts, r, 1, heading, bold=True)
        for index, header in enumerate(recap.summary_headers[1:], start=2):
            _text(counts, r, index, header, bold=True)
        r += 1
        for label, people, present in rows:
            _text(counts, r, 1, label)
            counts.cell(row=r, column=2, value=people)
            counts.cell(row=r, column=3, value=present)
            r += 1
        r += 1
    counts.column_dimensions["A"].width = 40
    counts.column_dimensions["B"].width = 12
    counts.column_dimensions["C"].width = 22
    _print_setup(counts, recap, None)
    counts.page_setup.orientation = "portrait"
    book.properties.title = recap.title
    book.properties.creator = recap.creator
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
