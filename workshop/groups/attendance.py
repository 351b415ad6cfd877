"""Who of a group came to its own sessions (breakouts), and the overview of every group of an
event: members, RTL rows, attendance."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from workshop.agenda.models import AgendaSession, SessionGroup
from workshop.attendees.models import Attendee, AttendeeStatus
from workshop.checkin.models import CheckIn
from workshop.events.models import Event
from workshop.extensions import db
from workshop.groups.assignment import members_of
from workshop.groups.making import groups_of
from workshop.groups.models import Group, RtlRow


def group_sessions(group: Group) -> list[AgendaSession]:
    """Sessions held for this group (breakouts), in time order."""
    return list(
        db.session.execute(
            select(AgendaSession)
            .join(SessionGroup, SessionGroup.session_id == AgendaSession.id)
            .where(SessionGroup.group_id == group.id)
            .order_by(AgendaSession.starts_at)
        ).scalars()
    )


@dataclass
class Attendance:
    sessions: list[AgendaSession]
    members: list[Attendee]
    checked_in: dict[tuple[int, int], CheckIn]  # (attendee id, session id) -> check-in

    @property
    def present(self) -> int:
        return len(self.checked_in)

    @property
    def expected(self) -> int:
        return len(self.members) * len([s for s in self.sessions if s.requires_checkin])


def attendance(group: Group) -> Attendance:
    sessions = group_sessions(group)
    members = members_of(group)
    checked = {}
    if sessions and members:
        rows = db.session.execute(
            select(CheckIn).where(
                CheckIn.agenda_session_id.in_([s.id for s in sessions]),
                CheckIn.attendee_id.in_([m.id for m in members]),
            )
        ).scalars()
        checked = {(c.attendee_id, c.agenda_session_id): c for c in rows}
    return Attendance(sessions, members, checked)


@dataclass
class GroupSummary:
    group: Group
    members: int
    women: int
    men: int
    rows: int
    present: int
    expected: int


def overview(event: Event) -> list[GroupSummary]:
    """Every group's members, RTL rows and attendance in its own sessions: four queries for the
    whole event (the per-group ``attendance`` is for one group's page)."""
    groups = groups_of(event)
    row_counts = dict(
        db.session.execute(
            select(RtlRow.group_id, func.count())
            .where(RtlRow.event_id == event.id, RtlRow.deleted_at.is_(None))
            .group_by(RtlRow.group_id)
        ).all()
    )
    members: dict[int, dict[int, str]] = defaultdict(dict)  # group -> attendee -> gender
    for attendee_id, group_id, gender in db.session.execute(
        select(Attendee.id, Attendee.group_id, Attendee.gender).where(
            Attendee.event_id == event.id,
            Attendee.status == AttendeeStatus.REGISTERED.value,
            Attendee.group_id.is_not(None),
        )
    ):
        members[group_id][attendee_id] = gender
    sessions: dict[int, list[tuple[int, bool]]] = defaultdict(list)  # group -> (session, needs check-in)
    for group_id, session_id, requires in db.session.execute(
        select(SessionGroup.group_id, AgendaSession.id, AgendaSession.requires_checkin)
        .join(AgendaSession, SessionGroup.session_id == AgendaSession.id)
        .where(AgendaSession.event_id == event.id)
    ):
        sessions[group_id].append((session_id, requires))
    present = set(
        db.session.execute(
            select(CheckIn.attendee_id, CheckIn.agenda_session_id).where(CheckIn.event_id == event.id)
        ).all()
    )
    result = []
    for group in groups:
        people, held = members[group.id], sessions[group.id]
        genders = Counter(people.values())
        here = sum(1 for a in people for sid, _r in held if (a, sid) in present)
        expected = len(people) * sum(1 for _sid, requires in held if requires)
        result.append(
            GroupSummary(
                group, len(people), genders["P"], genders["L"], row_counts.get(group.id, 0), here, expected
            )
        )
    return result
