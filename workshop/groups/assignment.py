"""Who is in which group: moved by hand, or placed by the suggestion (by the institution's cluster,
the rest balanced by size and gender). Plain functions: they flush, never commit."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from workshop.attendees.models import Attendee, AttendeeStatus, Role
from workshop.attendees.reference import canonical_institution
from workshop.events.models import Event
from workshop.extensions import db
from workshop.groups.errors import GroupError
from workshop.groups.making import groups_of
from workshop.groups.models import Group


def _participants_where(event: Event) -> tuple:
    """Registered peserta of the event, as SQL conditions: the people groups are made of."""
    return (
        Attendee.event_id == event.id,
        Attendee.role == Role.PESERTA.value,
        Attendee.status == AttendeeStatus.REGISTERED.value,
    )


def participants(event: Event) -> list[Attendee]:
    """Registered peserta: the people groups are made of."""
    return db.session.scalars(
        select(Attendee)
        .where(*_participants_where(event))
        .order_by(Attendee.full_name, Attendee.id)
        .options(selectinload(Attendee.institution), selectinload(Attendee.group))
    ).all()


def move_attendees(event: Event, attendee_ids: list[int], group: Group | None) -> int:
    """Put the given people of ``event`` into ``group`` (None: no group). Returns how many moved."""
    if group is not None and group.event_id != event.id:
        raise GroupError(_l("Choose a group of this event."), "group")
    ids = {int(i) for i in attendee_ids}
    if not ids:
        raise GroupError(_l("Choose at least one person."), "attendees")
    if any(not 0 < i < 2**31 for i in ids):  # not an id a database row can have
        raise GroupError(_l("Choose people of this event."), "attendees")
    people = db.session.scalars(
        select(Attendee).where(Attendee.event_id == event.id, Attendee.id.in_(ids))
    ).all()
    if len(people) != len(ids):
        raise GroupError(_l("Choose people of this event."), "attendees")
    moved = 0
    target = group.id if group is not None else None
    for person in people:
        if person.group_id != target:
            person.group_id = target
            moved += 1
    db.session.flush()
    return moved


def attendee_cluster(event: Event, attendee: Attendee) -> str | None:
    """Where the person's institution works: the canonical institution's cluster, else the
    reference looked up from what they typed."""
    if attendee.institution is not None and attendee.institution.cluster:
        return attendee.institution.cluster
    if attendee.institution_text:
        return canonical_institution(attendee.institution_text, event.city)[2]
    return None


@dataclass
class Placement:
    attendee: Attendee
    group: Group
    by_cluster: bool  # True: the institution's cluster; False: balancing


@dataclass
class Suggestion:
    placements: list[Placement]
    sizes: dict[int, Counter] = field(default_factory=dict)  # group id -> Counter of L/P

    def mapping(self) -> dict[int, int]:
        return {p.attendee.id: p.group.id for p in self.placements}


def suggest_assignment(event: Event) -> Suggestion:
    """Each participant whose institution works on a group's cluster goes to that group; the
    others (no known institution, or Kelembagaan without a Kelembagaan group) go one by one to
    the smallest group, and among equally small ones to the one with fewest of their gender.
    Deterministic: the same people give the same suggestion."""
    groups = groups_of(event)
    if not groups:
        raise GroupError(_l("Make the groups first."))
    by_cluster = {g.cluster: g for g in groups if g.cluster}
    sizes = {g.id: Counter() for g in groups}
    placements, unmatched = [], []
    for person in participants(event):
        group = by_cluster.get(attendee_cluster(event, person))
        if group is None:
            unmatched.append(person)
            continue
        placements.append(Placement(person, group, True))
        sizes[group.id][person.gender] += 1
    # Alternate genders in the queue so neither fills the small groups first.
    queues = {g: [p for p in unmatched if p.gender == g] for g in ("P", "L")}
    ordered = []
    while queues["P"] or queues["L"]:
        for g in ("P", "L"):
            if queues[g]:
                ordered.append(queues[g].pop(0))
    for person in ordered:
        group = min(
            groups, key=lambda g: (sum(sizes[g.id].values()), sizes[g.id][person.gender], g.position, g.id)
        )
        placements.append(Placement(person, group, False))
        sizes[group.id][person.gender] += 1
    placements.sort(key=lambda p: (p.group.position, p.group.id, p.attendee.full_name))
    return Suggestion(placements, sizes)


def apply_assignment(event: Event, mapping: dict[int, int]) -> int:
    """Apply a suggestion as shown: {attendee id: group id}. Returns how many people moved."""
    groups = {g.id: g for g in groups_of(event)}
    if any(group_id not in groups for group_id in mapping.values()):
        raise GroupError(_l("The groups changed meanwhile; look at the suggestion again."))
    people = {
        a.id: a
        for a in db.session.execute(
            select(Attendee).where(Attendee.event_id == event.id, Attendee.id.in_(list(mapping)))
        ).scalars()
    }
    if len(people) != len(mapping):
        raise GroupError(_l("The participant list changed meanwhile; look at the suggestion again."))
    moved = 0
    for attendee_id, group_id in mapping.items():
        if people[attendee_id].group_id != group_id:
            people[attendee_id].group_id = group_id
            moved += 1
    db.session.flush()
    return moved


def members_of(group: Group) -> list[Attendee]:
    return db.session.scalars(
        select(Attendee)
        .where(Attendee.group_id == group.id, Attendee.status == AttendeeStatus.REGISTERED.value)
        .order_by(Attendee.full_name, Attendee.id)
        .options(selectinload(Attendee.institution))
    ).all()


def unassigned_count(event: Event) -> int:
    return db.session.scalar(
        select(func.count(Attendee.id)).where(*_participants_where(event), Attendee.group_id.is_(None))
    )


def sizes_by_group(people: list[Attendee]) -> dict[int | None, Counter]:
    sizes: dict[int | None, Counter] = defaultdict(Counter)
    for person in people:
        sizes[person.group_id][person.gender] += 1
    return sizes
