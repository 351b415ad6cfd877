"""Rules for one person's data (DESIGN.md §3), as pure functions: no database, no request.
Each returns the clean value or raises FieldProblem with a message in the user's language."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from workshop.attendees.models import Category
from workshop.attendees.reference import golongan_by_scheme

MAX_NAME = 200
# A person's fields, as forms, imports and the API hand them to check_person.
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


@dataclass
class FieldProblem(Exception):
    field: str
    message: object  # a lazy string
    level: str = "error"  # or "warning": accepted once the person confirms
    code: str = ""

    def __str__(self) -> str:
        return str(self.message)


_NAME_OK = re.compile(r"^[^\W\d_]+(?:[ '’.,\-]+[^\W\d_]*)*[.]?$", re.UNICODE)


def clean_name(value: str, field: str = "full_name") -> str:
    """Keep what people write — letters (accented too), spaces, apostrophes, periods, commas,
    hyphens — and refuse digits, control characters and markup."""
    name = unicodedata.normalize("NFC", " ".join((value or "").split()))
    if not name:
        raise FieldProblem(field, _l("Enter the full name."))
    if len(name) > MAX_NAME:
        raise FieldProblem(field, _l("The name is too long (at most 200 characters)."))
    if any(ch.isdigit() for ch in name):
        raise FieldProblem(field, _l("A name cannot contain digits."))
    if any(unicodedata.category(ch).startswith("C") for ch in name) or not _NAME_OK.match(name):
        raise FieldProblem(
            field, _l("A name may contain letters, spaces, apostrophes, periods, commas and hyphens only.")
        )
    return name.replace("’", "'")


@dataclass(frozen=True)
class Nip:
    digits: str
    birth_date: date
    appointed: tuple[int, int]  # year, month
    sex: str  # L or P

    @property
    def formatted(self) -> str:
        d = self.digits
        return f"{d[:8]} {d[8:14]} {d[14]} {d[15:]}"


def _digits_only(value: str, field: str) -> str:
    text = str(value or "").strip()
    if re.fullmatch(r"\d+(\.0+)?[eE]\+?\d+|\d+\.\d+[eE]\+?\d+", text) or re.fullmatch(r"\d{15,}\.0", text):
        # What Excel does to a long number: 1.98609262015051E+17 or 198609262015051000.0
        raise FieldProblem(
            field,
            _l(
                "This number was stored by Excel as a number and lost its last digits. Format the column as text and type it again."
            ),
            code="excel_number",
        )
    if re.search(r"[^\d\s.\-]", text):
        raise FieldProblem(field, _l("Use digits only."))
    return re.sub(r"[\s.\-]", "", text)


def parse_nip(value: str, field: str = "nip") -> Nip:
    """NIP: 18 digits — birth date YYYYMMDD, appointment YYYYMM, sex digit, 3-digit sequence."""
    digits = _digits_only(value, field)
    if len(digits) != 18:
        raise FieldProblem(field, _l("A NIP has 18 digits (this one has %(n)d).", n=len(digits)))
    try:
        birth = date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise FieldProblem(
            field, _l("The NIP's birth date (first 8 digits) is not a real date."), code="nip_birth"
        )
    year, month = int(digits[8:12]), int(digits[12:14])
    today = date.today()
    if not (1900 <= birth.year <= today.year - 15):
        raise FieldProblem(
            field, _l("The NIP's birth date (first 8 digits) is not a real date."), code="nip_birth"
        )
    if not (1 <= month <= 12) or not (birth.year + 15 <= year <= today.year + 1):
        raise FieldProblem(
            field, _l("The NIP's appointment date (digits 9–14) is not possible."), code="nip_tmt"
        )
    if digits[14] not in "12":
        raise FieldProblem(field, _l("The NIP's 15th digit must be 1 (male) or 2 (female)."), code="nip_sex")
    return Nip(digits, birth, (year, month), "L" if digits[14] == "1" else "P")


def parse_ni_pppk(value: str, field: str = "nip") -> str:
    digits = _digits_only(value, field)
    if len(digits) != 18:
        raise FieldProblem(field, _l("A NI PPPK has 18 digits (this one has %(n)d).", n=len(digits)))
    return digits


def clean_phone(value: str, field: str = "phone") -> str | None:
    """0812-3456-789, +62 812…, 62812… -> +62812…"""
    text = str(value or "").strip()
    if not text:
        return None
    if re.fullmatch(r"\d+\.0", text):
        text = text[:-2]
    if re.fullmatch(r"8\d{8,11}", text):  # Excel dropped the leading 0
        text = "0" + text
    elif re.fullmatch(r"62\s*8[\d\s\-]{8,16}", text):  # country code without the plus
        text = "+" + text
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        raise FieldProblem(field, _l("This is not a phone number."))
    if not phonenumbers.is_valid_number(number):
        raise FieldProblem(field, _l("This is not a valid phone number."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def clean_email(value: str, field: str = "email") -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if len(text) > 254:
        raise FieldProblem(field, _l("The email address is too long."))
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise FieldProblem(field, _l("This is not a valid email address."))


_GENDER = {
    "l": "L",
    "p": "P",
    "laki laki": "L",
    "laki-laki": "L",
    "lakilaki": "L",
    "pria": "L",
    "perempuan": "P",
    "wanita": "P",
    "male": "L",
    "female": "P",
    "m": "L",
    "f": "P",
    "w": "P",
}


def _lookup_key(value: str, old: str, new: str) -> str:
    """What was typed, lower case, with ``old`` made ``new`` and the spaces folded."""
    return " ".join(str(value or "").strip().lower().replace(old, new).split())


def clean_gender(value: str, field: str = "gender") -> str:
    found = _GENDER.get(_lookup_key(value, ".", ""))
    if not found:
        raise FieldProblem(field, _l("Choose L (male) or P (female)."))
    return found


_CATEGORY = {c.value.lower(): c.value for c in Category}
_CATEGORY.update(
    {
        "asn": "PNS",
        "non asn": "non-ASN",
        "nonasn": "non-ASN",
        "honorer": "non-ASN",
        "forum anak daerah": "Forum Anak",
        "anak": "Forum Anak",
        "swasta": "dunia usaha",
        "lsm": "lembaga masyarakat",
        "ormas": "lembaga masyarakat",
    }
)


def clean_category(value: str, field: str = "category") -> str:
    key = _lookup_key(value, "-", " ")
    key = {"non asn": "non-asn"}.get(key, key)
    found = _CATEGORY.get(key) or _CATEGORY.get(key.replace("-", " "))
    if not found:
        raise FieldProblem(field, _l("Choose a category."))
    return found


_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def clean_golongan(value: str, category: str, field: str = "golongan") -> str | None:
    """'III/c', 'Penata / III.c', 'Penata Muda Tk.I (III/b)', '3c' -> 'III/c' for PNS;
    'IX' or '9' for PPPK. Other categories have none."""
    text = str(value or "").strip()
    if not text:
        return None
    table = golongan_by_scheme()
    if category == Category.PNS.value:
        match = re.search(r"\b(IV|III|II|I|[1-4])\s*[/.\-]?\s*([a-eA-E])\b", text)
        if not match:
            raise FieldProblem(field, _l("Write the golongan like III/a (PNS: I/a to IV/e)."))
        gol = f"{_ROMAN.get(match.group(1), match.group(1).upper())}/{match.group(2).lower()}"
        if gol not in table["PNS"]:
            raise FieldProblem(field, _l("Write the golongan like III/a (PNS: I/a to IV/e)."))
        return gol
    if category == Category.PPPK.value:
        cleaned = re.sub(r"(?i)^(gol(ongan)?\.?\s*)", "", text).strip().upper()
        if cleaned.isdigit() and 1 <= int(cleaned) <= 17:
            cleaned = list(table["PPPK"])[int(cleaned) - 1]
        if cleaned not in table["PPPK"]:
            raise FieldProblem(field, _l("PPPK golongan runs from I to XVII."))
        return cleaned
    raise FieldProblem(field, _l("Only PNS and PPPK have a golongan."))


def clean_text(value: str, field: str, max_length: int, required_message=None) -> str:
    text = " ".join(str(value or "").split())
    if not text and required_message:
        raise FieldProblem(field, required_message)
    if len(text) > max_length:
        raise FieldProblem(field, _l("Too long (at most %(n)d characters).", n=max_length))
    if re.search(r"[<>]", text) or any(unicodedata.category(ch) == "Cc" for ch in text):
        raise FieldProblem(field, _l("Remove the characters < and >."))
    return text


def same_phone(stored: str | None, typed: str | None) -> bool:
    """Whether ``typed`` is the phone number ``stored`` (however either is written)."""
    if not stored or not typed:
        return False
    try:
        return clean_phone(stored) == clean_phone(typed)
    except FieldProblem:
        return False


def last_four_digits(phone: str | None) -> str:
    return re.sub(r"\D", "", phone or "")[-4:]


def format_nip(digits: str | None, category: str | None = None) -> str:
    """A NIP in its usual groups, "19860926 201505 1 001" (birth date, appointment, sex, number).
    A PPPK's NI PPPK is written as it is; without a category any 18 digits are grouped."""
    if not digits:
        return ""
    if len(digits) != 18 or category not in (None, "PNS"):
        return digits
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
