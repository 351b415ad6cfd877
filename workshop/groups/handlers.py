"""What the groups module does when others tell it something happened (workshop/core/signals.py):
someone who leaves the event's team facilitates none of its groups."""

from __future__ import annotations

from workshop.core import signals
from workshop.groups.facilitators import unassign_from_event


@signals.member_removed.connect
def member_removed(event, *, user_id: int, **_) -> None:
    unassign_from_event(event, user_id)
