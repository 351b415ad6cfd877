"""The minutes form (also the page without JavaScript); the rules are in services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import Length

from workshop.minutes.services import NAME_MAX, TEXT_MAX


def _text(label, description=""):
    return TextAreaField(
        label,
        description=description,
        validators=[Length(max=TEXT_MAX, message=_l("At most %(max)d characters.", max=TEXT_MAX))],
        render_kw={"rows": 6},
    )


class MinutesForm(FlaskForm):
    version = HiddenField()
    notulis_name = StringField(
        _l("Minute-taker (notulis)"),
        validators=[Length(max=NAME_MAX, message=_l("At most %(max)d characters.", max=NAME_MAX))],
    )
    summary = _text(_l("Summary of the presentation"))
    discussion = _text(_l("Discussion (questions and answers)"))
    conclusions = _text(_l("Conclusions"))
    follow_up = _text(_l("Follow-up"))
