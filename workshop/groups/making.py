"""An event's groups: listed, made (the five cluster groups at once, or one by hand), renamed and
removed. Plain functions: they flush, never commit."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from workshop.attendees.models import Attendee
from workshop.events.models import Event
from workshop.extensions import db
from workshop.groups.clusters import CLUSTER_CODES, KELEMBAGAAN, clusters
from workshop.groups.errors import GroupError
from workshop.groups.models import Group, GroupFacilitator
from workshop.groups.rtl import rtl_rows
from workshop.groups.validation import CONTROL

MAX_GROUP_NAME = 200


def groups_of(event: Event) -> list[Group]:
    return db.session.scalars(
        select(Group)
        .where(Group.event_id == event.id)
        .order_by(Group.position, Group.name)
        .options(selectinload(Group.facilitator_links).selectinload(GroupFacilitator.user))
    ).all()


def get_group(event: Event, group_id: int) -> Group | None:
    group = db.session.get(Group, group_id)
    return group if group is not None and group.event_id == event.id else None


def _name_taken(event: Event, name: str, exclude_id: int | None = None) -> bool:
    query = select(Group.id).where(Group.event_id == event.id, func.lower(Group.name) == name.lower())
    if exclude_id is not None:
        query = query.where(Group.id != exclude_id)
    return db.session.execute(query).first() is not None


def _clean_name(event: Event, name: str, exclude_id: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise GroupError(_l("Enter the group's name."), "name")
    if len(name) > MAX_GROUP_NAME:
        raise GroupError(_l("At most %(n)d characters.", n=MAX_GROUP_NAME), "name")
    if CONTROL.search(name) or "<" in name or ">" in name:
        raise GroupError(_l("Use letters, numbers and punctuation only."), "name")
    if _name_taken(event, name, exclude_id):
        raise GroupError(_l("Another group already has this name."), "name")
    return name


def _next_position(event: Event) -> int:
    top = db.session.execute(select(func.max(Group.position)).where(Group.event_id == event.id)).scalar()
    return (top or 0) + 1


def create_default_groups(event: Event, with_kelembagaan: bool = False) -> list[Group]:
    """The five child-rights cluster groups (and Kelembagaan when asked); clusters that already
    have a group are skipped. Returns the groups made."""
    have = {g.cluster for g in groups_of(event)}
    made = []
    wanted = [(c["code"], f"Klaster {c['code']} – {c['name_id']}") for c in clusters()]
    if with_kelembagaan:
        wanted.append((KELEMBAGAAN, "Kelembagaan"))
    for position, (code, name) in enumerate(wanted, start=1):
        if code in have or _name_taken(event, name):
            continue
        group = Group(event_id=event.id, name=name, cluster=code, position=position)
        db.session.add(group)
        made.append(group)
    db.session.flush()
    return made


def add_group(event: Event, name: str, cluster: str | None = None) -> Group:
    name = _clean_name(event, name)
    if cluster not in (None, "", *CLUSTER_CODES, KELEMBAGAAN):
        raise GroupError(_l("Choose a cluster from the list."), "cluster")
    group = Group(event_id=event.id, name=name, cluster=cluster or None, position=_next_position(event))
    db.session.add(group)
    db.session.flush()
    return group


def rename_group(group: Group, name: str) -> Group:
    event = db.session.get(Event, group.event_id)
    group.name = _clean_name(event, name, exclude_id=group.id)
    db.session.flush()
    return group


def remove_group(group: Group) -> None:
    """Removes an empty-of-output group; its members become unassigned. A group that already has
    RTL rows is refused, so nobody's work disappears with a click."""
    if rtl_rows(group):
        raise GroupError(_l("This group already has RTL rows; it cannot be removed."))
    for person in db.session.execute(select(Attendee).where(Attendee.group_id == group.id)).scalars():
        person.group_id = None
    db.session.delete(group)
    db.session.flush()
