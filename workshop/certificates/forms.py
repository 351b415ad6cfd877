"""Forms of the certificates module: shape and format of input; the rules are in services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, IntegerField, RadioField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from workshop.certificates.services import ROLES, SIGNATORY_FIELDS

ROLE_FIELDS = tuple((role, f"receives_{role}", f"share_{role}") for role in ROLES)
AT_MOST_200 = _l("At most 200 characters.")
AT_MOST_100 = _l("At most 100 characters.")
AT_MOST_300 = _l("At most 300 characters.")
NIP_LENGTH = _l("A NIP has 18 digits.")


def _optional_text(label, max_chars: int, message, **kwargs) -> StringField:
    return StringField(label, validators=[Optional(), Length(max=max_chars, message=message)], **kwargs)


def _required_text(label, max_chars: int, message, required, **kwargs) -> StringField:
    """A text field that must be filled in (``required``: the message when it is empty)."""
    return StringField(
        label, validators=[DataRequired(required), Length(max=max_chars, message=message)], **kwargs
    )


def _share(label) -> IntegerField:
    """The share of sessions a role must attend for its certificate."""
    return IntegerField(label, validators=[Optional(), NumberRange(0, 100, _l("From 0 to 100."))])


class SettingsForm(FlaskForm):
    number_format = _required_text(
        _l("Number format"),
        120,
        _l("At most 120 characters."),
        _l("Enter the number format."),
        description=_l(
            "Fields: {seq:03d} number, {code} event code, {unit} organising unit, {roman_month}, {month}, {year}, {role} the role's code (PST, NS, MOD, FAS, PAN)."
        ),
    )
    number_per_role = BooleanField(
        _l("Number each role in its own series"),
        description=_l("Participants 001, 002, …; speakers 001, 002, … The format must then contain {role}."),
    )
    issue_place = _optional_text(_l("Place of issue"), 100, AT_MOST_100)
    issue_date = DateField(
        _l("Date of issue"), description=_l("Empty: the last day of the event."), validators=[Optional()]
    )
    signatory1_title = _required_text(
        _l("Position (jabatan) of the issuing official (signs on the right)"),
        200,
        AT_MOST_200,
        _l("Enter the signatory's position."),
    )
    signatory1_name = _required_text(
        _l("Name of the signatory"), 200, AT_MOST_200, _l("Enter the name of the person who signs.")
    )
    signatory1_nip = _optional_text(_l("NIP of the signatory"), 24, NIP_LENGTH)
    signatory1_rank = _optional_text(
        _l("Rank/grade of the signatory (pangkat/golongan)"),
        100,
        AT_MOST_100,
        description=_l("e.g. Pembina Utama Muda (IV/c)"),
    )
    signatory1_image = FileField(_l("Signature image (PNG or JPG, optional)"))
    remove_signatory1_image = BooleanField(_l("Remove the signature image"))
    signatory2_title = _optional_text(
        _l('Position of a second signatory (optional, signs on the left under "Mengetahui")'),
        200,
        AT_MOST_200,
    )
    signatory2_name = _optional_text(_l("Name of the second signatory"), 200, AT_MOST_200)
    signatory2_nip = _optional_text(_l("NIP of the second signatory"), 24, NIP_LENGTH)
    signatory2_rank = _optional_text(_l("Rank/grade of the second signatory"), 100, AT_MOST_100)
    signatory2_image = FileField(_l("Signature image of the second signatory"))
    remove_signatory2_image = BooleanField(_l("Remove the second signature image"))
    logo_left = FileField(_l("Logo (left)"))
    remove_logo_left = BooleanField(_l("Remove the left logo"))
    logo_right = FileField(_l("Logo (right)"))
    remove_logo_right = BooleanField(_l("Remove the right logo"))
    background = FileField(_l("Background image (A4 landscape)"))
    remove_background = BooleanField(_l("Remove the background"))

    receives_peserta = BooleanField(_l("Participants receive certificates"))
    share_peserta = _share(_l("Participants: attendance needed (%)"))
    receives_narasumber = BooleanField(_l("Speakers receive certificates"))
    share_narasumber = _share(_l("Speakers: attendance needed (%)"))
    receives_moderator = BooleanField(_l("Moderators receive certificates"))
    share_moderator = _share(_l("Moderators: attendance needed (%)"))
    receives_fasilitator = BooleanField(_l("Facilitators receive certificates"))
    share_fasilitator = _share(_l("Facilitators: attendance needed (%)"))
    receives_panitia = BooleanField(_l("Committee members receive certificates"))
    share_panitia = _share(_l("Committee: attendance needed (%)"))

    late_count_all = BooleanField(
        _l("Late registrants: count every session, also those held before they registered"),
        description=_l(
            "Left unticked, someone who registered after sessions had started is measured on the "
            "sessions from their registration on (and any earlier one they did attend)."
        ),
    )

    IMAGE_FIELDS = ("logo_left", "logo_right", "background", "signatory1_image", "signatory2_image")

    @classmethod
    def initial(cls, settings) -> dict:
        data = {
            "number_format": settings.number_format,
            "issue_place": settings.issue_place,
            "issue_date": settings.issue_date,
            "number_per_role": bool(settings.number_per_role),
        }
        for key in SIGNATORY_FIELDS:
            data[key] = getattr(settings, key) or ""
        data["late_count_all"] = bool(settings.late_count_all)
        shares = settings.role_shares or {}
        for role, receives, share in ROLE_FIELDS:
            data[receives] = role in shares
            data[share] = shares.get(role, 0)
        return data

    def to_data(self) -> dict:
        data = {
            name: self[name].data
            for name in ("number_format", "issue_place", "issue_date", "number_per_role", *SIGNATORY_FIELDS)
        }
        data["number_format"] = (data["number_format"] or "").strip()
        data["late_count_all"] = bool(self.late_count_all.data)
        data["role_shares"] = {
            role: self[share].data or 0 for role, receives, share in ROLE_FIELDS if self[receives].data
        }
        return data


def decision_choices():
    return [
        ("grant", _l("Grant a certificate")),
        ("deny", _l("Deny a certificate")),
        ("clear", _l("Follow attendance again")),
    ]


class DecisionForm(FlaskForm):
    decision = RadioField(
        _l("Decision"), choices=decision_choices, validators=[DataRequired(_l("Choose a decision."))]
    )
    reason = _optional_text(
        _l("Reason"),
        300,
        AT_MOST_300,
        description=_l("Kept with the decision and shown in the audit log."),
    )


class RevokeForm(FlaskForm):
    reason = _required_text(
        _l("Reason for revoking"),
        300,
        AT_MOST_300,
        _l("Give a reason (it is kept with the decision)."),
    )


class IssueForm(FlaskForm):
    confirm_early = BooleanField(_l("Issue now, although the last session has not ended"))


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
