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
    count = db.session.execute(
        select(func.count()).select_from(SessionMinutes).where(SessionMinutes.event_id == event.id)
    ).scalar_one()
    if not dry_run:
        db.session.execute(
            update(SessionMinutes).where(SessionMinutes.event_id == event.id).values(notulis_name="")
        )
    return {"minutes": count}
