from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from workshop.letters.services import SIFAT_CHOICES


def _text(label, max_length: int, required: bool = False, description=""):
    validators = [Length(max=max_length, message=_l("At most %(max)d characters.", max=max_length))]
    if required:
        validators.insert(0, InputRequired(message=_l("This field is required.")))
    return StringField(label, validators=validators, description=description)


class LetterSettingsForm(FlaskForm):
    """Numbering, headings and the signer of the event's letters; rules in services.save_settings."""

    classification_code = _text(
        _l("Classification code (kode klasifikasi)"),
        20,
        True,
        _l("e.g. 005 (undangan) from the archive classification."),
    )
    unit_code = _text(_l("Unit code (kode unit)"), 40, True, _l("e.g. Bappeda or DP3AKB."))
    shared_numbering = BooleanField(_l("Number with the unit's other events (one agenda book per unit code)"))
    place = _text(_l("Place of signing"), 100, True)
    letter_date = DateField(
        _l("Date of the letters"),
        validators=[Optional()],
        description=_l("Empty: the day they are generated."),
    )
    sifat = SelectField(
        _l("Nature (sifat)"), choices=lambda: [(s, s) for s in SIFAT_CHOICES], validate_choice=False
    )
    hal_undangan = _text(_l("Subject of the invitations (hal)"), 300, True)
    hal_narasumber = _text(_l("Subject of the requests for speakers (hal)"), 300, True)
    signer_position = _text(
        _l("Signer's position (jabatan)"), 200, description=_l("e.g. Kepala Bappeda Kota Serang")
    )
    signer_name = _text(_l("Signer's name"), 200)
    signer_rank = _text(_l("Signer's rank/grade (pangkat/golongan)"), 100)
    signer_nip = StringField(
        _l("Signer's NIP"), validators=[Length(max=24, message=_l("A NIP has 18 digits."))]
    )


class AddresseeForm(FlaskForm):
    head_title = _text(
        _l("Addressed to (the head's title)"),
        300,
        description=_l("Empty: the usual title from the institution's name."),
    )
    address = _text(_l("Address line"), 200, description=_l("e.g. di Serang, or di Jakarta"))
    people_requested = IntegerField(
        _l("People asked for"),
        validators=[Optional(), NumberRange(min=1, max=500, message=_l("Between 1 and 500."))],
        description=_l("Empty: the people listed."),
    )


class GenerateForm(FlaskForm):
    """Nothing but the CSRF token: generating numbers every letter not registered yet."""
