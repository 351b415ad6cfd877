"""Forms of the organiser's attendee pages. They check shape (lengths, known choices); the rules
about a person's data live in services.check_attendee, whose messages the views put next to the
fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Form, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from workshop.attendees.listing import SORTS, STATUS_ALL, AttendeeQuery
from workshop.attendees.models import AttendeeStatus, Category, Role
from workshop.attendees.reference import golongan_by_scheme
from workshop.attendees.rules import PERSON_FIELDS
from workshop.core.labels import ATTENDEE_ROLES

# Fields whose emptiness the service reports (so every problem shows at once); marked required.
REQUIRED_FIELDS = ("full_name", "gender", "category", "institution", "role")


def role_choices():
    return [(r.value, ATTENDEE_ROLES[r.value]) for r in Role]


def category_choices():
    return [(c.value, c.value) for c in Category]


def gender_choices():
    return [("L", _l("L (male)")), ("P", _l("P (female)"))]


def golongan_choices():
    table = golongan_by_scheme()
    choices = [("", "—")]
    choices += [
        (gol, f"{gol} · {pangkat}" if pangkat else gol) for gol, pangkat in table.get("PNS", {}).items()
    ]
    choices += [(gol, f"PPPK {gol}") for gol in table.get("PPPK", {})]
    return choices


def status_choices():
    return [
        (AttendeeStatus.REGISTERED.value, _l("Registered")),
        (AttendeeStatus.CANCELLED.value, _l("Cancelled")),
        (AttendeeStatus.REPLACED.value, _l("Replaced")),
        (STATUS_ALL, _l("All")),
    ]


def sort_choices():
    labels = {
        "name": _l("Name"),
        "reg": _l("Reg. no."),
        "institution": _l("Instansi"),
        "created": _l("Newest first"),
    }
    return [(key, labels[key]) for key in SORTS]


def _blank(label):
    return [("", label)]


class AttendeeForm(FlaskForm):
    full_name = StringField(
        _l("Full name with gelar"),
        validators=[Length(max=400)],
        description=_l("As it should appear on the certificate, e.g. Muh. Ma'ruf, S.Pd.I."),
    )
    gender = SelectField(
        _l("Gender (L/P)"), choices=lambda: _blank("—") + gender_choices(), validate_choice=False
    )
    category = SelectField(
        _l("Category"), choices=lambda: _blank("—") + category_choices(), validate_choice=False
    )
    nip = StringField(
        _l("NIP / NI PPPK"),
        validators=[Length(max=40)],
        render_kw={"inputmode": "numeric"},
        description=_l("18 digits, for PNS and PPPK; spaces allowed."),
    )
    golongan = SelectField(
        _l("Pangkat/golongan"),
        choices=golongan_choices,
        validate_choice=False,
        description=_l("PNS I/a–IV/e, PPPK I–XVII; empty for others."),
    )
    position = StringField(_l("Jabatan"), validators=[Length(max=600)])
    institution = StringField(
        _l("Instansi/OPD"),
        validators=[Length(max=400)],
        description=_l("As written; it is matched to one canonical institution."),
    )
    work_unit = StringField(_l("Unit kerja"), validators=[Length(max=400)])
    phone = StringField(
        _l("Phone / WhatsApp"),
        validators=[Length(max=40)],
        render_kw={"inputmode": "tel"},
        description=_l("e.g. 0812-3456-7890"),
    )
    email = StringField(_l("Email"), validators=[Length(max=300)], render_kw={"inputmode": "email"})
    role = SelectField(_l("Role"), choices=role_choices, default="peserta", validate_choice=False)
    confirm_warnings = BooleanField(_l("I have checked the warnings above; save anyway."))
    warnings_seen = HiddenField()  # the warnings the person was shown, so a new one is confirmed anew

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in REQUIRED_FIELDS:
            self[name].flags.required = True

    def to_data(self) -> dict:
        return {name: (self[name].data or "") for name in PERSON_FIELDS}


class CancelForm(FlaskForm):
    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=300)])


class GuardianConsentForm(FlaskForm):
    guardian_name = StringField(
        _l("Guardian's name"), validators=[DataRequired(_l("Enter the guardian's name.")), Length(max=200)]
    )
    paper_seen = BooleanField(
        _l("I hold the consent form signed on paper by this guardian."),
        validators=[DataRequired(_l("Confirm that you hold the signed form."))],
    )


class MergeForm(FlaskForm):
    keep = SelectField(_l("Keep this name"), coerce=int, validate_choice=True)
    merge = SelectField(_l("Merge this one into it"), coerce=int, validate_choice=True)

    def __init__(self, choices: list[tuple[int, str]], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.keep.choices = choices
        self.merge.choices = choices
        for field in (self.keep, self.merge):
            field.validators = [DataRequired(_l("Choose an institution."))]

    def validate_merge(self, field):
        if self.keep.data and field.data == self.keep.data:
            raise ValidationError(_l("Choose two different institutions."))


class SendForm(FlaskForm):
    """A button only (the CSRF token is the point)."""


class FilterForm(Form):
    """The list's search and filters, read from the query string (GET: no CSRF)."""

    q = StringField(
        _l("Search"),
        validators=[Optional(), Length(max=200)],
        description=_l("Name, NIP, phone, instansi or registration number"),
    )
    role = SelectField(_l("Role"), choices=lambda: _blank(_l("All roles")) + role_choices(), default="")
    category = SelectField(
        _l("Category"), choices=lambda: _blank(_l("All categories")) + category_choices(), default=""
    )
    gender = SelectField("L/P", choices=lambda: _blank(_l("L and P")) + gender_choices(), default="")
    institution = SelectField(_l("Instansi"), default="")
    status = SelectField(_l("Status"), choices=status_choices, default=AttendeeStatus.REGISTERED.value)
    sort = SelectField(_l("Sort by"), choices=sort_choices, default="name")
    page = IntegerField(_l("Page"), default=1, validators=[Optional(), NumberRange(min=1, max=10000)])

    def __init__(self, formdata, institutions: list[tuple[int, str]]):
        super().__init__(formdata)
        self.institution.choices = _blank(_l("All institutions")) + [
            (str(i), name) for i, name in institutions
        ]
        self.validate()

    def _valid(self, name: str, default):
        field = self[name]
        return default if field.errors or field.data in (None, "") else field.data

    def to_query(self, ids: list[int] | None = None) -> AttendeeQuery:
        institution = self._valid("institution", "")
        return AttendeeQuery(
            text=self._valid("q", ""),
            role=self._valid("role", ""),
            category=self._valid("category", ""),
            gender=self._valid("gender", ""),
            institution_id=int(institution) if institution else None,
            status=self._valid("status", AttendeeStatus.REGISTERED.value),
            sort=self._valid("sort", "name"),
            ids=list(ids or []),
        )

    @property
    def page_number(self) -> int:
        return self._valid("page", 1)

    def args(self) -> dict:
        """The filters as URL arguments, to carry them to exports and other pages."""
        result = {}
        for name in ("q", "role", "category", "gender", "institution", "status", "sort"):
            value = self._valid(name, "")
            if value not in ("", None):
                result[name] = value
        return result
