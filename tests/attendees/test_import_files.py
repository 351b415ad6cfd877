"""Reading organisers' files: title rows, merged two-row headers, Indonesian and English headers,
footers, blank rows, numeric NIPs, CSV dialects — and refusing what is not a spreadsheet.
The builders here are shared by the other import tests."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from workshop.attendees import importing

HEADER_ID = [
    "NO",
    "NAMA",
    "NIP",
    "PANGKAT/GOL",
    "JABATAN",
    "INSTANSI",
    "L/P",
    "NO. HP / WA",
    "E-MAIL",
    "KATEGORI",
]
# Three colleagues: a PNS with a spaced NIP, a PNS with golongan written the long way, a non-ASN.
PEOPLE = [
    [
        1,
        "Muh. Ma'ruf, S.Pd.I.",
        "19860926 201505 1 001",
        "Penata / III.c",
        "Analis Kebijakan",
        "Dinkes",
        "L",
        "0812-3456-7890",
        "maruf@example.go.id",
        "PNS",
    ],
    [
        2,
        "Rina Lestari, S.Sos.",
        "199001012018012003",
        "Penata Muda Tk.I (III/b)",
        "Penyuluh",
        "DINAS KESEHATAN KOTA SERANG",
        "Perempuan",
        "+62 813 1111 2222",
        "rina@example.go.id",
        "PNS",
    ],
    [
        3,
        "Andi Saputra",
        "",
        "",
        "Ketua LPA",
        "Lembaga Perlindungan Anak",
        "Laki-laki",
        "6281399998888",
        "",
        "non-ASN",
    ],
]
FOOTER = [
    [],
    [None, None, None, None, None, "Serang, 20 November 2026"],
    [None, None, None, None, None, "Ketua Panitia"],
    [],
    [None, None, None, None, None, "Drs. H. Ahmad Fauzi, M.Si."],
    [None, None, None, None, None, "NIP. 19700101 199003 1 002"],
]


def xlsx(
    rows: list[list], merges: tuple[str, ...] = (), sheets: dict[str, list[list]] | None = None
) -> bytes:
    """A workbook whose first sheet holds ``rows`` from A1 (None leaves a cell empty)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Peserta"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, c, value)
    for cells in merges:
        ws.merge_cells(cells)
    for title, extra in (sheets or {}).items():
        other = wb.create_sheet(title)
        for row in extra:
            other.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def messy_xlsx(people=PEOPLE, header=HEADER_ID) -> bytes:
    """Two title rows (merged), a blank row, the header, people, a blank row and a footer."""
    rows = [
        ["DAFTAR PESERTA BINTEK PENINGKATAN KAPASITAS GUGUS TUGAS KLA"],
        ["Kota Serang, 18 – 20 November 2026"],
        [],
        header,
        *people,
        *FOOTER,
    ]
    return xlsx(rows, merges=("A1:J1", "A2:J2"))


def csv_bytes(rows: list[list], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    text = "\r\n".join(delimiter.join("" if v is None else str(v) for v in row) for row in rows) + "\r\n"
    return text.encode(encoding)


# ---- the messy workbook ----------------------------------------------------------------------


def test_title_rows_header_people_and_footer_are_told_apart():
    parsed = importing.read_people(messy_xlsx())
    assert parsed.kind == "xlsx"
    assert parsed.header_row == 4
    assert [line.row for line in parsed.lines] == [5, 6, 7]
    assert parsed.lines[0].texts["nip"] == "19860926 201505 1 001"
    assert parsed.lines[1].texts["institution"] == "DINAS KESEHATAN KOTA SERANG"
    reasons = {s.row: s.reason for s in parsed.skipped}
    # Every line is the header, a person or skipped: titles, blanks, footer and signatures.
    assert reasons == {
        1: "title",
        2: "title",
        3: "blank",
        8: "blank",
        9: "footer",
        10: "footer",
        11: "blank",
        12: "footer",
        13: "footer",
    }


def test_a_two_row_merged_header_is_read_as_one():
    rows = [
        ["DAFTAR HADIR PESERTA"],
        ["NO", "NAMA LENGKAP", "IDENTITAS", None, None, "INSTANSI", "L/P"],
        [None, None, "NIP", "PANGKAT/GOL", "JABATAN"],
        ["1", "2", "3", "4", "5", "6", "7"],
        [1, "Rina Lestari", "19900101 201801 2 003", "III/b", "Staf", "Bappeda", "P"],
    ]
    parsed = importing.read_people(xlsx(rows, merges=("A1:G1", "A2:A3", "B2:B3", "C2:E2", "F2:F3", "G2:G3")))
    assert parsed.header.columns == {
        "row_number": 0,
        "full_name": 1,
        "nip": 2,
        "golongan": 3,
        "position": 4,
        "institution": 5,
        "gender": 6,
    }
    assert parsed.header_row == 3
    assert [line.row for line in parsed.lines] == [5]
    assert [s.reason for s in parsed.skipped] == ["title", "header"]  # the title, then 1 | 2 | 3 ...
    assert parsed.lines[0].texts["position"] == "Staf"


def test_a_two_row_header_in_a_csv_and_a_title_right_above_a_header():
    two_rows = importing.read_people(
        csv_bytes(
            [
                ["No", "Nama", "Identitas", "", "Instansi"],
                ["", "", "NIP", "Jabatan", ""],
                ["1", "Rina Lestari", "19900101 201801 2 003", "Staf", "Bappeda"],
            ]
        )
    )
    assert two_rows.header.columns == {
        "row_number": 0,
        "full_name": 1,
        "nip": 2,
        "position": 3,
        "institution": 4,
    }
    assert two_rows.header_row == 2 and two_rows.skipped == []
    titled = importing.read_people(csv_bytes([["DAFTAR HADIR"], ["Nama", "Instansi"], ["Rina", "Bappeda"]]))
    assert titled.header_row == 2 and [s.reason for s in titled.skipped] == ["title"]


def test_an_institution_merged_down_over_its_staff_belongs_to_each_of_them():
    rows = [
        ["NO", "NAMA", "INSTANSI", "L/P"],
        [1, "Rina Lestari", "Dinas Kesehatan", "P"],
        [2, "Budi Santoso", None, "L"],
        [3, "Dewi", None, "P"],
        [4, "Sari", "Bappeda", "P"],
        [None, "Serang, 20 November 2026"],
        [None, "Ketua Panitia"],
    ]
    parsed = importing.read_people(xlsx(rows, merges=("C2:C4", "B6:D6", "B7:D7")))
    assert [line.texts["institution"] for line in parsed.lines] == ["Dinas Kesehatan"] * 3 + ["Bappeda"]
    assert [s.reason for s in parsed.skipped] == ["footer", "footer"]


@pytest.mark.parametrize(
    "header",
    [
        [
            "NO",
            "NAMA",
            "NIP",
            "PANGKAT/GOL",
            "JABATAN",
            "INSTANSI",
            "L/P",
            "NO. HP / WA",
            "E-MAIL",
            "KATEGORI",
        ],
        [
            "No.",
            "Nama Lengkap",
            "NIP/NI PPPK",
            "Golongan",
            "Jabatan",
            "OPD",
            "Jenis Kelamin",
            "No HP/WA",
            "Email",
            "Status Kepegawaian",
        ],
        ["#", "Name", "nip", "Grade", "Position", "Institution", "Gender", "Phone", "e-mail", "Category"],
        [
            "NO",
            "NAMA LENGKAP (beserta gelar)",
            "N I P",
            "PANGKAT / GOL. RUANG",
            "JABATAN",
            "ASAL INSTANSI",
            "JK",
            "TELEPON",
            "ALAMAT EMAIL",
            "KATEGORI",
        ],
    ],
)
def test_header_names_in_indonesian_or_english_in_any_case(header):
    parsed = importing.read_people(messy_xlsx(header=header))
    assert set(parsed.header.columns) >= {
        "full_name",
        "nip",
        "golongan",
        "position",
        "institution",
        "gender",
        "phone",
        "email",
        "category",
    }
    assert parsed.lines[0].texts == {
        "full_name": "Muh. Ma'ruf, S.Pd.I.",
        "nip": "19860926 201505 1 001",
        "golongan": "Penata / III.c",
        "position": "Analis Kebijakan",
        "institution": "Dinkes",
        "gender": "L",
        "phone": "0812-3456-7890",
        "email": "maruf@example.go.id",
        "category": "PNS",
    }


def test_unit_kerja_is_the_institution_unless_there_is_an_instansi_column():
    alone = importing.read_people(
        xlsx([["Nama", "Unit Kerja", "No HP"], ["Rina", "Bappeda", "0812-3456-7890"]])
    )
    assert alone.header.columns["institution"] == 1 and "work_unit" not in alone.header.columns
    both = importing.read_people(
        xlsx([["Nama", "Unit Kerja", "Instansi"], ["Rina", "Bidang Sosial", "Bappeda"]])
    )
    assert both.header.columns["institution"] == 2 and both.header.columns["work_unit"] == 1


def test_the_header_is_searched_in_the_first_twenty_rows_only():
    title = [[f"catatan {i}"] for i in range(20)]
    with pytest.raises(importing.ImportFileError) as caught:
        importing.read_people(xlsx(title + [["NAMA", "NIP"], ["Rina", "19900101 201801 2 003"]]))
    assert caught.value.code == "no_header"
    parsed = importing.read_people(xlsx(title[:19] + [["NAMA", "NIP"], ["Rina", "19900101 201801 2 003"]]))
    assert parsed.header_row == 20


def test_a_header_needs_a_name_column_and_one_more():
    for rows in (
        [["NIP", "JABATAN", "INSTANSI"], ["19900101 201801 2 003", "Staf", "Bappeda"]],
        [["NAMA", "TANDA TANGAN"], ["Rina", ""]],
    ):
        with pytest.raises(importing.ImportFileError) as caught:
            importing.read_people(xlsx(rows))
        assert caught.value.code == "no_header"


def test_a_line_is_a_person_with_a_name_and_another_identifying_field():
    rows = [
        ["NAMA", "NIP", "JABATAN", "INSTANSI", "L/P"],
        ["Kelompok I", None, None, None, None],  # a sub-heading: skipped
        ["Rina Lestari", None, None, "Bappeda", "P"],  # name + instansi: a person
        ["Budi", None, None, None, "L"],  # name + gender only: not enough
        [None, "19900101 201801 2 003", "Staf", "Bappeda", "P"],  # no name, but clearly a person
        ["NAMA", "NIP", "JABATAN", "INSTANSI", "L/P"],  # the header again, on the next printed page
        ["Dewi", None, "Ketua Panitia", "Bappeda", "P"],
    ]  # her jabatan is not the footer
    parsed = importing.read_people(xlsx(rows))
    assert [line.row for line in parsed.lines] == [3, 5, 7]
    assert {s.row: s.reason for s in parsed.skipped} == {2: "not_person", 4: "not_person", 6: "header"}


def test_everything_after_the_footer_is_skipped_even_a_signature_with_a_nip():
    rows = [
        ["NAMA", "NIP", "INSTANSI"],
        ["Rina Lestari", "19900101 201801 2 003", "Bappeda"],
        ["Mengetahui,", None, "Serang, 20 November 2026"],
        ["Kepala Bappeda Kota Serang", None, "Ketua Panitia"],
        ["Drs. H. Ahmad Fauzi", "19700101 199003 1 002", "Bappeda"],
    ]
    parsed = importing.read_people(xlsx(rows))
    assert [line.row for line in parsed.lines] == [2]
    assert [s.reason for s in parsed.skipped] == ["footer", "footer", "footer"]


def test_sub_headings_and_names_that_look_like_footer_words_are_not_the_footer():
    rows = [
        ["NAMA", "JABATAN", "INSTANSI"],
        ["Ketua", None, None],
        ["An Nisa Rahmawati", "Ketua", "Bappeda"],
        ["Kepala Perangkat Daerah", None, None],
        ["Budi Santoso", "Kepala Dinas", "Dinsos"],
    ]
    parsed = importing.read_people(xlsx(rows))
    assert [line.row for line in parsed.lines] == [3, 5]
    assert [s.reason for s in parsed.skipped] == ["not_person", "not_person"]


def test_a_place_and_date_line_alone_starts_the_footer():
    rows = [
        ["NAMA", "INSTANSI", "NO HP"],
        ["Rina", "Bappeda", "0812-3456-7890"],
        [None, "Serang, 20 November 2026"],
        [None, "Panitia"],
        ["Siti Rahmawati", "Bappeda", "0812-1111-2222"],
    ]
    parsed = importing.read_people(xlsx(rows))
    assert [line.row for line in parsed.lines] == [2]


def test_a_nip_excel_stored_as_a_number_is_marked_whatever_its_digits():
    rows = [
        ["NAMA", "NIP", "INSTANSI"],
        ["Rina", 199001012018012003, "Bappeda"],  # 18 digits, kept as a number
        ["Budi", 1.98609262015051e17, "Bappeda"],  # what Excel really keeps
        ["Dewi", "19860926 201505 2 001", "Bappeda"],  # text: fine
        ["Sari", 12345, "Bappeda"],
    ]  # a short number: simply a wrong NIP
    lines = importing.read_people(xlsx(rows)).lines
    assert [line.nip_is_number for line in lines] == [True, True, False, False]
    assert lines[1].texts["nip"] == "1.98609262015051E+17"


def test_the_first_sheet_with_a_header_is_read():
    data = xlsx(
        [["Rekap per OPD"], ["Bappeda", 3]], sheets={"Daftar": [["NAMA", "INSTANSI"], ["Rina", "Bappeda"]]}
    )
    parsed = importing.read_people(data)
    assert parsed.sheet_name == "Daftar" and [line.row for line in parsed.lines] == [2]


# ---- CSV -------------------------------------------------------------------------------------


def test_csv_with_semicolons_and_a_bom():
    rows = [
        ["DAFTAR PESERTA"],
        [],
        ["No", "Nama", "NIP", "Instansi", "L/P", "No HP"],
        [
            1,
            "Rina Lestari",
            "19900101 201801 2 003",
            "Bappeda; Kota Serang".replace(";", ""),
            "P",
            "0813-1111-2222",
        ],
        [2, "Chloé Ma'ruf", "", "Forum Anak Daerah", "P", "0813-3333-4444"],
    ]
    data = "\ufeff".encode() + csv_bytes(rows, delimiter=";")
    parsed = importing.read_people(data)
    assert parsed.kind == "csv" and parsed.header_row == 3
    assert [line.texts["full_name"] for line in parsed.lines] == ["Rina Lestari", "Chloé Ma'ruf"]
    assert parsed.lines[0].texts["full_name"] == "Rina Lestari"  # no BOM glued to the first cell
    assert [s.reason for s in parsed.skipped] == ["title", "blank"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiter_is_sniffed(delimiter):
    rows = [["Nama", "Instansi", "No HP"], ["Rina Lestari", "Dinas Kesehatan, Kota Serang", "0813-1111-2222"]]
    text = "\r\n".join(delimiter.join(f'"{v}"' for v in row) for row in rows)
    parsed = importing.read_people(text.encode())
    assert parsed.lines[0].texts["institution"] == "Dinas Kesehatan, Kota Serang"


def test_csv_in_windows_1252_is_read():
    data = csv_bytes([["Nama", "Instansi"], ["Chloé Müller", "Bappeda"]], encoding="cp1252")
    assert importing.read_people(data).lines[0].texts["full_name"] == "Chloé Müller"


# ---- what is refused ----------------------------------------------------------------------------


def _zip(names: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in names.items():
            archive.writestr(name, content)
    return out.getvalue()


EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 64
    + b"This program cannot be run in DOS mode."
)


@pytest.mark.parametrize(
    "data, code",
    [
        (EXE, "not_spreadsheet"),  # an .exe renamed .xlsx
        (_zip({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<x/>"}), "not_spreadsheet"),  # a .docx
        (b"PK\x03\x04 this is not really a zip", "not_spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "xls"),  # old Excel
        (b"", "empty"),
        (b"\n\n  \n", "empty"),
        (_zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<broken"}), "broken"),
        (xlsx([]), "empty"),  # an empty sheet
        (xlsx([["Laporan"], ["Jumlah", 45]]), "no_header"),
        (xlsx([["NAMA", "NIP"], [], [None, "Serang, 20 November 2026"]]), "no_people"),
        (csv_bytes([["a", "b"], ["1", "2"]]), "no_header"),
    ],
)
def test_files_that_cannot_be_imported_get_one_clear_message(data, code):
    with pytest.raises(importing.ImportFileError) as caught:
        importing.read_people(data)
    assert caught.value.code == code
    assert str(caught.value.message)  # a message, not an exception's repr


def test_the_kind_comes_from_the_content_not_the_name():
    assert importing.sniff_kind(messy_xlsx()) == "xlsx"
    assert importing.sniff_kind(b"Nama;NIP\r\nRina;1\r\n") == "csv"
