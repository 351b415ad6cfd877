from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from workshop.attendees.forms import _blank, category_choices, gender_choices


class SelfCheckInForm(FlaskForm):
    """One tap: 'I am here'. Only the CSRF token; the person comes from the ticket cookie."""


class VoidForm(FlaskForm):
    reason = StringField(
        _l("Reason"), validators=[DataRequired(_l("Say why this check-in is undone.")), Length(max=300)]
    )


def self_checkin_choices():
    return [
        ("poster", _l("Printed poster (the QR stays the same)")),
        ("rotating", _l("Screen at the venue (the QR changes every 30 seconds)")),
        ("off", _l("Off (only staff scan)")),
    ]


class SelfCheckInModeForm(FlaskForm):
    mode = RadioField(_l("Self check-in"), choices=self_checkin_choices, validators=[DataRequired()])


class PaperForm(FlaskForm):
    """The ticked names come as repeated ``number`` fields."""


class PairingForm(FlaskForm):
    name = StringField(
        _l("Name of the phone"),
        validators=[DataRequired(_l("Give the phone a name, e.g. 'Pintu Aula 1'.")), Length(max=120)],
    )


class PairForm(FlaskForm):
    """Confirming the pairing on the scanner phone: only the CSRF token."""


class WalkInForm(FlaskForm):
    """Rendered on the scanner page; the scanner's script sends it to the walk-in API, which
    applies the attendee rules and answers field by field."""

    full_name = StringField(_l("Full name with gelar"), validators=[Length(max=200)])
    gender = SelectField(_l("Gender (L/P)"), choices=lambda: _blank("—") + gender_choices())
    category = SelectField(_l("Category"), choices=lambda: _blank("—") + category_choices())
    nip = StringField(
        _l("NIP / NI PPPK"),
        render_kw={"inputmode": "numeric"},
        description=_l("18 digits, for PNS and PPPK."),
    )
    institution = StringField(_l("Institution (OPD)"))
    position = StringField(_l("Position (jabatan)"))
    phone = StringField(_l("Phone (WhatsApp)"), render_kw={"inputmode": "tel"})
