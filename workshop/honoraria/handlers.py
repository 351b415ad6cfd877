"""The SPJ's personal data (NPWP, bank accounts) goes with the event's, and with the person's on
their request. Receivers flush, never commit."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from workshop.attendees.models import Attendee
from workshop.core import signals
from workshop.core.personal_data import erases
from workshop.extensions import db
from workshop.honoraria.models import HonorariumRecipient


@signals.event_purged.connect
@erases(HonorariumRecipient)
def purge_honoraria(event, *, dry_run: bool = False, **_) -> dict:
    of_event = HonorariumRecipient.event_id == event.id
    count = db.session.scalar(select(func.count(HonorariumRecipient.id)).where(of_event))
    if not dry_run:
        db.session.execute(delete(HonorariumRecipient).where(of_event))
    return {"honorarium_recipients": count}


@signals.attendee_erased.connect
@erases(HonorariumRecipient)
def erase_honorarium_recipient(event, *, attendee: Attendee, **_) -> dict:
    result = db.session.execute(
        delete(HonorariumRecipient).where(HonorariumRecipient.attendee_id == attendee.id)
    )
    return {"honorarium_recipients": result.rowcount or 0}
