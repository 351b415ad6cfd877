"""What the events module does when others tell it something happened (workshop/core/signals.py):
the invitations' labels (who each was for) go with the event's personal data."""

from __future__ import annotations

from sqlalchemy import func, select, update

from workshop.core import signals
from workshop.core.personal_data import erases
from workshop.events.models import Invitation
from workshop.extensions import db


@signals.event_purged.connect
@erases(Invitation)
def purge_invitations(event, *, dry_run: bool = False, **_) -> dict:
    labelled = Invitation.event_id == event.id, Invitation.label != ""
    count = db.session.scalar(select(func.count(Invitation.id)).where(*labelled))
    if not dry_run:
        db.session.execute(update(Invitation).where(*labelled).values(label=""))
    return {"invitations": count}
