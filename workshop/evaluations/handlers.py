"""What the evaluations module does when others tell it something happened
(workshop/core/signals.py): the event's purge deletes every answer (tests and forms, the
attempts and responses with them); one person's erasure deletes their attempts and their named
responses (an anonymous response cannot be found, and holds nothing about them)."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from workshop.attendees.models import Attendee
from workshop.core import signals
from workshop.core.personal_data import erases
from workshop.evaluations.models import Attempt, Evaluation, FormAnswer, FormResponse, TestAnswer
from workshop.extensions import db


def _delete(model, where, dry_run: bool) -> int:
    count = db.session.scalar(select(func.count(model.id)).where(*where)) or 0
    if not dry_run and count:
        db.session.execute(delete(model).where(*where))
    return count


def _erase(attempts, responses, dry_run: bool = False) -> dict:
    """Answers first (no reliance on ON DELETE CASCADE, which SQLite honours only with its pragma)."""
    return {
        "test answers": _delete(TestAnswer, (TestAnswer.attempt_id.in_(attempts),), dry_run),
        "test attempts": _delete(Attempt, (Attempt.id.in_(attempts),), dry_run),
        "evaluation answers": _delete(FormAnswer, (FormAnswer.response_id.in_(responses),), dry_run),
        "evaluation responses": _delete(FormResponse, (FormResponse.id.in_(responses),), dry_run),
    }


@signals.event_purged.connect
@erases(Attempt, TestAnswer, FormResponse, FormAnswer)
def purge_answers(event, *, dry_run: bool = False, **_) -> dict:
    of_event = select(Evaluation.id).where(Evaluation.event_id == event.id)
    attempts = select(Attempt.id).where(Attempt.evaluation_id.in_(of_event))
    responses = select(FormResponse.id).where(FormResponse.evaluation_id.in_(of_event))
    return _erase(attempts, responses, dry_run)


@signals.attendee_erased.connect
@erases(Attempt, TestAnswer, FormResponse, FormAnswer)
def erase_answers(event, *, attendee: Attendee, **_) -> dict:
    attempts = select(Attempt.id).where(Attempt.attendee_id == attendee.id)
    responses = select(FormResponse.id).where(FormResponse.attendee_id == attendee.id)
    return _erase(attempts, responses)
