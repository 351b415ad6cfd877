"""The attendance recap (.xlsx): one row per attendee, one column per session that needs check-in
(the check-in time), totals; a second sheet with counts by gender, category and institution.
Takes plain values, returns bytes; every text cell is formula-escaped and stored as text."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from workshop.attendees.export import TEXT_FORMAT, escape_formula

ABSENT = "—"


@dataclass
class RecapRow:
    number: int
    name: str
    nip: str
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
            [row.name, row.nip, row.gender, row.category, row.institution, row.group, row.role], start=2
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
    widths = [5, 32, 21, 5, 14, 30, 24, 12] + [11] * sessions + [8, 8, 8, 40]
    for index, width in enumerate(widths[: len(headers)], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=4, column=3)

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
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
