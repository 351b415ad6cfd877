"""The person fields an import fills, the names organisers read them by, and the errors that
stop a whole file."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from workshop.attendees.rules import PERSON_FIELDS as PERSON_FIELDS

ROW_NUMBER = "row_number"
# A line is a person when it has a name and at least one of these (see classify_rows).
IDENTIFYING = ("nip", "phone", "email", "institution", "position", "work_unit", "golongan")


def field_labels() -> dict:
    """Column names as the organiser reads them, in their language."""
    return {
        "full_name": _l("Name"),
        "gender": _l("Gender (L/P)"),
        "category": _l("Category"),
        "nip": _l("NIP / NI PPPK"),
        "golongan": _l("Pangkat/golongan"),
        "position": _l("Jabatan"),
        "institution": _l("Instansi/OPD"),
        "work_unit": _l("Unit kerja"),
        "phone": _l("Phone/WhatsApp"),
        "email": _l("Email"),
        "role": _l("Role"),
    }


class ImportFileError(Exception):
    """The file as a whole cannot be imported (not a spreadsheet, empty, no header...)."""

    def __init__(self, message, code: str):
        super().__init__(str(code))
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


class ImportBlocked(Exception):
    """Some rows have errors and the organiser did not choose to skip them."""

    def __init__(self, errors: int):
        super().__init__(f"{errors} rows have errors")
        self.errors = errors


def not_a_spreadsheet() -> ImportFileError:
    return ImportFileError(
        _l(
            "This file is not an .xlsx or .csv spreadsheet. Save it from Excel as “Excel Workbook "
            "(.xlsx)” or as CSV, then upload it again."
        ),
        "not_spreadsheet",
    )


def too_large(limit_bytes: int) -> ImportFileError:
    return ImportFileError(
        _l(
            "The file is larger than %(size)s MB. Remove pictures and other sheets, or split the list "
            "into several files.",
            size=f"{limit_bytes / (1024 * 1024):g}",
        ),
        "too_large",
    )
