"""Rules of the evaluations module: which evaluations an event has and when each is open, the
question bank, one attempt per person per test, answers saved one by one, scores and the
normalised gain, the forms' one-way respondent token, and the results.

Services flush and never commit (the view or the command does). The scoring functions
(``normalised_gain``, ``class_summary``) are plain arithmetic and need no app."""

from __future__ import annotations

import hashlib
import hmac
import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import mean

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from workshop.agenda.models import AgendaSession, SessionKind, SessionSpeaker
from workshop.attendees.models import Attendee
from workshop.core.db import utcnow
from workshop.evaluations.models import (
    FORM_KINDS,
    TEST_KINDS,
    Attempt,
    Evaluation,
    FormAnswer,
    FormQuestion,
    FormResponse,
    Kind,
    State,
    TestAnswer,
    TestQuestion,
)
from workshop.events.models import Event
from workshop.extensions import db

# Answers of a timed test still count this long after the limit (a slow network, the last tap).
TIME_LIMIT_GRACE = timedelta(minutes=2)
LIKERT = (1, 2, 3, 4, 5)
LIKERT_LABELS = {
    1: _l("Very poor"),
    2: _l("Poor"),
    3: _l("Fair"),
    4: _l("Good"),
    5: _l("Very good"),
}
# Default questions, common practice of Diklat evaluations. A default is stored as its English
# message id and shown in the reader's language; an organiser's edit is stored as typed.
DEFAULT_TEXTS = {
    "Mastery of the material": _l("Mastery of the material"),
    "Delivery of the material": _l("Delivery of the material"),
    "Use of time": _l("Use of time"),
    "Answers to participants' questions": _l("Answers to participants' questions"),
    "Comments and suggestions for the speaker": _l("Comments and suggestions for the speaker"),
    "Venue and training room": _l("Venue and training room"),
    "Meals and refreshments": _l("Meals and refreshments"),
    "Training materials": _l("Training materials"),
    "Schedule and time allocation": _l("Schedule and time allocation"),
    "Service of the committee": _l("Service of the committee"),
    "Suggestions for the organisation": _l("Suggestions for the organisation"),
}
SESSION_QUESTIONS = (
    "Mastery of the material",
    "Delivery of the material",
    "Use of time",
    "Answers to participants' questions",
)
SESSION_COMMENT = "Comments and suggestions for the speaker"
ORGANISATION_QUESTIONS = (
    "Venue and training room",
    "Meals and refreshments",
    "Training materials",
    "Schedule and time allocation",
    "Service of the committee",
)
ORGANISATION_COMMENT = "Suggestions for the organisation"


def question_text(question: FormQuestion) -> str:
    """A form question in the reader's language (a default) or as the organiser wrote it."""
    default = DEFAULT_TEXTS.get(question.text)
    return str(default) if default is not None else question.text


MAX_OPTIONS = 6
MAX_QUESTION = 1000
MAX_OPTION = 300
MAX_COMMENT = 2000
MAX_IMPORT_BYTES = 2 * 1024 * 1024


class EvaluationError(Exception):
    """A rule refused the request; ``code`` is what the JSON endpoint answers."""

    def __init__(self, code: str, message: str = ""):
        super().__init__(message or code)
        self.code = code


# ---- which evaluations, and when they are open ------------------------------------------------


def sessions_of(event: Event) -> list[AgendaSession]:
    return db.session.scalars(
        select(AgendaSession).where(AgendaSession.event_id == event.id).order_by(AgendaSession.starts_at)
    ).all()


def _speaker_sessions(event: Event) -> list[AgendaSession]:
    with_speakers = set(db.session.execute(select(SessionSpeaker.session_id).distinct()).scalars())
    return [s for s in sessions_of(event) if s.id in with_speakers and s.kind == SessionKind.MATERI.value]


def ensure_evaluations(event: Event) -> list[Evaluation]:
    """The event's evaluations, creating what is missing: the pre-test and post-test, one form per
    session with speakers, one for the organisation (with the default questions)."""
    existing = evaluations_of(event)
    have = {(e.kind, e.agenda_session_id) for e in existing}
    wanted = [(Kind.PRETEST.value, None), (Kind.POSTTEST.value, None)]
    wanted += [(Kind.SESSION.value, s.id) for s in _speaker_sessions(event)]
    wanted.append((Kind.ORGANISATION.value, None))
    for kind, session_id in wanted:
        if (kind, session_id) in have:
            continue
        evaluation = Evaluation(event_id=event.id, kind=kind, agenda_session_id=session_id)
        if kind in FORM_KINDS:
            items, comment = (
                (SESSION_QUESTIONS, SESSION_COMMENT)
                if kind == Kind.SESSION.value
                else (ORGANISATION_QUESTIONS, ORGANISATION_COMMENT)
            )
            evaluation.questions = [FormQuestion(position=i, text=t) for i, t in enumerate(items)]
            evaluation.questions.append(FormQuestion(position=len(items), text=comment, is_text=True))
        db.session.add(evaluation)
    db.session.flush()
    return evaluations_of(event)


def evaluations_of(event: Event) -> list[Evaluation]:
    return evaluations_sorted(
        list(db.session.execute(select(Evaluation).where(Evaluation.event_id == event.id)).scalars())
    )


def get_evaluation(event: Event, evaluation_id: int) -> Evaluation | None:
    evaluation = db.session.get(Evaluation, evaluation_id)
    if evaluation is None or evaluation.event_id != event.id:
        return None
    return evaluation


def test_of(event: Event, kind: str) -> Evaluation | None:
    return db.session.execute(
        select(Evaluation).where(Evaluation.event_id == event.id, Evaluation.kind == kind)
    ).scalar_one_or_none()


test_of.__test__ = False  # not a pytest function


def title(evaluation: Evaluation) -> str:
    if evaluation.kind == Kind.PRETEST.value:
        return _("Pre-test")
    if evaluation.kind == Kind.POSTTEST.value:
        return _("Post-test")
    if evaluation.kind == Kind.ORGANISATION.value:
        return _("Evaluation of the organisation")
    session = evaluation.agenda_session
    return _("Evaluation of the session: %(title)s", title=session.title if session else "—")


def auto_window(evaluation: Evaluation, sessions: list[AgendaSession]) -> tuple[datetime, datetime] | None:
    """When the agenda opens and closes it: the pre-test from a day before the first session to
    its end, the post-test from the start of the last session to a day after it, a session's
    evaluation from its start to a day after the last session, the organisation's from the start
    of the last session to three days after it. None without sessions."""
    if not sessions:
        return None
    first, last = sessions[0], max(sessions, key=lambda s: s.ends_at)
    day = timedelta(days=1)
    if evaluation.kind == Kind.PRETEST.value:
        return first.starts_at - day, first.ends_at
    if evaluation.kind == Kind.POSTTEST.value:
        return last.starts_at, last.ends_at + day
    if evaluation.kind == Kind.ORGANISATION.value:
        return last.starts_at, last.ends_at + 3 * day
    session = evaluation.agenda_session
    if session is None:
        return None
    return session.starts_at, max(session.ends_at, last.ends_at) + day


def is_open(evaluation: Evaluation, now: datetime | None = None, sessions=None) -> bool:
    if evaluation.state == State.OPEN.value:
        return True
    if evaluation.state == State.CLOSED.value:
        return False
    now = now or utcnow()
    window = auto_window(
        evaluation, sessions if sessions is not None else _sessions_of_id(evaluation.event_id)
    )
    return window is not None and window[0] <= now < window[1]


def _sessions_of_id(event_id: int) -> list[AgendaSession]:
    return db.session.scalars(
        select(AgendaSession).where(AgendaSession.event_id == event_id).order_by(AgendaSession.starts_at)
    ).all()


def set_state(evaluation: Evaluation, state: str, now: datetime | None = None) -> None:
    if state not in {s.value for s in State}:
        raise EvaluationError("bad_state")
    evaluation.state = state
    if state == State.OPEN.value and evaluation.first_opened_at is None:
        evaluation.first_opened_at = now or utcnow()
    db.session.flush()


def can_change_anonymity(evaluation: Evaluation, now: datetime | None = None) -> bool:
    """Only before it has opened: participants are told which it is before they answer."""
    return (
        evaluation.kind in FORM_KINDS
        and evaluation.first_opened_at is None
        and not is_open(evaluation, now)
        and not _has_responses(evaluation)
    )


def answered_count(evaluation: Evaluation) -> int:
    """How many people have answered (started) it."""
    model = Attempt if evaluation.is_test else FormResponse
    return db.session.scalar(select(func.count(model.id)).where(model.evaluation_id == evaluation.id)) or 0


def _has_responses(evaluation: Evaluation) -> bool:
    return bool(
        db.session.scalar(
            select(func.count(FormResponse.id)).where(FormResponse.evaluation_id == evaluation.id)
        )
    )


def save_settings(evaluation: Evaluation, data: dict, now: datetime | None = None) -> None:
    if "is_anonymous" in data and bool(data["is_anonymous"]) != evaluation.is_anonymous:
        if not can_change_anonymity(evaluation, now):
            raise EvaluationError(
                "anonymity_fixed", _("Anonymity can only be changed before the evaluation opens.")
            )
        evaluation.is_anonymous = bool(data["is_anonymous"])
    if evaluation.is_test:
        limit = data.get("time_limit_minutes")
        evaluation.time_limit_minutes = int(limit) if limit else None
    if evaluation.kind == Kind.POSTTEST.value:
        evaluation.required_for_certificate = bool(data.get("required_for_certificate"))
        score = data.get("min_score")
        evaluation.min_score = int(score) if score not in (None, "") else None
    db.session.flush()


def speaker_link_token(evaluation: Evaluation) -> str:
    if evaluation.speaker_token is None:
        evaluation.speaker_token = secrets.token_urlsafe(24)
        db.session.flush()
    return evaluation.speaker_token


def by_speaker_token(token: str) -> Evaluation | None:
    if not token or len(token) > 64:
        return None
    return db.session.execute(
        select(Evaluation).where(Evaluation.speaker_token == token)
    ).scalar_one_or_none()


# ---- what a participant may answer now ----------------------------------------------------------


@dataclass
class OpenItem:
    evaluation: Evaluation
    title: str
    done: bool


def may_answer(evaluation: Evaluation, attendee: Attendee) -> bool:
    """Participants answer; a session's evaluation only by those the session is for."""
    if attendee.event_id != evaluation.event_id or not attendee.is_active or attendee.role != "peserta":
        return False
    session = evaluation.agenda_session
    return session is None or session.applies_to(attendee)


def open_for(attendee: Attendee, now: datetime | None = None) -> list[OpenItem]:
    """What the ticket page offers now: open evaluations this person may answer (tests only once
    they have questions), each with whether they have finished it."""
    now = now or utcnow()
    evaluations = list(
        db.session.execute(select(Evaluation).where(Evaluation.event_id == attendee.event_id)).scalars()
    )
    if not evaluations:
        return []
    sessions = _sessions_of_id(attendee.event_id)
    has_bank = bool(question_count_of(attendee.event_id))
    items = []
    for evaluation in evaluations_sorted(evaluations):
        if not may_answer(evaluation, attendee) or not is_open(evaluation, now, sessions):
            continue
        if evaluation.is_test and not has_bank:
            continue
        items.append(OpenItem(evaluation, title(evaluation), is_done(evaluation, attendee)))
    return items


def evaluations_sorted(evaluations: list[Evaluation]) -> list[Evaluation]:
    order = {Kind.PRETEST.value: 0, Kind.SESSION.value: 1, Kind.ORGANISATION.value: 2, Kind.POSTTEST.value: 3}
    return sorted(
        evaluations,
        key=lambda e: (
            order[e.kind],
            e.agenda_session.starts_at.isoformat() if e.agenda_session else "",
            e.id,
        ),
    )


def is_done(evaluation: Evaluation, attendee: Attendee) -> bool:
    if evaluation.is_test:
        attempt = attempt_of(evaluation, attendee)
        return attempt is not None and (attempt.submitted_at is not None or is_time_up(evaluation, attempt))
    response = response_of(evaluation, attendee)
    return response is not None and response.is_submitted


# ---- the question bank ------------------------------------------------------------------------------


def question_count_of(event_id: int) -> int:
    return (
        db.session.scalar(select(func.count(TestQuestion.id)).where(TestQuestion.event_id == event_id)) or 0
    )


def bank(event: Event) -> list[TestQuestion]:
    return db.session.scalars(
        select(TestQuestion)
        .where(TestQuestion.event_id == event.id)
        .order_by(TestQuestion.position, TestQuestion.id)
    ).all()


def check_question(text: str, options: list[str], correct: int) -> tuple[str, list[str]]:
    text = (text or "").strip()
    options = [o.strip() for o in options if o and o.strip()]
    if not text:
        raise EvaluationError("question", _("Write the question."))
    if len(text) > MAX_QUESTION or any(len(o) > MAX_OPTION for o in options):
        raise EvaluationError("question", _("The question or an option is too long."))
    if not 2 <= len(options) <= MAX_OPTIONS:
        raise EvaluationError("options", _("Give between 2 and 6 options."))
    if len({o.casefold() for o in options}) != len(options):
        raise EvaluationError("options", _("Two options are the same."))
    if not 0 <= correct < len(options):
        raise EvaluationError("correct", _("Choose which option is correct."))
    return text, options


def bank_is_locked(event: Event) -> bool:
    """Once someone has answered a test, changing the bank would change scores already given."""
    return bool(
        db.session.scalar(
            select(func.count(Attempt.id))
            .join(Evaluation, Evaluation.id == Attempt.evaluation_id)
            .where(Evaluation.event_id == event.id)
        )
    )


def add_question(event: Event, text: str, options: list[str], correct: int) -> TestQuestion:
    if bank_is_locked(event):
        raise EvaluationError(
            "locked", _("The tests have been answered: the questions can no longer change.")
        )
    text, options = check_question(text, options, correct)
    position = (
        db.session.scalar(select(func.max(TestQuestion.position)).where(TestQuestion.event_id == event.id))
        or 0
    )
    question = TestQuestion(
        event_id=event.id, position=position + 1, text=text, options=options, correct=correct
    )
    db.session.add(question)
    db.session.flush()
    return question


def update_question(question: TestQuestion, text: str, options: list[str], correct: int) -> None:
    event = db.session.get(Event, question.event_id)
    if bank_is_locked(event):
        raise EvaluationError(
            "locked", _("The tests have been answered: the questions can no longer change.")
        )
    question.text, question.options = check_question(text, options, correct)
    question.correct = correct
    db.session.flush()


def delete_question(question: TestQuestion) -> None:
    event = db.session.get(Event, question.event_id)
    if bank_is_locked(event):
        raise EvaluationError(
            "locked", _("The tests have been answered: the questions can no longer change.")
        )
    db.session.delete(question)
    db.session.flush()


def get_question(event: Event, question_id: int) -> TestQuestion | None:
    question = db.session.get(TestQuestion, question_id)
    return question if question is not None and question.event_id == event.id else None


def read_question_sheet(stream) -> list[list]:
    """The rows under the header of the first sheet of an .xlsx: question, correct letter, options
    A–F. The file's size and its unpacked size are bounded (zip bombs) before openpyxl reads it."""
    import io
    import zipfile

    from openpyxl import load_workbook

    refused = EvaluationError("file", _("Upload an .xlsx file of at most 2 MB."))
    data = stream.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES or not data.startswith(b"PK"):
        raise refused
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > 50 * MAX_IMPORT_BYTES:
                raise refused
        sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
        return [
            list(row)[: 2 + MAX_OPTIONS] for row in sheet.iter_rows(min_row=2, max_row=501, values_only=True)
        ]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError):
        raise refused from None


def import_rows(event: Event, rows: list[list]) -> int:
    """Questions from spreadsheet rows: question, the correct option's letter (A–F), options A–F.
    All or nothing: the first bad row raises with its number."""
    added = []
    for number, row in enumerate(rows, start=2):
        cells = ["" if c is None else str(c).strip() for c in row]
        if not any(cells):
            continue
        cells += [""] * (2 + MAX_OPTIONS - len(cells))
        letter = cells[1].upper()
        correct = "ABCDEF".index(letter) if len(letter) == 1 and letter in "ABCDEF" else -1
        try:
            check_question(cells[0], cells[2:], correct)
        except EvaluationError as error:
            raise EvaluationError(
                error.code, _("Row %(row)d: %(problem)s", row=number, problem=str(error))
            ) from None
        added.append((cells[0], cells[2 : 2 + MAX_OPTIONS], correct))
    for text, options, correct in added:
        add_question(event, text, options, correct)
    return len(added)


# ---- tests: attempts and answers ------------------------------------------------------------------


def attempt_of(evaluation: Evaluation, attendee: Attendee) -> Attempt | None:
    return db.session.execute(
        select(Attempt).where(Attempt.evaluation_id == evaluation.id, Attempt.attendee_id == attendee.id)
    ).scalar_one_or_none()


def _first_answer(evaluation: Evaluation, attendee: Attendee, now: datetime | None, existing, make):
    """This person's attempt or form response (``existing()``), else a new one (``make()``) when
    they may answer and the evaluation is open. Two calls at once make one row: the unique
    constraint decides, the loser reads the winner's row."""
    found = existing()
    if found is not None:
        return found
    if not may_answer(evaluation, attendee):
        raise EvaluationError("not_allowed")
    if not is_open(evaluation, now):
        raise EvaluationError("closed", _("This evaluation is not open."))
    row = make()
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        found = existing()
        if found is None:  # pragma: no cover - removed in between
            raise
        return found
    return row


def start_attempt(evaluation: Evaluation, attendee: Attendee, now: datetime | None = None) -> Attempt:
    """This person's attempt, made on the first call."""
    if not evaluation.is_test:
        raise EvaluationError("not_a_test")
    return _first_answer(
        evaluation,
        attendee,
        now,
        existing=lambda: attempt_of(evaluation, attendee),
        make=lambda: Attempt(
            evaluation_id=evaluation.id,
            attendee_id=attendee.id,
            seed=secrets.token_hex(8),
            started_at=now or utcnow(),
        ),
    )


def option_order(attempt: Attempt, question: TestQuestion) -> list[int]:
    """The indices of the question's options in the order this person sees them: shuffled, the
    same every time for the same attempt (seeded by the attempt's seed and the question)."""
    order = list(range(len(question.options)))
    random.Random(f"{attempt.seed}:{question.id}").shuffle(order)
    return order


def deadline(evaluation: Evaluation, attempt: Attempt) -> datetime | None:
    if not evaluation.time_limit_minutes:
        return None
    return attempt.started_at + timedelta(minutes=evaluation.time_limit_minutes)


def is_time_up(evaluation: Evaluation, attempt: Attempt, now: datetime | None = None) -> bool:
    end = deadline(evaluation, attempt)
    return end is not None and (now or utcnow()) > end + TIME_LIMIT_GRACE


def answer_test(
    evaluation: Evaluation, attendee: Attendee, question_id: int, choice: int, now: datetime | None = None
) -> TestAnswer:
    """Save one answer (``choice``: the option's index as written). Sending the same question
    again changes the answer, never adds a row."""
    now = now or utcnow()
    attempt = start_attempt(evaluation, attendee, now)
    if attempt.submitted_at is not None:
        raise EvaluationError("submitted", _("You have already submitted this test."))
    if is_time_up(evaluation, attempt, now):
        raise EvaluationError("time_up", _("The time for this test is over."))
    question = db.session.get(TestQuestion, question_id)
    if question is None or question.event_id != evaluation.event_id:
        raise EvaluationError("unknown_question")
    if not isinstance(choice, int) or not 0 <= choice < len(question.options):
        raise EvaluationError("bad_choice")
    return _upsert(
        TestAnswer,
        dict(attempt_id=attempt.id, question_id=question.id),
        dict(choice=choice, answered_at=now),
    )


def _upsert(model, key: dict, values: dict):
    """One row per key whatever the number of sends, also two at once."""
    where = [getattr(model, k) == v for k, v in key.items()]
    row = db.session.execute(select(model).where(*where)).scalar_one_or_none()
    if row is None:
        row = model(**key, **values)
        try:
            with db.session.begin_nested():
                db.session.add(row)
            return row
        except IntegrityError:
            row = db.session.execute(select(model).where(*where)).scalar_one()
    for name, value in values.items():
        setattr(row, name, value)
    db.session.flush()
    return row


def submit_attempt(evaluation: Evaluation, attendee: Attendee, now: datetime | None = None) -> Attempt:
    attempt = attempt_of(evaluation, attendee)
    if attempt is None:
        raise EvaluationError("no_attempt")
    if attempt.submitted_at is None:
        attempt.submitted_at = now or utcnow()
        db.session.flush()
    return attempt


def answers_of(attempt: Attempt) -> dict[int, int]:
    return dict(
        db.session.execute(
            select(TestAnswer.question_id, TestAnswer.choice).where(TestAnswer.attempt_id == attempt.id)
        ).all()
    )


# ---- forms: responses and the respondent token ---------------------------------------------------------


def respondent_token(secret: str, attendee_id: int, evaluation_id: int) -> str:
    """One-way: HMAC-SHA256 of the attendee and the form with the app's secret. It stops a second
    response; without the secret nobody can tell whose it is."""
    message = f"evaluation-respondent:{attendee_id}:{evaluation_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def response_of(evaluation: Evaluation, attendee: Attendee, secret: str | None = None) -> FormResponse | None:
    secret = secret or _secret()
    token = respondent_token(secret, attendee.id, evaluation.id)
    return db.session.execute(
        select(FormResponse).where(
            FormResponse.evaluation_id == evaluation.id, FormResponse.respondent_token == token
        )
    ).scalar_one_or_none()


def _secret() -> str:
    from flask import current_app

    return current_app.config["SECRET_KEY"]


def start_response(
    evaluation: Evaluation, attendee: Attendee, secret: str | None = None, now: datetime | None = None
) -> FormResponse:
    if evaluation.kind not in FORM_KINDS:
        raise EvaluationError("not_a_form")
    secret = secret or _secret()

    def make() -> FormResponse:
        if evaluation.first_opened_at is None:
            evaluation.first_opened_at = now or utcnow()
        return FormResponse(
            evaluation_id=evaluation.id,
            respondent_token=respondent_token(secret, attendee.id, evaluation.id),
            attendee_id=None if evaluation.is_anonymous else attendee.id,
        )

    return _first_answer(
        evaluation, attendee, now, existing=lambda: response_of(evaluation, attendee, secret), make=make
    )


def answer_form(
    evaluation: Evaluation,
    attendee: Attendee,
    question_id: int,
    value: int | None = None,
    text: str | None = None,
    secret: str | None = None,
    now: datetime | None = None,
) -> FormAnswer:
    response = start_response(evaluation, attendee, secret, now)
    if response.is_submitted:
        raise EvaluationError("submitted", _("You have already sent this evaluation."))
    question = db.session.get(FormQuestion, question_id)
    if question is None or question.evaluation_id != evaluation.id:
        raise EvaluationError("unknown_question")
    if question.is_text:
        text = (text or "").strip()
        if len(text) > MAX_COMMENT:
            raise EvaluationError("too_long", _("At most %(n)d characters.", n=MAX_COMMENT))
        values = dict(value=None, text=text)
    else:
        if not isinstance(value, int) or isinstance(value, bool) or value not in LIKERT:
            raise EvaluationError("bad_value")
        values = dict(value=value, text=None)
    return _upsert(FormAnswer, dict(response_id=response.id, question_id=question.id), values)


def submit_response(evaluation: Evaluation, attendee: Attendee, secret: str | None = None) -> FormResponse:
    response = response_of(evaluation, attendee, secret)
    if response is None:
        raise EvaluationError("no_response")
    response.is_submitted = True
    db.session.flush()
    return response


def form_answers_of(response: FormResponse) -> dict[int, object]:
    return {
        question_id: (text if value is None else value)
        for question_id, value, text in db.session.execute(
            select(FormAnswer.question_id, FormAnswer.value, FormAnswer.text).where(
                FormAnswer.response_id == response.id
            )
        )
    }


def edit_form_questions(evaluation: Evaluation, texts: list[str], comment: str) -> None:
    """Replace the Likert items and the comment question (only before anyone answered)."""
    if _has_responses(evaluation):
        raise EvaluationError(
            "locked", _("The evaluation has been answered: its questions can no longer change.")
        )
    texts = [t.strip()[:300] for t in texts if t and t.strip()]
    if not texts:
        raise EvaluationError("question", _("Keep at least one question."))
    evaluation.questions.clear()
    db.session.flush()
    evaluation.questions.extend(FormQuestion(position=i, text=t) for i, t in enumerate(texts))
    if comment.strip():
        evaluation.questions.append(
            FormQuestion(position=len(texts), text=comment.strip()[:300], is_text=True)
        )
    db.session.flush()


# ---- scores and gain ------------------------------------------------------------------------------------


def normalised_gain(pre: float, post: float, maximum: float) -> float | None:
    """g = (post − pre) / (max − pre). Undefined (None) when pre = max: nothing was left to gain,
    so the person is left out of the gains (and the class's, when its pre-test mean is the max)."""
    if maximum <= 0 or pre >= maximum:
        return None
    return (post - pre) / (maximum - pre)


@dataclass
class TestSummary:
    count: int
    mean: float | None


@dataclass
class ClassSummary:
    """The class's figures. ``pre``/``post``: everyone who took that test. The gains: the people
    who took both (``paired``); the class gain from their means (Hake's <g>), None when their
    pre-test mean is the maximum; ``excluded``: people whose own gain is undefined (pre = max)."""

    maximum: int
    pre: TestSummary
    post: TestSummary
    paired: int = 0
    class_gain: float | None = None
    mean_individual_gain: float | None = None
    improved: int = 0
    same: int = 0
    declined: int = 0
    excluded: int = 0
    gains: dict = field(default_factory=dict)  # attendee id -> gain or None


def _mean(values) -> float | None:
    values = list(values)
    return mean(values) if values else None


def class_summary(pre: dict[int, int], post: dict[int, int], maximum: int) -> ClassSummary:
    """``pre``/``post``: scores by person (number correct), ``maximum``: the number of questions."""
    summary = ClassSummary(
        maximum, TestSummary(len(pre), _mean(pre.values())), TestSummary(len(post), _mean(post.values()))
    )
    both = sorted(set(pre) & set(post))
    summary.paired = len(both)
    if not both:
        return summary
    for person in both:
        gain = normalised_gain(pre[person], post[person], maximum)
        summary.gains[person] = gain
        if gain is None:
            summary.excluded += 1
        if post[person] > pre[person]:
            summary.improved += 1
        elif post[person] < pre[person]:
            summary.declined += 1
        else:
            summary.same += 1
    summary.class_gain = normalised_gain(mean(pre[p] for p in both), mean(post[p] for p in both), maximum)
    summary.mean_individual_gain = _mean(g for g in summary.gains.values() if g is not None)
    return summary


def scores(evaluation: Evaluation | None) -> dict[int, int]:
    """Number of correct answers by attendee, for every attempt of the test."""
    if evaluation is None:
        return {}
    attempts = select(Attempt.id, Attempt.attendee_id).where(Attempt.evaluation_id == evaluation.id)
    result = {attendee_id: 0 for _id, attendee_id in db.session.execute(attempts)}
    correct = (
        select(Attempt.attendee_id, func.count(TestAnswer.id))
        .join(TestAnswer, TestAnswer.attempt_id == Attempt.id)
        .join(TestQuestion, TestQuestion.id == TestAnswer.question_id)
        .where(Attempt.evaluation_id == evaluation.id, TestAnswer.choice == TestQuestion.correct)
        .group_by(Attempt.attendee_id)
    )
    for attendee_id, count in db.session.execute(correct):
        result[attendee_id] = count
    return result


def test_results(event: Event) -> ClassSummary:
    maximum = question_count_of(event.id)
    return class_summary(
        scores(test_of(event, Kind.PRETEST.value)), scores(test_of(event, Kind.POSTTEST.value)), maximum
    )


test_results.__test__ = False


def question_results(event: Event) -> list[dict]:
    """Per bank question: the share answering correctly in the pre-test and in the post-test."""
    rows = []
    tests = {kind: test_of(event, kind) for kind in TEST_KINDS}
    for question in bank(event):
        row = {"id": question.id, "text": question.text}
        for kind, evaluation in tests.items():
            answered = correct = 0
            if evaluation is not None:
                for (choice,) in db.session.execute(
                    select(TestAnswer.choice)
                    .join(Attempt, Attempt.id == TestAnswer.attempt_id)
                    .where(Attempt.evaluation_id == evaluation.id, TestAnswer.question_id == question.id)
                ):
                    answered += 1
                    correct += choice == question.correct
            row[kind] = round(100 * correct / answered) if answered else None
        rows.append(row)
    return rows


@dataclass
class QuestionResult:
    question: FormQuestion
    count: int
    mean: float | None
    distribution: list[int]  # responses per value 1..5


@dataclass
class FormResult:
    evaluation: Evaluation
    title: str
    speakers: str
    responses: int
    items: list[QuestionResult]
    comments: list[str]

    @property
    def mean(self) -> float | None:
        return _mean(i.mean for i in self.items if i.mean is not None)

    @property
    def comparison_row(self) -> tuple[str, float | None]:
        session = self.evaluation.agenda_session
        name = session.title if session is not None else self.title
        return (f"{self.speakers} – {name}" if self.speakers else name, self.mean)

    @property
    def mean_rows(self) -> list[tuple[str, float | None]]:
        return [(question_text(i.question), i.mean) for i in self.items]

    @property
    def distribution_rows(self) -> list[tuple[str, int]]:
        """All ratings of the form by value: ("1 Very poor", n) … ("5 Very good", n)."""
        return [
            (f"{value} {LIKERT_LABELS[value]}", sum(i.distribution[value - 1] for i in self.items))
            for value in LIKERT
        ]


def form_result(evaluation: Evaluation) -> FormResult:
    answers = db.session.execute(
        select(FormAnswer.question_id, FormAnswer.value, FormAnswer.text)
        .join(FormResponse, FormResponse.id == FormAnswer.response_id)
        .where(FormResponse.evaluation_id == evaluation.id)
    ).all()
    responses = (
        db.session.scalar(
            select(func.count(FormResponse.id)).where(FormResponse.evaluation_id == evaluation.id)
        )
        or 0
    )
    items, comments = [], []
    for question in evaluation.questions:
        if question.is_text:
            comments += [t for q, _v, t in answers if q == question.id and t]
            continue
        values = [v for q, v, _t in answers if q == question.id and v is not None]
        items.append(QuestionResult(question, len(values), _mean(values), [values.count(n) for n in LIKERT]))
    session = evaluation.agenda_session
    speakers = ", ".join(p.full_name for p in session.speakers) if session is not None else ""
    return FormResult(evaluation, title(evaluation), speakers, responses, items, comments)


def form_results(event: Event) -> list[FormResult]:
    return [form_result(e) for e in evaluations_of(event) if e.kind in FORM_KINDS]


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def results(event: Event) -> dict:
    """Everything for ``flask evaluations results SLUG --json``."""
    summary = test_results(event)
    return {
        "event": event.slug,
        "tests": {
            "max": summary.maximum,
            "pre": {"count": summary.pre.count, "mean": _round(summary.pre.mean)},
            "post": {"count": summary.post.count, "mean": _round(summary.post.mean)},
            "paired": summary.paired,
            "class_gain": _round(summary.class_gain, 3),
            "mean_individual_gain": _round(summary.mean_individual_gain, 3),
            "improved": summary.improved,
            "same": summary.same,
            "declined": summary.declined,
            "excluded_pre_at_max": summary.excluded,
        },
        "evaluations": [
            {
                "kind": r.evaluation.kind,
                "title": r.title,
                "session": r.evaluation.agenda_session.title if r.evaluation.agenda_session else None,
                "speakers": r.speakers,
                "count": r.responses,
                "mean": _round(r.mean),
                "questions": [
                    {"question": question_text(i.question), "count": i.count, "mean": _round(i.mean)}
                    for i in r.items
                ],
            }
            for r in form_results(event)
        ],
    }


def certificate_requirements(event: Event, attendees: list[Attendee]) -> dict[int, str]:
    """Who the post-test settings keep from a certificate: {attendee id: reason}. Participants
    only (speakers and the committee take no test)."""
    posttest = test_of(event, Kind.POSTTEST.value)
    if posttest is None or not posttest.required_for_certificate:
        return {}
    maximum = question_count_of(event.id)
    taken = scores(posttest)
    reasons = {}
    for person in attendees:
        if person.role != "peserta":
            continue
        if person.id not in taken:
            reasons[person.id] = _("the post-test was not taken")
        elif posttest.min_score and maximum and 100 * taken[person.id] < posttest.min_score * maximum:
            reasons[person.id] = _(
                "post-test score %(score)d%% is below %(min)d%%",
                score=round(100 * taken[person.id] / maximum),
                min=posttest.min_score,
            )
    return reasons
