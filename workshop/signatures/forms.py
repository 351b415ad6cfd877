"""Forms of the signatures module: shape and format of input; the rules are in services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, Length, Optional

from workshop.signatures.models import POSITIONS
from workshop.signatures.services import POSITION_LABELS


def _text(label, max_length: int, *checks, field=StringField, description=""):
    """A line of text of at most max_length characters, after the checks given (required or optional)."""
    limit = Length(max=max_length, message=_l("At most %(max)d characters.", max=max_length))
    return field(label, description=description, validators=[*checks, limit])


class Pkcs12Form(FlaskForm):
    pkcs12 = FileField(
        _l("Signing certificate (PKCS#12: .p12 or .pfx)"),
        description=_l("At most 64 KB. The key is kept encrypted; the passphrase is not kept."),
    )
    passphrase = _text(_l("Passphrase of the file"), 200, Optional(), field=PasswordField)


class BsreForm(FlaskForm):
    bsre_url = _text(
        _l("Address of the BSrE API"), 300, DataRequired(_l("Give the address of the BSrE API (https://…)."))
    )
    bsre_user = _text(_l("User name of the account"), 120, DataRequired(_l("Give the account's user name.")))
    bsre_password = _text(
        _l("Password of the account"),
        200,
        Optional(),
        field=PasswordField,
        description=_l("Empty: keep the stored one."),
    )
    bsre_subscriber = _text(_l("Subscriber id (idSubscriber) of the organisation's seal"), 120)
    bsre_totp = _text(
        _l("TOTP code from the seal activation"),
        64,
        Optional(),
        description=_l("Empty: keep the stored one. After each batch the next code is kept by itself."),
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
