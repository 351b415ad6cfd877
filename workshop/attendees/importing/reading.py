"""Reading the uploaded bytes into a table of cells: .xlsx (the first sheet with a header,
vertical merges filled down, zip bombs refused) or .csv (encoding and delimiter sniffed)."""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from workshop.attendees.importing.cells import cell_text
from workshop.attendees.importing.fields import ImportFileError, not_a_spreadsheet
from workshop.attendees.importing.headers import HEADER_SCAN_ROWS, _score, find_header

MAX_SHEET_ROWS = 20_000


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
