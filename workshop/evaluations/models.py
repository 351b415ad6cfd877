"""Tables of the evaluations module. One ``Evaluation`` per thing to answer: the pre-test and the
post-test (both ask the event's question bank, ``TestQuestion``), each speaker session's
evaluation and the organisation's (their own ``FormQuestion`` rows).

A test is answered in one ``Attempt`` per person (a unique constraint: two submits at once make
one attempt), an answer per question (``TestAnswer``, unique per question, so an answer sent
again by an offline phone is one row). A form is answered in one ``FormResponse`` per person: the
unique key is ``respondent_token``, an HMAC of the attendee id and the evaluation id with the
app's secret; an anonymous response stores nothing else about the person (``attendee_id`` is
NULL), so the database cannot tell whose it is."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.agenda.models import AgendaSession
from workshop.attendees.models import Attendee
from workshop.core.columns import EventRow
from workshop.core.db import Base, utcnow


class Kind(str, enum.Enum):
    PRETEST = "pretest"
    POSTTEST = "posttest"
    SESSION = "session"  # a speaker session's evaluation (evaluasi narasumber)
    ORGANISATION = "organisation"  # evaluasi penyelenggaraan


TEST_KINDS = (Kind.PRETEST.value, Kind.POSTTEST.value)
FORM_KINDS = (Kind.SESSION.value, Kind.ORGANISATION.value)


class State(str, enum.Enum):
    AUTO = "auto"  # open and closed by the agenda's times
    OPEN = "open"  # opened by hand
    CLOSED = "closed"  # closed by hand


class Evaluation(EventRow, Base):
    __tablename__ = "evaluations"
    __personal_data__ = ()
    __audit__ = True
    __audit_secret__ = ("speaker_token",)

    kind: Mapped[str] = mapped_column(String(16))
    agenda_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_sessions.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(8), default=State.AUTO.value)
    # Forms: responses carry no attendee id (the default). Fixed once the form has opened.
    is_anonymous: Mapped[bool] = mapped_column(default=True)
    time_limit_minutes: Mapped[int | None]  # tests only
    # Post-test: certificates need it taken, and at least this score (percent) when set.
    required_for_certificate: Mapped[bool] = mapped_column(default=False)
    min_score: Mapped[int | None]
    # The speaker's own results page: an unguessable link the organiser sends.
    speaker_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    first_opened_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    agenda_session: Mapped[AgendaSession | None] = relationship()
    questions: Mapped[list[FormQuestion]] = relationship(
        back_populates="evaluation", order_by="FormQuestion.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("event_id", "kind", "agenda_session_id", name="uq_evaluations_event_kind_session"),
        CheckConstraint("kind IN ('pretest', 'posttest', 'session', 'organisation')", name="kind_known"),
        CheckConstraint("state IN ('auto', 'open', 'closed')", name="state_known"),
    )

    @property
    def is_test(self) -> bool:
        return self.kind in TEST_KINDS


class TestQuestion(EventRow, Base):
    """A multiple-choice question of the event's bank, asked in the pre-test and the post-test."""

    __tablename__ = "evaluation_test_questions"
    __personal_data__ = ()
    __audit__ = True
    __test__ = False  # not a pytest class

    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    options: Mapped[list] = mapped_column(JSON)  # the choices as written, in this order
    correct: Mapped[int]  # index into options


class FormQuestion(Base):
    """A question of an evaluation form: a Likert item (1–5) or a free text."""

    __tablename__ = "evaluation_form_questions"
    __personal_data__ = ()
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(300))
    is_text: Mapped[bool] = mapped_column(default=False)  # comment / suggestions

    evaluation: Mapped[Evaluation] = relationship(back_populates="questions")

    def audit_event_id(self) -> int:
        return self.evaluation.event_id


class Attempt(Base):
    """One person's pre-test or post-test. ``seed`` orders each question's options for them."""

    __tablename__ = "evaluation_attempts"
    __personal_data__ = ("attendee_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), index=True)
    seed: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]

    attendee: Mapped[Attendee] = relationship()
    evaluation: Mapped[Evaluation] = relationship()

    __table_args__ = (
        UniqueConstraint("evaluation_id", "attendee_id", name="uq_evaluation_attempts_evaluation_attendee"),
    )


class TestAnswer(Base):
    __tablename__ = "evaluation_test_answers"
    __personal_data__ = ("choice",)
    __test__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_attempts.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_test_questions.id", ondelete="CASCADE"), index=True
    )
    choice: Mapped[int]  # index into the question's options as written (not as shown)
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("attempt_id", "question_id", name="uq_evaluation_test_answers_attempt_question"),
    )


class FormResponse(Base):
    """One person's answers to one form. Anonymous: ``attendee_id`` is NULL and only the one-way
    ``respondent_token`` (which stops a second response) is kept."""

    __tablename__ = "evaluation_responses"
    __personal_data__ = ("attendee_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    respondent_token: Mapped[str] = mapped_column(String(64))
    attendee_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), index=True
    )
    # No time is kept: a timestamp beside the check-ins could tell who answered.
    is_submitted: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (
        UniqueConstraint(
            "evaluation_id", "respondent_token", name="uq_evaluation_responses_evaluation_token"
        ),
    )


class FormAnswer(Base):
    __tablename__ = "evaluation_form_answers"
    __personal_data__ = ("text",)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_responses.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_form_questions.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[int | None]  # 1–5
    text: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("response_id", "question_id", name="uq_evaluation_form_answers_response_question"),
        CheckConstraint("value IS NULL OR (value BETWEEN 1 AND 5)", name="value_range"),
    )
