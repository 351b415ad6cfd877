"""Finding the header row and which column holds which field: Indonesian and English headings as
organisers write them, notes in brackets, two-row headers with merged cells."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from workshop.attendees.importing.cells import cell_text
from workshop.attendees.importing.fields import ROW_NUMBER
from workshop.attendees.reference import fold

HEADER_SCAN_ROWS = 20

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
