from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, SelectField
from wtforms.validators import DataRequired


class ButtonForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class CheckpointForm(FlaskForm):
    due_on = DateField(_l("Checkpoint date"), validators=[DataRequired(_l("Enter a date."))])


class LinkForm(FlaskForm):
    valid_until = DateField(_l("The link works until"), validators=[DataRequired(_l("Enter a date."))])


class CorrectionForm(FlaskForm):
    institution = SelectField(_l("Agency responsible"), coerce=int, choices=[], validate_choice=True)


class EvidenceForm(FlaskForm):
    file = FileField(_l("Evidence (photo or PDF)"))
