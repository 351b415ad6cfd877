from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class ButtonForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class DefaultGroupsForm(FlaskForm):
    with_kelembagaan = BooleanField(_l("Also a sixth group: Kelembagaan (institutional strengthening)"))


def cluster_choices():
    return [
        ("", _l("— no cluster —")),
        ("I", "Klaster I"),
        ("II", "Klaster II"),
        ("III", "Klaster III"),
        ("IV", "Klaster IV"),
        ("V", "Klaster V"),
        ("kelembagaan", "Kelembagaan"),
    ]


class GroupForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the group's name.")), Length(max=200)])
    cluster = SelectField(_l("Cluster"), choices=cluster_choices, validators=[Optional()])


class RenameForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the group's name.")), Length(max=200)])


class MoveForm(FlaskForm):
    """The people come from the checkboxes named ``attendee``."""

    group = SelectField(_l("Move the chosen people to"), choices=[], validate_choice=True)


class FacilitatorForm(FlaskForm):
    user = SelectField(
        _l("Facilitator"), choices=[], coerce=int, validators=[DataRequired(_l("Choose a facilitator."))]
    )


class ReturnForm(FlaskForm):
    comment = TextAreaField(
        _l("Comment for the facilitators"),
        validators=[DataRequired(_l("Say what should change.")), Length(max=2000)],
    )


class AdoptForm(FlaskForm):
    chair_name = StringField(
        _l("Name of the group's chair (ketua kelompok)"),
        validators=[DataRequired(_l("Enter the name of the group's chair.")), Length(max=200)],
        description=_l("As it should print under the chair's signature line, with degrees."),
    )
