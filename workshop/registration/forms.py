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

    full_name = StringField(
        _l("Full name with academic titles (gelar)"),
        description=_l("As it should appear on the certificate, e.g. Dr. Siti Aminah, S.Pd., M.Si."),
        validators=[Length(max=200, message=_l("At most 200 characters."))],
    )
    # Required fields and the rules are checked by the service, so every problem is reported at once.
    gender = RadioField(_l("Gender (jenis kelamin)"), choices=gender_choices, validate_choice=False)
    category = SelectField(_l("Category"), choices=category_choices, validate_choice=False)
    nip = StringField(
        _l("NIP / NI PPPK"),
        description=_l("For PNS and PPPK only: 18 digits, spaces allowed."),
        validators=[Length(max=40, message=_l("At most 40 characters."))],
    )
    golongan = StringField(_l("Pangkat / golongan"), validators=[Length(max=20)])
    position = StringField(
        _l("Position (jabatan)"), validators=[Length(max=300, message=_l("At most 300 characters."))]
    )
    institution = StringField(
        _l("Institution (instansi / OPD)"),
        description=_l("e.g. Dinas Kesehatan Kota Serang"),
        validators=[Length(max=200, message=_l("At most 200 characters."))],
    )
    work_unit = StringField(
        _l("Work unit (unit kerja)"), validators=[Length(max=200, message=_l("At most 200 characters."))]
    )
    phone = StringField(
        _l("Mobile / WhatsApp number"),
        description=_l("e.g. 0812-3456-7890. Its last four digits help you find your ticket again."),
        validators=[Length(max=30, message=_l("At most 30 characters."))],
    )
    email = StringField(
        _l("Email"),
        validators=[Length(max=254, message=_l("At most 254 characters."))],
    )
    confirm_warnings = BooleanField(_l("I have checked: this is correct."))

    def to_data(self) -> dict:
        return {name: self[name].data or "" for name in PERSON_FIELDS}


class RegistrationForm(PersonForm):
    guardian_name = StringField(
        _l("Name of the parent or guardian"),
        validators=[Length(max=200, message=_l("At most 200 characters."))],
    )
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
    proof = StringField(
        _l("Your NIP, or the last four digits of your phone number"),
        validators=[
            DataRequired(_l("Enter your NIP or the last four digits of your phone number.")),
            Length(max=40, message=_l("At most 40 characters.")),
        ],
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
    phone_last_four = StringField(
        _l("Last four digits of your phone number"),
        validators=[
            DataRequired(_l("Enter the last four digits of your phone number.")),
            Regexp(r"^\s*\d{4}\s*$", message=_l("Enter exactly four digits.")),
        ],
    )


class DeletionForm(FlaskForm):
    confirm = BooleanField(
        _l("I want my registration cancelled and my personal data deleted."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )
