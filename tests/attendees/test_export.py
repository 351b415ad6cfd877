"""Spreadsheet exports: formula escaping, NIPs that keep 18 digits, phones people can read."""

import csv
import io

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook

from tests.attendees.factories import add_person
from tests.conftest import make_event, make_user
from workshop.attendees import export, listing
from workshop.attendees.listing import AttendeeQuery


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://evil.example","klik")', '\'=HYPERLINK("http://evil.example","klik")'),
        ("+62 812", "'+62 812"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Dinas Kesehatan", "Dinas Kesehatan"),
        ("", ""),
    ],
)
def test_escape_formula(value, expected):
    assert export.escape_formula(value) == expected


@pytest.mark.parametrize(
    "phone, expected",
    [
        ("+6281234567890", "0812-3456-7890"),
        ("+442079460958", "+44 20 7946 0958"),
        (None, ""),
    ],
)
def test_phones_for_the_sheet(phone, expected):
    assert export.phone_for_sheet(phone) == expected


@pytest.fixture
def people(ctx):
    """Two people; headers are asserted in English (the language of the message ids)."""
    event = make_event(make_user("org@serang.go.id"), slug="kla-serang")
    add_person(
        event,
        1,
        full_name="Muh. Ma'ruf, S.Pd.I.",
        nip="19860926 201505 1 001",
        institution='=HYPERLINK("http://evil.example","klik")',
        position="+62 jabatan",
        work_unit="@unit",
        phone="0812-3456-7890",
    )
    add_person(
        event,
        2,
        full_name="Dr. Ré Ölsen",
        category="dunia usaha",
        institution="-Swasta",
        phone="+44 20 7946 0958",
        role="narasumber",
    )
    with force_locale("en"):
        yield listing.find_attendees(event, AttendeeQuery(sort="reg"))


def test_xlsx_keeps_nip_as_text_escapes_formulas_and_reads_phones(people):
    sheet = load_workbook(io.BytesIO(export.to_xlsx(people, "Bintek"))).active
    header = [cell.value for cell in sheet[1]]
    assert header[:6] == ["No.", "Reg. no.", "Name", "L/P", "Category", "NIP / NI PPPK"]
    rows = [[cell for cell in row] for row in sheet.iter_rows(min_row=2)]
    maruf = {header[i]: cell for i, cell in enumerate(rows[0])}
    assert maruf["No."].value == 1 and maruf["Reg. no."].value == 1
    nip = maruf["NIP / NI PPPK"]
    assert nip.value == "198609262015051001" and nip.data_type == "s" and nip.number_format == "@"
    assert maruf["Name"].value == "Muh. Ma'ruf, S.Pd.I."
    assert maruf["Instansi as typed"].value == '\'=HYPERLINK("http://evil.example","klik")'
    assert maruf["Instansi as typed"].data_type == "s"  # text, never a formula
    assert maruf["Jabatan"].value == "'+62 jabatan"
    assert maruf["Unit kerja"].value == "'@unit"
    assert maruf["Phone"].value == "0812-3456-7890" and maruf["Phone"].data_type == "s"
    assert maruf["Status"].value == "registered"
    assert maruf["Role"].value == "peserta"
    olsen = {header[i]: cell.value for i, cell in enumerate(rows[1])}
    assert olsen["Name"] == "Dr. Ré Ölsen"
    assert olsen["Instansi"] == "'-Swasta"
    assert olsen["Phone"] == "+44 20 7946 0958"  # a text cell: shown as typed, never computed
    assert olsen["NIP / NI PPPK"] in (None, "")
    assert not any(cell.data_type == "f" for row in rows for cell in row)


def test_csv_is_utf8_with_bom_semicolons_and_escaped(people):
    data = export.to_csv(people)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = rows[0]
    maruf = dict(zip(header, rows[1]))
    olsen = dict(zip(header, rows[2]))
    assert len(rows) == 3 and len(header) == 15
    assert maruf["Name"] == "Muh. Ma'ruf, S.Pd.I."
    assert maruf["NIP / NI PPPK"] == "19860926 201505 1 001"  # spaced: Excel keeps it as text
    assert maruf["Instansi as typed"].startswith("'=HYPERLINK(")
    assert maruf["Jabatan"] == "'+62 jabatan"
    assert maruf["Phone"] == "0812-3456-7890"
    assert olsen["Name"] == "Dr. Ré Ölsen"
    assert olsen["Phone"] == "'+44 20 7946 0958"
    assert olsen["Instansi"] == "'-Swasta"
    # No unescaped cell begins with a formula character.
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_an_empty_list_still_has_its_header(ctx):
    with force_locale("en"):
        sheet = load_workbook(io.BytesIO(export.to_xlsx([]))).active
        assert sheet.max_row == 1 and sheet["C1"].value == "Name"
        assert export.to_csv([]).decode("utf-8-sig").count("\r\n") == 1
