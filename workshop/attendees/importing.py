"""Importing attendees from an organiser's spreadsheet (.xlsx or .csv): reading a messy file
(title rows, merged two-row headers, footers), checking every row against the rules and the event,
and storing the accepted rows in one go. No request, no session: the page and the command line
both call these functions, and the caller commits.

The flow is read_people() (the file alone) -> check_people() (rows against the rules and the
event) -> commit_import() (flush; the caller commits once or rolls back).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import time
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from workshop.attendees import rules, services
from workshop.attendees.models import Attendee, AttendeeStatus, Category, Role, Source
from workshop.attendees.reference import canonical_institution, fold
from workshop.attendees.rules import FieldProblem
from workshop.core.tokens import random_token
from workshop.events.models import Event

HEADER_SCAN_ROWS = 20
MAX_SHEET_ROWS = 20_000
PENDING_MAX_AGE_SECONDS = 24 * 3600
KINDS = ("xlsx", "csv")

# The fields of services.check_person, plus the two columns we recognise and ignore.
PERSON_FIELDS = (
    "full_name",
    "gender",
    "category",
    "nip",
    "golongan",
    "position",
    "institution",
    "work_unit",
    "phone",
    "email",
    "role",
)
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


# ---- header names ----------------------------------------------------------------------------

# Folded header text (see reference.fold) -> field. Indonesian and English, as organisers write them.
_ALIASES = {
    "full_name": [
        "nama",
        "nama lengkap",
        "nama peserta",
        "nama lengkap peserta",
        "nama gelar",
        "nama dan gelar",
        "nama lengkap gelar",
        "nama lengkap dan gelar",
        "nama lengkap beserta gelar",
        "nama lengkap dengan gelar",
        "nama lengkap tanpa singkatan",
        "name",
        "full name",
        "names",
        "participant name",
        "nama narasumber",
    ],
    "nip": [
        "nip",
        "n i p",
        "nip ni pppk",
        "nip nipppk",
        "ni pppk",
        "nipppk",
        "nip pppk",
        "nip nrp",
        "nomor induk pegawai",
        "no induk pegawai",
        "nip ni pppk jika ada",
        "nip jika ada",
        "employee id",
        "employee number",
        "civil servant id",
    ],
    "golongan": [
        "pangkat gol",
        "pangkat golongan",
        "pangkat gol ruang",
        "pangkat golongan ruang",
        "golongan",
        "gol",
        "gol ruang",
        "golongan ruang",
        "pangkat",
        "pangkat gol ruang",
        "pangkat dan golongan",
        "pangkat dan gol",
        "rank",
        "grade",
        "rank grade",
    ],
    "position": [
        "jabatan",
        "jabatan pekerjaan",
        "jabatan fungsional",
        "nama jabatan",
        "position",
        "job title",
        "job",
        "jabatan dalam dinas",
    ],
    "institution": [
        "instansi",
        "opd",
        "instansi opd",
        "opd instansi",
        "asal instansi",
        "nama instansi",
        "asal opd",
        "perangkat daerah",
        "asal perangkat daerah",
        "lembaga",
        "asal lembaga",
        "instansi lembaga",
        "lembaga instansi",
        "organisasi",
        "asal organisasi",
        "instansi unit kerja",
        "skpd",
        "asal skpd",
        "institution",
        "organisation",
        "organization",
        "agency",
        "instansi asal",
        "asal",
    ],
    "work_unit": [
        "sub unit kerja",
        "bidang",
        "bagian",
        "bidang bagian",
        "work unit",
        "unit",
        "department",
        "satuan kerja",
        "satker",
    ],
    "gender": [
        "l p",
        "lp",
        "jenis kelamin",
        "jk",
        "j k",
        "kelamin",
        "gender",
        "sex",
        "jenis kelamin l p",
        "l p jenis kelamin",
        "jns kelamin",
        "p l",
    ],
    "phone": [
        "no hp",
        "no hp wa",
        "no hp whatsapp",
        "hp",
        "wa",
        "hp wa",
        "no wa",
        "nomor hp",
        "nomor wa",
        "nomor hp wa",
        "nomor whatsapp",
        "no whatsapp",
        "whatsapp",
        "no telp",
        "no telepon",
        "nomor telepon",
        "telepon",
        "telp",
        "telp hp",
        "telepon hp",
        "no telp hp",
        "no hp telp",
        "kontak",
        "no kontak",
        "nomor kontak",
        "handphone",
        "no handphone",
        "phone",
        "phone number",
        "mobile",
        "mobile phone",
        "whatsapp number",
        "telephone",
        "no hp aktif",
        "no tlp",
        "tlp",
    ],
    "email": ["email", "e mail", "alamat email", "alamat e mail", "surel", "email address", "e mail address"],
    "category": [
        "kategori",
        "status kepegawaian",
        "status pegawai",
        "status asn",
        "kategori peserta",
        "jenis kepegawaian",
        "category",
        "employment status",
    ],
    "role": ["peran", "role", "sebagai", "peran dalam kegiatan", "kedudukan dalam kegiatan"],
    ROW_NUMBER: ["no", "no urut", "nomor", "nomor urut", "number", "nr"],
}
# "Unit Kerja" is the institution when the sheet has no separate INSTANSI column, else the unit.
_UNIT_KERJA = {"unit kerja", "unit kerja instansi", "unit kerja opd", "asal unit kerja", "unit kerja asal"}
HEADER_ALIASES = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
# Longer names that may carry a note after them: "Nama Lengkap (beserta gelar)", "No HP (aktif WA)".
_PREFIXES = sorted(
    (alias for alias in HEADER_ALIASES if " " in alias and HEADER_ALIASES[alias] != ROW_NUMBER),
    key=len,
    reverse=True,
)


@lru_cache(maxsize=4096)
def match_header(text: str) -> str | None:
    """The field a column heading names, or None. 'unit_kerja' for the ambiguous Unit Kerja."""
    if not text:
        return None
    candidates = [fold(text), fold(re.sub(r"\([^)]*\)", " ", text))]
    for key in candidates:
        if not key:
            continue
        if key in _UNIT_KERJA:
            return "unit_kerja"
        if key in HEADER_ALIASES:
            return HEADER_ALIASES[key]
    key = candidates[1] or candidates[0]
    if key.startswith("unit kerja "):
        return "unit_kerja"
    for prefix in _PREFIXES:
        if key.startswith(prefix + " "):
            return HEADER_ALIASES[prefix]
    return None


def map_columns(labels: list) -> dict[str, int]:
    """field -> column index for one header row; the first column naming a field wins."""
    columns: dict[str, int] = {}
    unit_kerja: list[int] = []
    for index, label in enumerate(labels):
        name = match_header(cell_text(label))
        if name == "unit_kerja":
            unit_kerja.append(index)
        elif name and name not in columns:
            columns[name] = index
    for index in unit_kerja:
        target = "work_unit" if "institution" in columns else "institution"
        columns.setdefault(target, index)
    return columns


def _score(columns: dict[str, int]) -> int:
    return len([name for name in columns if name != ROW_NUMBER])


@dataclass
class Header:
    top: int  # index in the table of the first header row
    row_index: int  # index of the last header row (the same for a one-row header)
    data_start: int  # index of the first row below the header
    columns: dict[str, int]  # field -> column index
    labels: dict[str, str]  # field -> heading as written in the file
    cells: list  # the headings, one per column (two-row headers combined)


def _combine(top: list, bottom: list) -> list:
    width = max(len(top), len(bottom))
    combined = []
    for c in range(width):
        below = bottom[c] if c < len(bottom) else None
        above = top[c] if c < len(top) else None
        combined.append(below if match_header(cell_text(below)) else above)
    return combined


def find_header(rows: list[list]) -> Header | None:
    """The row among the first ~20 that best names the columns (a name column and at least one
    other). A two-row header (a merged "IDENTITAS" above "NIP | PANGKAT/GOL | JABATAN", with "NO"
    and "NAMA" merged down over both rows) is read as one: in read-only mode a merged cell's
    value sits in its top-left cell only, so each column takes whichever row names it."""
    best: Header | None = None
    best_score = 0
    for r in range(min(HEADER_SCAN_ROWS, len(rows))):
        cells = list(rows[r])
        columns = map_columns(cells)
        score, top, last = _score(columns), r, r
        if r + 1 < len(rows):
            combined = _combine(rows[r], rows[r + 1])
            combined_columns = map_columns(combined)
            combined_score = _score(combined_columns)
            # The upper row must name something itself (a title row above the header does not).
            if score >= 1 and combined_score > score and combined_score >= _score(map_columns(rows[r + 1])):
                columns, score, last, cells = combined_columns, combined_score, r + 1, combined
        if "full_name" in columns and score >= 2 and score > best_score:
            labels = {name: cell_text(cells[index]) for name, index in columns.items()}
            best, best_score = Header(top, last, last + 1, columns, labels, cells), score
    return best


# ---- reading the file ------------------------------------------------------------------------


def cell_text(value) -> str:
    """A cell as the organiser sees it: numbers without a trailing .0, big numbers in Excel's
    E+ notation (which is what lost their digits), dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.replace("\u200b", "").split())
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        if abs(value) >= 1e15:
            return format(value, ".14E")
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


_EXCEL_NUMBER_TEXT = re.compile(r"^(\d[.,]\d+[eE]\+?\d+|\d{15}000)$")


def is_excel_number_text(text: str) -> bool:
    """What a NIP column Excel kept as numbers looks like once saved as CSV: 1.98609E+17 (1,98609E+17
    in an Indonesian Excel), or all 18 digits with the last three turned to 000 (no real NIP ends
    in sequence 000)."""
    return bool(_EXCEL_NUMBER_TEXT.match(text.strip()))


def is_excel_number(value) -> bool:
    """A NIP cell Excel keeps as a number: 15 or more digits cannot be stored exactly in a
    spreadsheet cell, so it is refused even when its 18 digits look right."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return len(str(int(abs(value)))) >= 15
    except (OverflowError, ValueError):
        return True


@dataclass
class Table:
    kind: str  # xlsx or csv
    rows: list[list]  # cell values; rows[i] is sheet row i + 1
    sheet_name: str = ""
    delimiter: str = ""


def sniff_kind(data: bytes) -> str:
    """What the bytes are, whatever the file was called: an .xlsx is a zip holding
    [Content_Types].xml and xl/workbook.xml; a .csv is text without NUL bytes."""
    if not data:
        raise ImportFileError(_l("The file is empty."), "empty")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(
            _l(
                "This is an old Excel file (.xls). Open it in Excel, save it as “Excel Workbook "
                "(.xlsx)” and upload that."
            ),
            "xls",
        )
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            raise not_a_spreadsheet()
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
        raise not_a_spreadsheet()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "csv"  # UTF-16 text, as Excel's "Unicode Text" writes it
    if b"\x00" in data:
        raise not_a_spreadsheet()
    return "csv"


def read_table(data: bytes) -> Table:
    kind = sniff_kind(data)
    return _read_xlsx(data) if kind == "xlsx" else _read_csv(data)


def _broken() -> ImportFileError:
    return ImportFileError(
        _l(
            "The workbook could not be read; it may be damaged. Open it in Excel, save it again as "
            "“Excel Workbook (.xlsx)” and upload that."
        ),
        "broken",
    )


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _l("The sheet has more than %(n)d rows. Split the list into several files.", n=MAX_SHEET_ROWS),
        "too_many_rows",
    )


def _empty_sheet() -> ImportFileError:
    return ImportFileError(_l("The spreadsheet is empty: there is nothing to import."), "empty")


MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # a 5 MB upload that unpacks to more is a zip bomb
_MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)\"")


def _read_xlsx(data: bytes) -> Table:
    import openpyxl

    first_with_rows: Table | None = None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
                raise ImportFileError(
                    _l("The workbook is too large once unpacked. Split the list into several files."),
                    "too_large",
                )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                for sheet in workbook.worksheets:
                    if getattr(sheet, "sheet_state", "visible") != "visible":
                        continue
                    # Some programs write a wrong <dimension>; read what is really there.
                    sheet.reset_dimensions()
                    rows = []
                    for values in sheet.iter_rows(values_only=True):
                        rows.append(list(values))
                        if len(rows) > MAX_SHEET_ROWS:
                            raise _too_many_rows()
                    _trim(rows)
                    if not rows:
                        continue
                    _fill_vertical_merges(rows, _merged_ranges(data, getattr(sheet, "_worksheet_path", None)))
                    table = Table("xlsx", rows, sheet.title)
                    # The first sheet with a recognisable header is the list; other sheets (a cover,
                    # a recap) are left alone.
                    if find_header(rows) is not None:
                        return table
                    first_with_rows = first_with_rows or table
            finally:
                workbook.close()
    except ImportFileError:
        raise
    except Exception:  # zipfile, XML and openpyxl errors alike: a damaged or odd file
        raise _broken()
    if first_with_rows is None:
        raise _empty_sheet()
    return first_with_rows


def _merged_ranges(data: bytes, path: str | None) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row), 1-based, of the sheet's merged cells. Read-only mode
    does not give them, so they are read from the sheet's XML (they follow the cell data)."""
    from openpyxl.utils import column_index_from_string

    if not path:
        return []
    ranges = []
    tail = b""
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(path.lstrip("/")) as source:
        while chunk := source.read(1 << 20):
            block = tail + chunk
            for match in _MERGE_CELL.finditer(block):
                c1, r1, c2, r2 = (g.decode() for g in match.groups())
                ranges.append((column_index_from_string(c1), int(r1), column_index_from_string(c2), int(r2)))
            tail = block[-200:]
            # A match wholly inside the kept tail would be found twice; drop those from the next round.
            cut = max((m.end() for m in _MERGE_CELL.finditer(tail)), default=0)
            tail = tail[cut:]
    return sorted(set(ranges))


def _fill_vertical_merges(rows: list[list], ranges) -> None:
    """A cell merged down over several rows ("Dinas Kesehatan" over all its staff) gives its value
    to every row it covers. Horizontal merges (titles, footers) are left as they are."""
    for min_col, min_row, max_col, max_row in ranges:
        if min_col != max_col or max_row <= min_row or min_row > len(rows):
            continue
        col = min_col - 1
        top = rows[min_row - 1]
        value = top[col] if col < len(top) else None
        if value is None:
            continue
        for r in range(min_row, min(max_row, len(rows))):
            row = rows[r]
            if len(row) <= col:
                row.extend([None] * (col + 1 - len(row)))
            if row[col] is None:
                row[col] = value


def _trim(rows: list[list]) -> None:
    """Drop trailing empty rows (formatting often reaches far below the data)."""
    while rows and not any(cell_text(value) for value in rows[-1]):
        rows.pop()


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252, else Latin-1."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise not_a_spreadsheet()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _read_csv(data: bytes) -> Table:
    text = decode_text(data)
    if "\x00" in text:
        raise not_a_spreadsheet()
    text = text.lstrip("\ufeff")
    forced = None
    first_line, _, rest = text.partition("\n")
    match = re.fullmatch(r"\s*sep=(.)\s*", first_line)
    if match:  # Excel's hint line: sep=;
        forced, text = match.group(1), rest
    if not text.strip():
        raise _empty_sheet()
    candidates = [forced] if forced else [",", ";", "\t"]
    best: tuple[int, int, str] | None = None
    head = "\n".join(text.splitlines()[: HEADER_SCAN_ROWS + 2])
    for delimiter in candidates:
        try:
            sample = list(csv.reader(io.StringIO(head), delimiter=delimiter))
        except csv.Error:
            continue
        header = find_header(sample)
        score = _score(header.columns) if header else 0
        width = max((len(row) for row in sample), default=0)
        if best is None or (score, width) > best[:2]:
            best = (score, width, delimiter)
    delimiter = best[2] if best else ","
    rows: list[list] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(record)
            if len(rows) > MAX_SHEET_ROWS:
                raise _too_many_rows()
    except csv.Error:
        raise _broken_csv()
    _trim(rows)
    if not rows:
        raise _empty_sheet()
    return Table("csv", rows, "", delimiter)


def _broken_csv() -> ImportFileError:
    return ImportFileError(
        _l("The CSV file could not be read (a quote is not closed?). Save it again from Excel."), "broken"
    )


# ---- which lines are people ------------------------------------------------------------------

_MONTHS = (
    "januari februari maret april mei juni juli agustus september oktober november desember "
    "january february march may june july august october december "
    "jan feb mar apr jun jul agu agt aug sep sept okt oct nov des dec"
).split()
_DATE_LINE = re.compile(
    r"^[^\W\d_][\w .'’()-]*,\s*(\d{1,2}\s+("
    + "|".join(_MONTHS)
    + r")\.?\s+\d{4}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$",
    re.IGNORECASE,
)
# Folded cell texts that begin the signature block or the totals under a list. Not "Ketua" or
# "Kepala ..." alone: a committee list may use them as sub-headings between people.
_FOOTER_WORDS = {
    "panitia",
    "ketua panitia",
    "sekretaris panitia",
    "panitia pelaksana",
    "panitia penyelenggara",
    "mengetahui",
    "menyetujui",
    "tertanda",
    "ttd",
    "jumlah",
    "total",
    "jumlah peserta",
    "total peserta",
    "catatan",
    "keterangan",
    "pejabat pembuat komitmen",
    "kuasa pengguna anggaran",
    "pembuat daftar",
}
_FOOTER_STARTS = (
    "mengetahui ",
    "menyetujui ",
    "ketua panitia ",
    "sekretaris panitia ",
    "a n ",
    "plt ",
    "plh ",
    "ttd ",
    "tertanda ",
    "jumlah ",
    "total ",
    "catatan ",
    "keterangan ",
)


def _is_footer_text(text: str) -> bool:
    key = fold(text)
    return key in _FOOTER_WORDS or key.startswith(_FOOTER_STARTS)


@dataclass
class Line:
    """A line of the sheet that looks like a person, with its cells by field."""

    row: int  # sheet row number (1-based)
    texts: dict[str, str]
    nip_is_number: bool = False


@dataclass
class Skipped:
    row: int
    reason: str  # title, blank, footer, header, not_person
    text: str = ""


@dataclass
class ParsedFile:
    kind: str
    sheet_name: str
    header: Header
    lines: list[Line]
    skipped: list[Skipped]
    ignored_columns: list[str]

    @property
    def header_row(self) -> int:
        return self.header.row_index + 1


def read_people(data: bytes) -> ParsedFile:
    """The file alone: its kind, its header and the lines that are people. Raises
    ImportFileError with a message for the organiser when the file cannot be used."""
    table = read_table(data)
    if not table.rows:
        raise _empty_sheet()
    header = find_header(table.rows)
    if header is None:
        raise ImportFileError(
            _l(
                "No header row was found. One of the first 20 rows must name the columns: a name column "
                "(NAMA) and at least one other, such as NIP, JABATAN, INSTANSI or NO. HP."
            ),
            "no_header",
        )
    lines, skipped = classify_rows(table.rows, header)
    if not lines:
        raise ImportFileError(
            _l(
                "The header was found (row %(row)d), but no line below it is a person: a person needs a "
                "name and at least one other field, such as NIP, instansi or phone.",
                row=header.row_index + 1,
            ),
            "no_people",
        )
    mapped = set(header.columns.values())
    ignored = [
        cell_text(value)
        for index, value in enumerate(header.cells)
        if cell_text(value) and index not in mapped
    ]
    return ParsedFile(table.kind, table.sheet_name, header, lines, skipped, ignored)


def classify_rows(rows: list[list], header: Header) -> tuple[list[Line], list[Skipped]]:
    """People below the header, and every other line of the sheet (skipped): titles and blank
    lines above the header, blank lines, sub-headings, a repeated header, a column-number row, and
    everything from the footer down ("Serang, 20 November 2026", "Panitia", signatures). Each line
    of the sheet is a header row, a person or skipped.

    A line is a person when it has a name and at least one other identifying field — or, without a
    name, at least two (so a forgotten name is reported, not dropped). The footer begins at a line
    that is not a person and holds a place-and-date or a word such as "Panitia" or "Mengetahui",
    or at a line whose name cell holds such a word."""
    lines: list[Line] = []
    skipped: list[Skipped] = []
    for i in range(header.top):
        texts = [cell_text(v) for v in rows[i]]
        first = next((t for t in texts if t), "")
        skipped.append(Skipped(i + 1, "title" if first else "blank", first[:80]))
    columns = header.columns
    name_col = columns["full_name"]
    number_col = columns.get(ROW_NUMBER)
    nip_col = columns.get("nip")
    in_footer = False
    for index in range(header.data_start, len(rows)):
        cells = rows[index]
        number = index + 1
        texts_all = [cell_text(v) for v in cells]
        filled = [t for t in texts_all if t]
        if not filled:
            skipped.append(Skipped(number, "blank"))
            continue
        first = filled[0][:80]
        if in_footer:
            skipped.append(Skipped(number, "footer", first))
            continue
        texts = {name: (texts_all[col] if col < len(texts_all) else "") for name, col in columns.items()}
        name = texts["full_name"]
        others = sum(1 for key in IDENTIFYING if texts.get(key))
        is_person = (bool(name) and others >= 1) or others >= 2
        marker_cells = [
            texts_all[col] for col in (name_col, number_col) if col is not None and col < len(texts_all)
        ]
        if any(_is_footer_text(t) for t in marker_cells if t) or (
            not is_person and any(_DATE_LINE.match(t) or _is_footer_text(t) for t in filled)
        ):
            in_footer = True
            skipped.append(Skipped(number, "footer", first))
            continue
        if name and match_header(name) == "full_name":
            skipped.append(Skipped(number, "header", first))  # the header again, as printed on each page
            continue
        if len(filled) >= 3 and all(re.fullmatch(r"\(?\d{1,2}\)?\.?", t) for t in filled):
            skipped.append(Skipped(number, "header", first))  # 1 | 2 | 3 ... under the header
            continue
        if not is_person:
            skipped.append(Skipped(number, "not_person", first))
            continue
        nip_is_number = nip_col is not None and nip_col < len(cells) and is_excel_number(cells[nip_col])
        texts.pop(ROW_NUMBER, None)
        lines.append(Line(number, texts, nip_is_number))
    return lines, skipped


# ---- checking rows ---------------------------------------------------------------------------

_ROLE_WORDS = {
    "participant": Role.PESERTA.value,
    "peserta": Role.PESERTA.value,
    "speaker": Role.NARASUMBER.value,
    "narasumber": Role.NARASUMBER.value,
    "pemateri": Role.NARASUMBER.value,
    "moderator": Role.MODERATOR.value,
    "facilitator": Role.FASILITATOR.value,
    "fasilitator": Role.FASILITATOR.value,
    "committee": Role.PANITIA.value,
    "panitia": Role.PANITIA.value,
}
_CATEGORY_WORDS = {
    "non pns": "non-ASN",
    "nonpns": "non-ASN",
    "thl": "non-ASN",
    "tkk": "non-ASN",
    "p3k": "PPPK",
    "pppk": "PPPK",
    "cpns": "PNS",
    "asn pns": "PNS",
    "asn pppk": "PPPK",
    "civil servant": "PNS",
    "forum anak": "Forum Anak",
    "fa": "Forum Anak",
}
_GENDER_WORDS = {"lk": "L", "pr": "P", "laki": "L", "man": "L", "woman": "P"}


def _normalise(texts: dict[str, str]) -> dict[str, str]:
    data = {name: texts.get(name, "") for name in PERSON_FIELDS}
    role = fold(data["role"])
    if role:
        data["role"] = _ROLE_WORDS.get(role, data["role"])
    category = fold(data["category"])
    if category in _CATEGORY_WORDS:
        data["category"] = _CATEGORY_WORDS[category]
    gender = fold(data["gender"])
    if gender in _GENDER_WORDS:
        data["gender"] = _GENDER_WORDS[gender]
    nip = data["nip"].strip()
    if nip.startswith(("'", "’")):
        nip = nip[1:]
    nip = re.sub(r"(?i)^(nip|ni\s*pppk)\s*[.:]?\s*", "", nip)
    data["nip"] = nip
    return data


def _excel_number_problem() -> FieldProblem:
    return FieldProblem(
        "nip",
        _l(
            "This number was stored by Excel as a number and lost its last digits. Format the column "
            "as text and type it again."
        ),
        code="excel_number",
    )


@lru_cache(maxsize=2048)
def _institution(text: str) -> tuple[str, str]:
    key, name, _cluster = canonical_institution(text)
    return key, name


@dataclass
class ImportRow:
    row: int
    raw: dict[str, str]
    values: dict = field(default_factory=dict)
    errors: list[FieldProblem] = field(default_factory=list)
    warnings: list[FieldProblem] = field(default_factory=list)
    data: dict = field(default_factory=dict)  # what is handed to the services (raw text, merged for updates)
    update_id: int | None = None  # the attendee this row updates
    update_label: str = ""  # their registration number
    institution_key: str = ""
    institution_name: str = ""

    @property
    def status(self) -> str:
        if self.errors:
            return "error"
        return "warning" if self.warnings else "ok"

    @property
    def name(self) -> str:
        return self.values.get("full_name") or self.raw.get("full_name", "")

    def messages(self) -> list[str]:
        """Each reason, prefixed with its column, in the current language."""
        labels = field_labels()
        result = [f"{labels.get(p.field, p.field)}: {p}" for p in self.errors + self.warnings]
        if self.update_id is not None:
            result.append(
                str(_l("Updates the person already registered as no. %(number)s.", number=self.update_label))
            )
        return result

    def codes(self) -> list[str]:
        return [p.code or p.field for p in self.errors + self.warnings]


@dataclass
class ImportResult:
    parsed: ParsedFile
    rows: list[ImportRow]
    update: bool = False

    @property
    def kind(self) -> str:
        return self.parsed.kind

    @property
    def skipped(self) -> int:
        return len(self.parsed.skipped)

    @property
    def summary(self) -> dict[str, int]:
        counts = {"ok": 0, "warning": 0, "error": 0}
        for row in self.rows:
            counts[row.status] += 1
        counts["skipped"] = self.skipped
        return counts

    def accepted(self) -> list[ImportRow]:
        """Rows that would be stored: ok and warning rows (errors are never stored)."""
        return [row for row in self.rows if row.status != "error"]

    @property
    def to_create(self) -> int:
        return sum(1 for row in self.accepted() if row.update_id is None)

    @property
    def to_update(self) -> int:
        return sum(1 for row in self.accepted() if row.update_id is not None)

    @property
    def institution_count(self) -> int:
        """Canonical institutions among the accepted rows ("Dinkes" and "DINAS KESEHATAN KOTA
        SERANG" are one)."""
        return len({row.institution_key for row in self.accepted() if row.institution_key})

    @property
    def digest(self) -> str:
        """Fingerprint of what a confirm would do; the confirm refuses when it changed since the
        preview (the file, the options or the event's list changed in between)."""
        payload = [
            [
                row.row,
                row.status,
                row.codes(),
                row.update_id,
                sorted((k, str(v)) for k, v in row.values.items()),
            ]
            for row in self.rows
        ]
        payload.append([self.skipped, self.update])
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]

    def to_json(self) -> dict:
        """The --json shape of DESIGN.md §5."""
        return {
            "rows": [
                {"row": row.row, "status": row.status, "messages": row.messages(), "name": row.name}
                for row in self.rows
            ],
            "summary": self.summary,
        }


@dataclass
class _Existing:
    """The event's attendees, loaded once, so no row costs a query."""

    by_nip: dict[str, Attendee]
    by_phone: dict[str, list[Attendee]]

    @classmethod
    def load(cls, event: Event) -> _Existing:
        from workshop.extensions import db

        by_nip: dict[str, Attendee] = {}
        by_phone: dict[str, list[Attendee]] = {}
        for attendee in db.session.execute(
            select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.id)
        ).scalars():
            if attendee.nip:
                by_nip[attendee.nip] = attendee
            if attendee.phone and attendee.status == AttendeeStatus.REGISTERED.value:
                by_phone.setdefault(attendee.phone, []).append(attendee)
        return cls(by_nip, by_phone)


def _attendee_data(attendee: Attendee) -> dict[str, str]:
    return {
        "full_name": attendee.full_name,
        "gender": attendee.gender,
        "category": attendee.category,
        "nip": attendee.nip or "",
        "golongan": attendee.golongan or "",
        "position": attendee.position or "",
        "institution": attendee.institution_text or "",
        "work_unit": attendee.work_unit or "",
        "phone": attendee.phone or "",
        "email": attendee.email or "",
        "role": attendee.role,
    }


def _is_pns(category: str) -> bool:
    try:
        return rules.clean_category(category) == Category.PNS.value
    except FieldProblem:
        return False


def _check(data: dict, nip_is_number: bool, *, guess: bool) -> tuple[services.Checked, dict]:
    """services.check_person plus what a file adds: a guessed category, gender from the NIP, and
    a NIP Excel kept as a number. Returns the outcome and the data as checked (with the guesses)."""
    data = dict(data)
    guessed: list[FieldProblem] = []
    if guess and not data["category"].strip():
        data["category"] = Category.PNS.value if data["nip"] else Category.NON_ASN.value
        guessed.append(
            FieldProblem(
                "category",
                _l(
                    "Not in the file; guessed %(category)s because the row has a NIP. Check it.",
                    category=data["category"],
                )
                if data["nip"]
                else _l(
                    "Not in the file; guessed %(category)s because the row has no NIP. Check it.",
                    category=data["category"],
                ),
                level="warning",
                code="category_guessed",
            )
        )
    if not data["gender"].strip() and data["nip"] and not nip_is_number and _is_pns(data["category"]):
        try:
            nip = rules.parse_nip(data["nip"])
        except FieldProblem:
            pass
        else:
            data["gender"] = nip.sex
            guessed.append(
                FieldProblem(
                    "gender",
                    _l("Not in the file; taken from the NIP (%(gender)s).", gender=nip.sex),
                    level="warning",
                    code="gender_from_nip",
                )
            )
    checked = services.check_person(data)
    if nip_is_number:
        checked.errors = [p for p in checked.errors if p.field != "nip"]
        checked.errors.append(_excel_number_problem())
        checked.values["nip"] = None
    checked.warnings = guessed + checked.warnings
    return checked, data


def check_people(event: Event, parsed: ParsedFile, *, update: bool = False) -> ImportResult:
    """Every line against the rules, against the other lines and against the event. Reads the
    event's attendees once; writes nothing."""
    existing = _Existing.load(event)
    rows: list[ImportRow] = []
    nip_rows: dict[str, int] = {}
    phone_rows: dict[str, int] = {}
    matched_ids: set[int] = set()
    for line in parsed.lines:
        data = _normalise(line.texts)
        excel_number = line.nip_is_number or is_excel_number_text(data["nip"])
        checked, checked_data = _check(data, excel_number, guess=True)
        target: Attendee | None = None
        if update:
            target = _match(existing, checked.values, matched_ids)
            if target is not None:
                matched_ids.add(target.id)
                merged = _attendee_data(target)
                merged.update({name: value for name, value in data.items() if value.strip()})
                checked, checked_data = _check(merged, excel_number, guess=False)
        row = ImportRow(line.row, dict(line.texts))
        row.data = checked_data
        row.values = checked.values
        row.errors = list(checked.errors)
        row.warnings = list(checked.warnings)
        if target is not None:
            row.update_id = target.id
            row.update_label = target.reg_label
        nip = row.values.get("nip")
        phone = row.values.get("phone")
        if nip:
            if nip in nip_rows:
                row.errors.append(
                    FieldProblem(
                        "nip",
                        _l("The same NIP is already on row %(row)d of this file.", row=nip_rows[nip]),
                        code="duplicate_nip_file",
                    )
                )
            else:
                nip_rows[nip] = line.row
            other = existing.by_nip.get(nip)
            if other is not None and (target is None or other.id != target.id):
                row.errors.append(
                    FieldProblem(
                        "nip",
                        _l("Someone with this NIP is already registered for this event."),
                        code="duplicate_nip",
                    )
                )
        if phone:
            if phone in phone_rows:
                row.warnings.append(
                    FieldProblem(
                        "phone",
                        _l(
                            "The same phone number is already on row %(row)d of this file.",
                            row=phone_rows[phone],
                        ),
                        level="warning",
                        code="duplicate_phone_file",
                    )
                )
            else:
                phone_rows[phone] = line.row
            if any(target is None or other.id != target.id for other in existing.by_phone.get(phone, ())):
                row.warnings.append(
                    FieldProblem(
                        "phone",
                        _l("Someone else in this event already uses this phone number."),
                        level="warning",
                        code="duplicate_phone",
                    )
                )
        institution = row.values.get("institution")
        if institution:
            row.institution_key, row.institution_name = _institution(institution)
        rows.append(row)
    return ImportResult(parsed, rows, update)


def _match(existing: _Existing, values: dict, matched_ids: set[int]) -> Attendee | None:
    """The attendee a row updates: the same NIP, else the same phone (unless that person has
    another NIP — then they are someone else). Each attendee is updated by one row at most."""
    nip = values.get("nip")
    if nip and nip in existing.by_nip:
        found = existing.by_nip[nip]
        return found if found.id not in matched_ids else None
    phone = values.get("phone")
    for candidate in existing.by_phone.get(phone or "", ()):
        if candidate.id in matched_ids:
            continue
        if nip and candidate.nip and candidate.nip != nip:
            continue
        return candidate
    return None


def check_import(event: Event, data: bytes, *, update: bool = False) -> ImportResult:
    return check_people(event, read_people(data), update=update)


# ---- storing ---------------------------------------------------------------------------------


@dataclass
class CommitSummary:
    created: int
    updated: int
    skipped_errors: int


def commit_import(event: Event, result: ImportResult, *, allow_errors: bool = False) -> CommitSummary:
    """Store the accepted rows (ok and warning): new people with source "import", and updates of
    people matched by the check. Flushes only: the caller commits once, or rolls back everything
    when anything here fails. Rows with errors block the whole import unless allow_errors, then
    they are skipped."""
    from workshop.extensions import db

    errors = result.summary["error"]
    if errors and not allow_errors:
        raise ImportBlocked(errors)
    accepted = result.accepted()
    new_rows = [row.values for row in accepted if row.update_id is None]
    created = len(services.add_checked_many(event, new_rows, source=Source.IMPORT.value))
    updated = 0
    for row in accepted:
        if row.update_id is None:
            continue
        attendee = db.session.get(Attendee, row.update_id)
        if attendee is None or attendee.event_id != event.id:
            raise LookupError("the attendee to update is gone")
        services.update_attendee(attendee, row.data, confirm_warnings=True)
        updated += 1
    return CommitSummary(created, updated, errors)


# ---- the uploaded file between preview and confirm -------------------------------------------

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def storage_dir(app: Flask) -> Path:
    """The folder for uploads and generated files (STORAGE_DIR, else instance/storage); shared by
    every worker, so nothing needed later lives in one process's memory."""
    folder = Path(app.config.get("STORAGE_DIR") or Path(app.instance_path) / "storage")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _imports_dir(app: Flask) -> Path:
    folder = storage_dir(app) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pending_path(app: Flask, token: str, kind: str) -> Path | None:
    if not _TOKEN.match(token or "") or kind not in KINDS:
        return None
    return _imports_dir(app) / f"{token}.{kind}"


def save_pending(app: Flask, data: bytes, kind: str) -> str:
    """Keep an upload under a random name until it is confirmed; returns the name's token."""
    token = random_token(18)
    path = pending_path(app, token, kind)
    tmp = path.with_suffix(".part")
    tmp.write_bytes(data)
    tmp.chmod(0o600)
    tmp.replace(path)
    return token


def load_pending(app: Flask, token: str, kind: str) -> bytes | None:
    path = pending_path(app, token, kind)
    if path is None or not path.is_file():
        return None
    return path.read_bytes()


def delete_pending(app: Flask, token: str, kind: str) -> None:
    path = pending_path(app, token, kind)
    if path is not None:
        path.unlink(missing_ok=True)


def cleanup_pending(
    app: Flask, max_age_seconds: int = PENDING_MAX_AGE_SECONDS, now: float | None = None
) -> int:
    """Delete uploads nobody confirmed within a day; returns how many."""
    limit = (now if now is not None else time.time()) - max_age_seconds
    removed = 0
    for path in _imports_dir(app).iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            pass  # another worker removed it first
    return removed
