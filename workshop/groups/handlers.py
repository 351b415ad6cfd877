"""What the groups module does when others tell it something happened (workshop/core/signals.py):
someone who leaves the event's team facilitates none of its groups; the purge forgets the
names of the group chairs who signed the adopted RTL."""

from __future__ import annotations

from sqlalchemy import func, select, update

from workshop.core import signals
from workshop.core.personal_data import erases
from workshop.extensions import db
from workshop.groups.facilitators import unassign_from_event
from workshop.groups.models import Group


@signals.member_removed.connect
def member_removed(event, *, user_id: int, **_) -> None:
    unassign_from_event(event, user_id)


@signals.event_purged.connect
@erases(Group)
def purge_chair_names(event, *, dry_run: bool = False, **_) -> dict:
    named = Group.event_id == event.id, Group.chair_name != ""
    count = db.session.scalar(select(func.count(Group.id)).where(*named)) or 0
    if not dry_run:
        db.session.execute(update(Group).where(*named).values(chair_name=""))
    return {"group_chairs": count}
