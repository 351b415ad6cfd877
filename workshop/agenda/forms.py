"""Forms of the agenda: shape and format of input. The rules (times, speakers, audience, file
types) are in workshop.agenda.services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from workshop.agenda.services import MATERIAL_MAX_BYTES, MAX_JP_OVERRIDE, PHOTO_MAX_BYTES, kind_labels

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes: easier than a multiple select on a phone."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


# The messages of the length limits below (each its own sentence to translate).
AT_MOST = {
    200: _l("At most 200 characters."),
    300: _l("At most 300 characters."),
    2000: _l("At most 2000 characters."),
}


def _text(label, max_chars: int, first, field=StringField, **kwargs):
    """A text field of at most ``max_chars`` characters, checked by ``first`` (DataRequired or
    Optional) before its length."""
    return field(label, validators=[first, Length(max=max_chars, message=AT_MOST[max_chars])], **kwargs)


def _optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


def kind_choices():
    return [("", _l("— choose —"))] + list(kind_labels().items())


def audience_choices():
    return [("everyone", _l("Everyone")), ("groups", _l("Only the groups ticked below"))]


class SessionForm(FlaskForm):
    title = _text(
        _l("Title"),
        300,
        DataRequired(_l("Enter the session's title.")),
        description=_l("e.g. Konvensi Hak Anak dan Kebijakan Kota Layak Anak"),
    )
    # Choices are checked by the service, so an unknown kind gets its own clear message.
    kind = SelectField(_l("Kind of session"), choices=kind_choices, validate_choice=False)
    starts_at = DateTimeLocalField(
        _l("Starts"),
        format=DATETIME_FORMATS,
        validators=[DataRequired(_l("Enter when the session starts (date and time)."))],
    )
    ends_at = DateTimeLocalField(
        _l("Ends"),
        format=DATETIME_FORMATS,
        validators=[DataRequired(_l("Enter when the session ends (date and time)."))],
    )
    room = _text(_l("Room"), 200, Optional(), description=_l("e.g. Aula Bappeda, Ruang Klaster I"))
    speakers = MultiCheckboxField(_l("Speakers (narasumber)"), coerce=int, validate_choice=False)
    moderator = SelectField(_l("Moderator"), coerce=_optional_int, validate_choice=False)
    jp_override = IntegerField(
        _l("JP (override)"),
        description=_l(
            "Empty: counted from the duration (45 minutes = 1 JP; opening, closing, breaks and re-registration 0)."
        ),
        validators=[
            Optional(),
            NumberRange(
                0, MAX_JP_OVERRIDE, _l("Enter a number of JP from 0 to %(max)d.", max=MAX_JP_OVERRIDE)
            ),
        ],
    )
    requires_checkin = BooleanField(_l("Attendance is checked (check-in required)"), default=True)
    checkin_opens_at = DateTimeLocalField(
        _l("Check-in opens"),
        format=DATETIME_FORMATS,
        validators=[Optional()],
        description=_l("Empty: 30 minutes before the start."),
    )
    checkin_closes_at = DateTimeLocalField(
        _l("Check-in closes"),
        format=DATETIME_FORMATS,
        validators=[Optional()],
        description=_l("Empty: at the end of the session."),
    )
    audience = RadioField(_l("For whom"), choices=audience_choices, default="everyone", validate_choice=True)
    groups = MultiCheckboxField(_l("Groups"), coerce=int, validate_choice=False)
    confirm_warnings = BooleanField(_l("Save anyway, despite the warnings above"))

    FIELDS_BY_KEY = {"speaker_ids": "speakers", "moderator_id": "moderator", "group_ids": "groups"}

    @classmethod
    def initial(cls, data: dict) -> dict:
        """Form data from a session's values (see services.session_form_data)."""
        values = {
            cls.FIELDS_BY_KEY.get(key, key): value for key, value in data.items() if key != "is_for_everyone"
        }
        values["audience"] = "everyone" if data.get("is_for_everyone", True) else "groups"
        return values

    def to_data(self) -> dict:
        return {
            "title": self.title.data,
            "kind": self.kind.data,
            "starts_at": self.starts_at.data,
            "ends_at": self.ends_at.data,
            "room": self.room.data,
            "speaker_ids": self.speakers.data or [],
            "moderator_id": self.moderator.data,
            "jp_override": self.jp_override.data,
            "requires_checkin": self.requires_checkin.data,
            "checkin_opens_at": self.checkin_opens_at.data,
            "checkin_closes_at": self.checkin_closes_at.data,
            "is_for_everyone": self.audience.data != "groups",
            "group_ids": self.groups.data or [],
        }


class MaterialForm(FlaskForm):
    file = FileField(
        _l("File"),
        description=_l(
            "PDF, PPTX, DOCX, XLSX, JPG or PNG, at most %(mb)d MB.", mb=MATERIAL_MAX_BYTES // (1024 * 1024)
        ),
        validators=[FileRequired(_l("Choose a file to upload."))],
        # static/js/agenda.js refuses a file that is too large before it is sent.
        render_kw={
            "accept": ".pdf,.pptx,.docx,.xlsx,.jpg,.jpeg,.png",
            "data-max-bytes": str(MATERIAL_MAX_BYTES),
            "data-too-large": _l(
                "The file is larger than %(mb)d MB; nothing was stored.",
                mb=MATERIAL_MAX_BYTES // (1024 * 1024),
            ),
        },
    )
    title = _text(_l("Title (optional)"), 300, Optional(), description=_l("Empty: the file's name."))
    is_hidden_until_start = BooleanField(_l("Participants can download it only once the session has started"))


class SpeakerForm(FlaskForm):
    bio = _text(
        _l("Short biography"),
        2000,
        Optional(),
        field=TextAreaField,
        description=_l("Shown on the public agenda."),
    )
    photo = FileField(
        _l("Photo (optional)"),
        description=_l("JPG or PNG, at most 5 MB. Shown on the public agenda."),
        render_kw={
            "accept": ".jpg,.jpeg,.png",
            "data-max-bytes": str(PHOTO_MAX_BYTES),
            "data-too-large": _l("The photo is larger than %(mb)d MB.", mb=PHOTO_MAX_BYTES // (1024 * 1024)),
        },
    )
    remove_photo = BooleanField(_l("Remove the photo"))
