"""Which lines of the sheet are people: titles above the header, blank lines, repeated headers,
column-number rows and the footer (place and date, "Panitia", signatures) are skipped."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from workshop.attendees.importing.cells import cell_text, is_excel_number, is_placeholder
from workshop.attendees.importing.fields import IDENTIFYING, ROW_NUMBER, ImportFileError
from workshop.attendees.importing.headers import Header, find_header, match_header
from workshop.attendees.importing.reading import _empty_sheet, read_table
from workshop.attendees.reference import fold

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
    nip_is_number: bool = False  # the NIP cell is a number Excel rounded


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
        texts = {name: ("" if is_placeholder(value) else value) for name, value in texts.items()}
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
