"""What the check-in module does when others tell it something happened (workshop/core/signals.py):
self check-ins forget the phone's hashed cookie with the event's personal data, or the person's.
The check-ins themselves stay: attendance is counted after the purge too."""

from __future__ import annotations

from sqlalchemy import func, select, update

from workshop.attendees.models import Attendee
from workshop.checkin.models import CheckIn, CheckInVoid
from workshop.core import signals
from workshop.core.personal_data import erases
from workshop.extensions import db


def _forget_phones(conditions_of, dry_run: bool = False) -> int:
    count = 0
    for model in (CheckIn, CheckInVoid):
        where = conditions_of(model)
        count += db.session.scalar(select(func.count(model.id)).where(*where, model.phone_key.is_not(None)))
        if not dry_run:
            db.session.execute(update(model).where(*where).values(phone_key=None))
    return count


@signals.event_purged.connect
@erases(CheckIn, CheckInVoid)
def purge_phone_keys(event, *, dry_run: bool = False, **_) -> dict:
    return {"phone keys": _forget_phones(lambda model: (model.event_id == event.id,), dry_run=dry_run)}


@signals.attendee_erased.connect
@erases(CheckIn, CheckInVoid)
def erase_phone_keys(event, *, attendee: Attendee, **_) -> dict:
    return {"phone keys": _forget_phones(lambda model: (model.attendee_id == attendee.id,))}
