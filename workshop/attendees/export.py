"""The attendee list as a spreadsheet: .xlsx (openpyxl) and .csv.

Formula injection: a cell that begins with = + - @ (or a tab or carriage return) would be read by
Excel as a formula, so such text gets a leading apostrophe in both formats. Phone numbers are
written in the Indonesian national form (0812-3456-7890): that is how people read and dial them,
it never begins with a formula character, and the dashes keep Excel from turning it into a number
that loses its leading 0. A foreign number stays international (+44…): a text cell in .xlsx,
escaped like any other text in .csv.

NIPs keep all 18 digits: in .xlsx a text cell with the text format '@'; in .csv, where no format
can be given, the official spaced form (19860926 201505 1 001), which Excel keeps as text and the
import reads back.

The .csv is UTF-8 with a byte-order mark (else Excel reads é and ö as two odd characters each) and
separated by semicolons: Windows set to Indonesian uses the comma as its decimal separator and so
the semicolon as its list separator, and a comma-separated file opens as one single column there.
("sep=;" on the first line would fix the separator for every locale, but Excel then ignores the
byte-order mark.)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import phonenumbers
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from workshop.attendees import rules
from workshop.attendees.models import Attendee
from workshop.core.text import TEXT_FORMAT, escape_formula, xml_safe


def phone_for_sheet(phone: str | None) -> str:
    """+6281234567890 -> 0812-3456-7890; other countries stay international (+44 20 …)."""
    if not phone:
        return ""
    try:
        number = phonenumbers.parse(phone, "ID")
    except phonenumbers.NumberParseException:
        return phone
    if number.country_code == 62:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def spaced_nip(digits: str | None) -> str:
    return rules.format_nip(digits)


@dataclass(frozen=True)
class Column:
    header: object  # a lazy string
    value: Callable[[Attendee], object]
    width: int
    kind: str = "text"  # text, number, nip, phone


def status_label(status: str) -> str:
    return str(
        {"registered": _l("registered"), "cancelled": _l("cancelled"), "replaced": _l("replaced")}.get(
            status, status
        )
    )


def columns() -> list[Column]:
    return [
        Column(_l("No."), lambda a: None, 5, "number"),  # filled with the row number
        Column(_l("Reg. no."), lambda a: a.reg_number, 9, "number"),
        Column(_l("Name"), lambda a: a.full_name, 34),
        Column("L/P", lambda a: a.gender, 5),
        Column(_l("Category"), lambda a: a.category, 16),
        Column(_l("NIP / NI PPPK"), lambda a: a.nip, 22, "nip"),
        Column(_l("Golongan"), lambda a: a.golongan, 10),
        Column(_l("Jabatan"), lambda a: a.position, 30),
        Column(_l("Instansi"), lambda a: a.institution.name if a.institution else a.institution_text, 34),
        Column(_l("Instansi as typed"), lambda a: a.institution_text, 34),
        Column(_l("Unit kerja"), lambda a: a.work_unit, 24),
        Column(_l("Phone"), lambda a: a.phone, 17, "phone"),
        Column(_l("Email"), lambda a: a.email, 28),
        Column(_l("Role"), lambda a: a.role, 12),
        Column(_l("Status"), lambda a: status_label(a.status), 12),
    ]


def _csv_cell(column: Column, attendee: Attendee, number: int) -> str:
    if column.kind == "number":
        value = column.value(attendee)
        return str(number if value is None else value)
    raw = column.value(attendee)
    if column.kind == "nip":
        return spaced_nip(raw)
    if column.kind == "phone":
        return escape_formula(phone_for_sheet(raw))
    return escape_formula("" if raw is None else str(raw))


def to_csv(attendees: Iterable[Attendee]) -> bytes:
    cols = columns()
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([escape_formula(str(c.header)) for c in cols])
    for number, attendee in enumerate(attendees, start=1):
        writer.writerow([_csv_cell(c, attendee, number) for c in cols])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def to_xlsx(attendees: Iterable[Attendee], title: str = "") -> bytes:
    cols = columns()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_l("Attendees"))[:31]
    bold = Font(bold=True)
    for index, column in enumerate(cols, start=1):
        cell = sheet.cell(row=1, column=index, value=escape_formula(str(column.header)))
        cell.font = bold
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        if column.kind != "number":
            # Typed-in rows below the list stay text as well (a NIP typed later keeps its digits).
            sheet.column_dimensions[get_column_letter(index)].number_format = TEXT_FORMAT
    for number, attendee in enumerate(attendees, start=1):
        row = number + 1
        for index, column in enumerate(cols, start=1):
            raw = column.value(attendee)
            if column.kind == "number":
                sheet.cell(row=row, column=index, value=number if raw is None else int(raw))
                continue
            if column.kind == "phone":
                text = phone_for_sheet(raw)  # a text cell: never read as a formula or a number
            else:
                text = escape_formula("" if raw is None else str(raw))
            cell = sheet.cell(row=row, column=index)
            # Set as text explicitly: openpyxl would otherwise store text beginning with "=" as a formula.
            cell.value = text
            cell.data_type = TYPE_STRING
            cell.number_format = TEXT_FORMAT
    sheet.freeze_panes = "D2"  # the header row and No., reg. no. and name stay in view
    if cols:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{max(1, sheet.max_row)}"
    if title:
        workbook.properties.title = xml_safe(title)[:200]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
