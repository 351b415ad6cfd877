"""Person-data rules of DESIGN.md §3, without a database."""

from datetime import date

import pytest

from workshop.attendees import rules
from workshop.attendees.reference import canonical_institution, institution_key
from workshop.attendees.rules import FieldProblem


@pytest.fixture(autouse=True)
def _request_context(app):
    # Messages are lazy translations: they need an app to be turned into text.
    with app.test_request_context():
        yield


@pytest.mark.parametrize(
    "name",
    [
        "Muh. Ma'ruf, S.Pd.I.",
        "Dr. Ré Ölsen-Putri, M.Si.",
        "Drs. Dermawan, M.Si.",
        "Siti Nur’aini",
        "I Gusti Ayu",
    ],
)
def test_names_keep_what_people_write(name):
    assert rules.clean_name(name) == name.replace("’", "'")


@pytest.mark.parametrize(
    "name, message",
    [
        ("", "Isi nama lengkap"),
        ("Budi 2", "angka"),
        ("<b>Budi</b>", "hanya boleh berisi huruf"),
        ("Budi\x07Santoso", "hanya boleh berisi huruf"),
        ("A" * 201, "terlalu panjang"),
    ],
)
def test_names_refuse_digits_markup_and_control_characters(name, message):
    with pytest.raises(FieldProblem, match=f"(?i){message}"):
        rules.clean_name(name)


def test_nip_with_or_without_spaces():
    nip = rules.parse_nip("19860926 201505 1 001")
    assert nip.digits == "198609262015051001"
    assert nip.birth_date == date(1986, 9, 26)
    assert nip.appointed == (2015, 5)
    assert nip.sex == "L"
    assert nip.formatted == "19860926 201505 1 001"
    assert rules.parse_nip("198609262015052001").sex == "P"


@pytest.mark.parametrize(
    "nip, code",
    [
        ("19861326 201505 1 001", "nip_birth"),  # month 13
        ("19860230 201505 1 001", "nip_birth"),  # 30 February
        ("19860926 201513 1 001", "nip_tmt"),  # appointment month 13
        ("19860926 199505 1 001", "nip_tmt"),  # appointed at nine
        ("19860926 201505 3 001", "nip_sex"),  # sex digit 3
    ],
)
def test_impossible_nips_are_refused(nip, code):
    with pytest.raises(FieldProblem) as problem:
        rules.parse_nip(nip)
    assert problem.value.code == code


@pytest.mark.parametrize("text", ["1.98609262015051E+17", "198609262015051000.0"])
def test_nip_that_excel_stored_as_a_number_is_refused(text):
    with pytest.raises(FieldProblem) as problem:
        rules.parse_nip(text)
    assert problem.value.code == "excel_number"


def test_nip_length_is_checked():
    with pytest.raises(FieldProblem, match="18"):
        rules.parse_nip("1986092620150510")
    assert rules.parse_ni_pppk("19900101 202321 2 005") == "199001012023212005"
    with pytest.raises(FieldProblem, match="18"):
        rules.parse_ni_pppk("1234")


@pytest.mark.parametrize(
    "phone", ["0812-3456-7890", "+62 812 3456 7890", "62812-3456-7890", "6281234567890", "812 3456 7890"]
)
def test_phones_are_stored_as_e164(phone):
    assert rules.clean_phone(phone) == "+6281234567890"


@pytest.mark.parametrize("phone", ["12", "0812-ABCD", "+1 202"])
def test_bad_phones_are_refused(phone):
    with pytest.raises(FieldProblem):
        rules.clean_phone(phone)


def test_email_is_checked_and_lowered():
    assert rules.clean_email(" Siti@Dinkes.SerangKota.go.id ") == "siti@dinkes.serangkota.go.id"
    assert rules.clean_email("") is None
    with pytest.raises(FieldProblem):
        rules.clean_email("siti@")


@pytest.mark.parametrize(
    "text, category, expected",
    [
        ("III/c", "PNS", "III/c"),
        ("Penata / III.c", "PNS", "III/c"),
        ("Penata Muda Tk.I (III/b)", "PNS", "III/b"),
        ("IV/e", "PNS", "IV/e"),
        ("IX", "PPPK", "IX"),
        ("9", "PPPK", "IX"),
        ("", "PNS", None),
    ],
)
def test_golongan_is_read_from_what_organisers_write(text, category, expected):
    assert rules.clean_golongan(text, category) == expected


@pytest.mark.parametrize(
    "text, category", [("V/a", "PNS"), ("III/f", "PNS"), ("XVIII", "PPPK"), ("III/a", "non-ASN")]
)
def test_golongan_must_match_the_category(text, category):
    with pytest.raises(FieldProblem):
        rules.clean_golongan(text, category)


@pytest.mark.parametrize("text, expected", [("L", "L"), ("p", "P"), ("Laki-laki", "L"), ("PEREMPUAN", "P")])
def test_gender(text, expected):
    assert rules.clean_gender(text) == expected


def test_dinkes_and_its_long_name_are_one_institution():
    assert canonical_institution("Dinkes")[0] == canonical_institution("DINAS KESEHATAN KOTA SERANG")[0]
    assert canonical_institution("Dinkes")[1] == "Dinas Kesehatan"
    assert canonical_institution("dinas  kesehatan,  kab. serang")[0] == "dinas kesehatan"
    assert (
        canonical_institution("DP3AKB Kota Serang")[1] == "Dinas Pemberdayaan Perempuan dan Perlindungan Anak"
    )
    assert institution_key("Yayasan Pelita Harapan") == "yayasan pelita harapan"
