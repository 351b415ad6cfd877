from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from workshop.events.models import MemberRole

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
CODE_PATTERN = r"^[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*$"


def timezone_choices():
    return [
        ("Asia/Jakarta", "WIB (UTC+7)"),
        ("Asia/Makassar", "WITA (UTC+8)"),
        ("Asia/Jayapura", "WIT (UTC+9)"),
    ]


def status_choices():
    return [
        ("draft", _l("Draft")),
        ("open", _l("Open")),
        ("closed", _l("Closed")),
    ]


def role_choices():
    return [
        (MemberRole.ORGANISER.value, _l("Organiser: manages the whole event")),
        (MemberRole.STAFF.value, _l("Check-in staff")),
        (MemberRole.FACILITATOR.value, _l("Facilitator of a discussion group")),
    ]


class EventForm(FlaskForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter the event's title.")), Length(max=300)]
    )
    code = StringField(
        _l("Short code"),
        description=_l("Used in certificate numbers, e.g. BINTEK-KLA."),
        validators=[
            DataRequired(_l("Enter a short code.")),
            Length(max=32),
            Regexp(CODE_PATTERN, message=_l("Use letters, digits and hyphens only, e.g. BINTEK-KLA.")),
        ],
    )
    slug = StringField(
        _l("Web address"),
        description=_l("The event page is /e/<address>. Leave empty to make one from the title."),
        validators=[
            Optional(),
            Length(max=64),
            Regexp(SLUG_PATTERN, message=_l("Use lower-case letters, digits and single hyphens only.")),
        ],
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    organiser = StringField(
        _l("Organising institution"),
        description=_l("e.g. Pemerintah Kota Serang"),
        validators=[DataRequired(_l("Enter the organising institution.")), Length(max=200)],
    )
    organising_unit = StringField(
        _l("Organising unit"),
        description=_l("e.g. Bappeda; used in certificate numbers."),
        validators=[DataRequired(_l("Enter the organising unit.")), Length(max=100)],
    )
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=300)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=100)])
    starts_on = DateField(_l("First day"), validators=[DataRequired(_l("Enter a valid date."))])
    ends_on = DateField(_l("Last day"), validators=[DataRequired(_l("Enter a valid date."))])
    timezone = SelectField(
        _l("Time zone"),
        choices=timezone_choices,
        default="Asia/Jakarta",
        validate_choice=True,
        description=_l("WIB: western, WITA: central, WIT: eastern Indonesia."),
    )
    registration_opens_at = DateTimeLocalField(
        _l("Registration opens"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
        description=_l("In the event's time zone. Empty: open now."),
    )
    registration_closes_at = DateTimeLocalField(
        _l("Registration closes"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
        description=_l(
            "In the event's time zone. Empty: when the last session starts (or, without an agenda, "
            "at the end of the last day)."
        ),
    )
    capacity = IntegerField(
        _l("Capacity"),
        validators=[Optional(), NumberRange(1, 100000, _l("Enter a number from 1 to 100000."))],
        description=_l("Largest number of participants. Empty: no limit."),
    )
    retention_months = IntegerField(
        _l("Keep personal data for (months)"),
        default=24,
        validators=[
            DataRequired(_l("Enter a number of months.")),
            NumberRange(1, 120, _l("Enter a number from 1 to 120.")),
        ],
        description=_l(
            "After this, personal data is deleted (UU 27/2022); anonymous counts and certificate checks remain."
        ),
    )
    privacy_contact = StringField(
        _l("Data-protection contact"),
        description=_l("Who people contact about their personal data: name and email or phone."),
        validators=[DataRequired(_l("Name a contact for personal data.")), Length(max=300)],
    )
    status = SelectField(
        _l("Status"),
        choices=status_choices,
        default="draft",
        validate_choice=True,
        description=_l(
            "Draft: only the team sees it. Open: the public page is visible. Closed: the event is over."
        ),
    )

    def to_data(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name != "csrf_token"}


class InviteForm(FlaskForm):
    role = SelectField(_l("Role"), choices=role_choices, default="facilitator", validate_choice=True)
    label = StringField(
        _l("For whom (optional)"),
        validators=[Optional(), Length(max=200)],
        description=_l("A note for you, e.g. the person's name."),
    )


class AuditFilterForm(FlaskForm):
    """The audit log's filters, read from the query string (a GET form: nothing changes)."""

    class Meta:
        csrf = False

    person = StringField(_l("Person"), validators=[Optional(), Length(max=100)])
    entity = SelectField(_l("Object"), validators=[Optional()], validate_choice=False)
    action = SelectField(_l("Action"), validators=[Optional()], validate_choice=False)
    day_from = DateField(_l("From"), validators=[Optional()])
    day_to = DateField(_l("Until"), validators=[Optional()])
