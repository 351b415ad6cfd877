"""Forms of the evaluations module: the organiser's question bank, settings and state; the
participant's "send" button (each answer itself goes through the JSON endpoint)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

LETTERS = "ABCDEF"


class QuestionForm(FlaskForm):
    text = TextAreaField(
        _l("Question"), validators=[DataRequired(_l("Write the question.")), Length(max=1000)]
    )
    option_a = StringField(_l("Option A"), validators=[Length(max=300)])
    option_b = StringField(_l("Option B"), validators=[Length(max=300)])
    option_c = StringField(_l("Option C"), validators=[Length(max=300)])
    option_d = StringField(_l("Option D"), validators=[Length(max=300)])
    option_e = StringField(_l("Option E"), validators=[Length(max=300)])
    correct = RadioField(
        _l("Correct option"),
        choices=lambda: [(letter, letter) for letter in LETTERS[:5]],
        validators=[DataRequired(_l("Choose which option is correct."))],
    )

    def options(self) -> list[str]:
        return [getattr(self, f"option_{c}").data or "" for c in "abcde"]

    def correct_index(self) -> int:
        """The index of the correct option among those filled in (blank options are dropped)."""
        options = self.options()
        chosen = LETTERS.index(self.correct.data) if self.correct.data in LETTERS else -1
        if chosen < 0 or not options[chosen].strip():
            return -1
        return sum(1 for o in options[:chosen] if o.strip())

    def fill(self, question) -> None:
        self.text.data = question.text
        for letter, option in zip("abcde", question.options, strict=False):
            getattr(self, f"option_{letter}").data = option
        self.correct.data = LETTERS[question.correct]


class ImportForm(FlaskForm):
    file = FileField(_l("Spreadsheet (.xlsx)"), validators=[DataRequired(_l("Choose a file."))])


class ActionForm(FlaskForm):
    """Buttons that only need the CSRF token (set up, delete, send)."""


class StateForm(FlaskForm):
    state = RadioField(
        _l("Open"),
        choices=lambda: [
            ("auto", _l("By the agenda's times")),
            ("open", _l("Open now")),
            ("closed", _l("Closed")),
        ],
        validators=[DataRequired()],
    )


class SettingsForm(FlaskForm):
    is_anonymous = BooleanField(_l("Anonymous (responses are not linked to the person)"))
    time_limit_minutes = IntegerField(
        _l("Time limit (minutes, empty: none)"), validators=[Optional(), NumberRange(1, 300)]
    )
    required_for_certificate = BooleanField(_l("A certificate needs the post-test taken"))
    min_score = IntegerField(
        _l("Minimum post-test score for a certificate (percent, empty: none)"),
        validators=[Optional(), NumberRange(0, 100)],
    )
    questions = TextAreaField(
        _l("Questions rated 1–5 (one per line)"), validators=[Optional(), Length(max=5000)]
    )
    comment = StringField(_l("Question for comments (empty: none)"), validators=[Optional(), Length(max=300)])
