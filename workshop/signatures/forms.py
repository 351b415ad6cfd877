"""Forms of the signatures module: shape and format of input; the rules are in services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, Length, Optional

from workshop.signatures.models import POSITIONS
from workshop.signatures.services import POSITION_LABELS


class Pkcs12Form(FlaskForm):
    pkcs12 = FileField(
        _l("Signing certificate (PKCS#12: .p12 or .pfx)"),
        description=_l("At most 64 KB. The key is kept encrypted; the passphrase is not kept."),
    )
    passphrase = PasswordField(
        _l("Passphrase of the file"),
        validators=[Optional(), Length(max=200, message=_l("At most 200 characters."))],
    )


class BsreForm(FlaskForm):
    bsre_url = StringField(
        _l("Address of the BSrE API"),
        validators=[
            DataRequired(_l("Give the address of the BSrE API (https://…).")),
            Length(max=300, message=_l("At most 300 characters.")),
        ],
    )
    bsre_user = StringField(
        _l("User name of the account"),
        validators=[
            DataRequired(_l("Give the account's user name.")),
            Length(max=120, message=_l("At most 120 characters.")),
        ],
    )
    bsre_password = PasswordField(
        _l("Password of the account"),
        description=_l("Empty: keep the stored one."),
        validators=[Optional(), Length(max=200, message=_l("At most 200 characters."))],
    )
    bsre_subscriber = StringField(
        _l("Subscriber id (idSubscriber) of the organisation's seal"),
        validators=[Length(max=120, message=_l("At most 120 characters."))],
    )
    bsre_totp = StringField(
        _l("TOTP code from the seal activation"),
        description=_l("Empty: keep the stored one. After each batch the next code is kept by itself."),
        validators=[Optional(), Length(max=64, message=_l("At most 64 characters."))],
    )


class OptionsForm(FlaskForm):
    sign_at_issue = BooleanField(_l("Sign certificates as soon as they are issued"))
    position = RadioField(
        _l("Where the visible signature stands on the certificate"),
        choices=lambda: [(p, POSITION_LABELS[p]) for p in POSITIONS],
        validators=[DataRequired(_l("Choose a position."))],
    )


class ActionForm(FlaskForm):
    """A button: sign, retry, stop (only the CSRF token)."""


class CheckForm(FlaskForm):
    pdf = FileField(_l("The certificate's PDF file"))
