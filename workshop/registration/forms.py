"""Forms of the participant's side: shape and length of input. The rules about a person's data
(NIP, golongan per category, phone, duplicates) are in workshop.attendees.services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from workshop.attendees import rules
from workshop.attendees.models import Category
from workshop.attendees.reference import golongan_by_scheme

# What a person gives on the public form: the attendee's fields but the role (always peserta).
PERSON_FIELDS = tuple(name for name in rules.PERSON_FIELDS if name != "role")


# The messages of the length limits below (each its own sentence to translate).
AT_MOST = {
    30: _l("At most 30 characters."),
    40: _l("At most 40 characters."),
    200: _l("At most 200 characters."),
    254: _l("At most 254 characters."),
    300: _l("At most 300 characters."),
}


def _text(label, max_chars: int, *validators, **kwargs) -> StringField:
    """A text field of at most ``max_chars`` characters, after ``validators``."""
    return StringField(
        label, validators=[*validators, Length(max=max_chars, message=AT_MOST[max_chars])], **kwargs
    )


def gender_choices():
    return [("L", _l("L (male)")), ("P", _l("P (female)"))]


def category_choices():
    # Domain words keep their Indonesian names in both languages.
    labels = {
        Category.PNS: "PNS",
        Category.PPPK: "PPPK",
        Category.NON_ASN: "Non-ASN",
        Category.FORUM_ANAK: "Forum Anak",
        Category.MEDIA: "Media",
        Category.DUNIA_USAHA: "Dunia usaha",
        Category.LEMBAGA_MASYARAKAT: "Lembaga masyarakat",
    }
    return [("", _l("— choose —"))] + [(c.value, labels[c]) for c in Category]


def golongan_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """[('PNS', [('III/a', 'III/a – Penata Muda'), ...]), ('PPPK', [('I', 'I'), ...])] for a select
    with one group per scheme."""
    groups = []
    for scheme, table in golongan_by_scheme().items():
        groups.append(
            (scheme, [(gol, f"{gol} – {pangkat}" if pangkat else gol) for gol, pangkat in table.items()])
        )
    return groups


class PersonForm(FlaskForm):
    """One person's data, as on the registration form (DESIGN.md §3)."""

    full_name = _text(
        _l("Full name with academic titles (gelar)"),
        200,
        description=_l("As it should appear on the certificate, e.g. Dr. Siti Aminah, S.Pd., M.Si."),
    )
    # Required fields and the rules are checked by the service, so every problem is reported at once.
    gender = RadioField(_l("Gender (jenis kelamin)"), choices=gender_choices, validate_choice=False)
    category = SelectField(_l("Category"), choices=category_choices, validate_choice=False)
    nip = _text(_l("NIP / NI PPPK"), 40, description=_l("For PNS and PPPK only: 18 digits, spaces allowed."))
    golongan = StringField(_l("Pangkat / golongan"), validators=[Length(max=20)])
    position = _text(_l("Position (jabatan)"), 300)
    institution = _text(
        _l("Institution (instansi / OPD)"), 200, description=_l("e.g. Dinas Kesehatan Kota Serang")
    )
    work_unit = _text(_l("Work unit (unit kerja)"), 200)
    phone = _text(
        _l("Mobile / WhatsApp number"),
        30,
        description=_l("e.g. 0812-3456-7890. Its last four digits help you find your ticket again."),
    )
    email = _text(_l("Email"), 254)
    confirm_warnings = BooleanField(_l("I have checked: this is correct."))

    def to_data(self) -> dict:
        return {name: self[name].data or "" for name in PERSON_FIELDS}


class RegistrationForm(PersonForm):
    guardian_name = _text(_l("Name of the parent or guardian"), 200)
    guardian_consent = BooleanField(_l("The parent or guardian agrees (statement above)."))
    consent = BooleanField(_l("I have read the notice and agree that my data is used as described."))
    notice = HiddenField()


class ConsentForm(FlaskForm):
    consent = BooleanField(
        _l("I have read the notice and agree that my data is used as described."),
        validators=[DataRequired(_l("Tick the box to agree to the use of your data."))],
    )
    notice = HiddenField()


class ProofForm(FlaskForm):
    proof = _text(
        _l("Your NIP, or the last four digits of your phone number"),
        40,
        DataRequired(_l("Enter your NIP or the last four digits of your phone number.")),
    )
    next = HiddenField()


class FindTicketForm(FlaskForm):
    reg_number = StringField(
        _l("Registration number"),
        description=_l("On your ticket, e.g. 007."),
        validators=[
            DataRequired(_l("Enter your registration number.")),
            Regexp(r"^\s*\d{1,6}\s*$", message=_l("Use digits only, e.g. 007.")),
        ],
    )
    # The whole number, not its last four digits: the registration number is printed on the
    # ticket, name tag and lists, so the phone number is the secret (docs/security.md).
    phone = StringField(
        _l("Your phone number"),
        description=_l("The number you registered with, e.g. 0812-3456-7890."),
        validators=[
            DataRequired(_l("Enter your phone number.")),
            Regexp(
                r"^\s*\+?[\d\s().\-]{8,24}\s*$",
                message=_l("Enter the whole phone number, e.g. 0812-3456-7890."),
            ),
        ],
    )


class DeletionForm(FlaskForm):
    confirm = BooleanField(
        _l("I want my registration cancelled and my personal data deleted."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )
