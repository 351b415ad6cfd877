"""The minute-taker's name goes with the event's personal data. Receivers flush, never commit."""

from __future__ import annotations

from sqlalchemy import func, select, update

from workshop.core import signals
from workshop.core.personal_data import erases
from workshop.extensions import db
from workshop.minutes.models import SessionMinutes


@signals.event_purged.connect
@erases(SessionMinutes)
def purge_minutes(event, *, dry_run: bool = False, **_) -> dict:
    of_event = SessionMinutes.event_id == event.id
    count = db.session.scalar(select(func.count(SessionMinutes.id)).where(of_event))
    if not dry_run:
        db.session.execute(update(SessionMinutes).where(of_event).values(notulis_name=""))
    return {"minutes": count}
