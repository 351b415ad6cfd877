from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email"), validators=[DataRequired(_l("Enter your email address.")), Length(max=254)]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])


def validate_new_password(form, field):
    from workshop.auth.services import password_problem

    problem = password_problem(
        field.data or "", _account_email(form), current_app.config["MIN_PASSWORD_LENGTH"]
    )
    if problem:
        raise ValidationError(problem)


def _account_email(form) -> str:
    """The email of the account the password is for: typed in the form, set by the view
    (an admin editing someone), or the signed-in person's own."""
    if getattr(form, "email", None) is not None and form.email.data:
        return form.email.data
    if getattr(form, "account_email", None):
        return form.account_email
    from flask_login import current_user

    return current_user.email if current_user and current_user.is_authenticated else ""


class NewPasswordMixin:
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(_l("Enter a password.")), validate_new_password]
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo("new_password", _l("The two passwords differ.")),
        ],
    )


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password."))]
    )


class AccountFields:
    name = StringField(_l("Full name"), validators=[DataRequired(_l("Enter a name.")), Length(max=200)])
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(_l("Enter an email address.")),
            Email(_l("This is not a valid email address."), check_deliverability=False),
            Length(max=254),
        ],
    )


class UserCreateForm(AccountFields, NewPasswordMixin, FlaskForm):
    is_admin = BooleanField(_l("Administrator (sees and manages every event and account)"))


class UserEditForm(FlaskForm):
    name = AccountFields.name
    is_admin = BooleanField(_l("Administrator (sees and manages every event and account)"))
    is_active = BooleanField(_l("Active (may sign in)"))
    new_password = PasswordField(_l("Set a new password (leave empty to keep)"))

    def validate_new_password(self, field):
        if field.data:
            validate_new_password(self, field)


class SignUpForm(AccountFields, NewPasswordMixin, FlaskForm):
    """Creating an account while accepting an invitation."""
