"""The rules of discussion groups: the default cluster groups, assignment (by hand and by
suggestion), facilitators, review, and the notes and RTL rows with optimistic concurrency.

Concurrency (DESIGN.md §5): every RTL row and every group's notes carry a ``version`` that rises
with each saved change, and each changed field is kept as a ``GroupRevision`` with the version it
produced. A client sends the version its edit is based on; a field it changes that someone else
changed since (a revision newer than that version, with another value now) is a conflict and
nothing is written; other fields merge. The UPDATE itself is guarded by the version column
(SQLAlchemy ``version_id_col``), so two writers at the same instant cannot both pass the check:
the loser re-reads and is judged again.

Plain functions: they flush, never commit, never read the request.
"""

from __future__ import annotations

import csv
import re
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from workshop.agenda.models import AgendaSession, SessionGroup
from workshop.attendees.models import Attendee, AttendeeStatus, Role
from workshop.attendees.reference import REFERENCE, canonical_institution
from workshop.auth.models import User
from workshop.checkin.models import CheckIn
from workshop.core import text as text_rules
from workshop.core.db import utcnow
from workshop.events.models import Event, MemberRole, Membership
from workshop.extensions import db
from workshop.groups.models import (
    Group,
    GroupFacilitator,
    GroupNotes,
    GroupRevision,
    OutputStatus,
    RtlRow,
)

KELEMBAGAAN = "kelembagaan"
CLUSTER_CODES = ("I", "II", "III", "IV", "V")
MAX_GROUP_NAME = 200
MAX_SHORT_TEXT = 1000  # one cell of the RTL table
MAX_LONG_TEXT = 10_000  # notes
MAX_BUDGET = 100_000_000_000  # Rp 100 miliar: more is a typing mistake for one local action
FUNDING_SOURCES = ("APBD", "APBN", "DAK", "Dana Desa", "CSR", "swadaya", "lainnya")
RTL_TEXT_FIELDS = (
    "activity",
    "objective",
    "target",
    "timeline",
    "location",
    "responsible",
    "partners",
    "success_indicator",
    "notes",
)
RTL_FIELDS = (
    "activity",
    "objective",
    "target",
    "kla_indicator",
    "timeline",
    "location",
    "responsible",
    "partners",
    "funding_source",
    "budget",
    "success_indicator",
    "notes",
    "position",
)
NOTES_FIELDS = ("issues", "summary", "agreements")
MAX_ATTEMPTS = 20
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class GroupError(Exception):
    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class InvalidInput(Exception):
    """Bad values: ``errors`` maps each field to a message; nothing was stored."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class Locked(Exception):
    """The group's output is locked: read-only."""


class Conflict(Exception):
    """A field the edit changes was changed by someone else since the edit's base version."""

    def __init__(self, fields: list[str], current):
        super().__init__(", ".join(fields))
        self.fields = fields
        self.current = current


class Gone(Exception):
    """The row was deleted (perhaps a moment ago, by someone else): nothing to change."""


class StaleVersion(Exception):
    """A delete based on an older version than the row's."""

    def __init__(self, current):
        super().__init__("stale")
        self.current = current


# ---- reference -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def clusters() -> list[dict]:
    with (REFERENCE / "clusters.csv").open(encoding="utf-8") as f:
        return [dict(row) for row in csv.DictReader(f)]


@lru_cache(maxsize=1)
def kla_indicators() -> list[dict]:
    with (REFERENCE / "kla_indicators.csv").open(encoding="utf-8") as f:
        return [{**row, "number": int(row["number"])} for row in csv.DictReader(f)]


def indicators_for(group: Group) -> list[dict]:
    """The 24 KLA indicators, the group's own cluster first (then in number order)."""
    return sorted(kla_indicators(), key=lambda i: (i["cluster"] != group.cluster, i["number"]))


def cluster_label(code: str | None) -> str:
    if code == KELEMBAGAAN:
        return "Kelembagaan"
    return f"Klaster {code}" if code else ""


def format_rupiah(amount: int | None) -> str:
    """15000000 -> 'Rp 15.000.000'."""
    if amount is None:
        return ""
    return "Rp " + f"{amount:,}".replace(",", ".")


# ---- groups ----------------------------------------------------------------------------------


def groups_of(event: Event) -> list[Group]:
    return list(
        db.session.execute(
            select(Group)
            .where(Group.event_id == event.id)
            .order_by(Group.position, Group.name)
            .options(selectinload(Group.facilitator_links).selectinload(GroupFacilitator.user))
        ).scalars()
    )


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
    if _CONTROL.search(name) or "<" in name or ">" in name:
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


# ---- assignment ------------------------------------------------------------------------------


def participants(event: Event) -> list[Attendee]:
    """Registered peserta: the people groups are made of."""
    return list(
        db.session.execute(
            select(Attendee)
            .where(
                Attendee.event_id == event.id,
                Attendee.role == Role.PESERTA.value,
                Attendee.status == AttendeeStatus.REGISTERED.value,
            )
            .order_by(Attendee.full_name, Attendee.id)
            .options(selectinload(Attendee.institution), selectinload(Attendee.group))
        ).scalars()
    )


def move_attendees(event: Event, attendee_ids: list[int], group: Group | None) -> int:
    """Put the given people of ``event`` into ``group`` (None: no group). Returns how many moved."""
    if group is not None and group.event_id != event.id:
        raise GroupError(_l("Choose a group of this event."), "group")
    ids = {int(i) for i in attendee_ids}
    if not ids:
        raise GroupError(_l("Choose at least one person."), "attendees")
    if any(not 0 < i < 2**31 for i in ids):  # not an id a database row can have
        raise GroupError(_l("Choose people of this event."), "attendees")
    people = list(
        db.session.execute(
            select(Attendee).where(Attendee.event_id == event.id, Attendee.id.in_(ids))
        ).scalars()
    )
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
    return list(
        db.session.execute(
            select(Attendee)
            .where(Attendee.group_id == group.id, Attendee.status == AttendeeStatus.REGISTERED.value)
            .order_by(Attendee.full_name, Attendee.id)
            .options(selectinload(Attendee.institution))
        ).scalars()
    )


# ---- facilitators and access -----------------------------------------------------------------


def facilitator_candidates(event: Event) -> list[User]:
    return list(
        db.session.execute(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.event_id == event.id, Membership.role == MemberRole.FACILITATOR.value)
            .order_by(User.name)
        ).scalars()
    )


def assign_facilitator(group: Group, user: User) -> GroupFacilitator:
    if user is None or user.id not in {
        u.id for u in facilitator_candidates(db.session.get(Event, group.event_id))
    }:
        raise GroupError(_l("Choose a facilitator of this event's team."), "user")
    if any(link.user_id == user.id for link in group.facilitator_links):
        raise GroupError(_l("This facilitator is already assigned to the group."), "user")
    link = GroupFacilitator(event_id=group.event_id, group=group, user=user)
    db.session.add(link)
    db.session.flush()
    return link


def remove_facilitator(group: Group, user_id: int) -> None:
    link = next((link for link in group.facilitator_links if link.user_id == user_id), None)
    if link is None:
        raise GroupError(_l("This facilitator is not assigned to the group."))
    db.session.delete(link)  # explicitly, so the audit log sees it (an orphan removal it would not)
    db.session.flush()
    db.session.expire(group, ["facilitator_links"])


def unassign_from_event(event: Event, user_id: int) -> None:
    """Someone who leaves the event's team facilitates none of its groups (each removal audited)."""
    for link in db.session.execute(
        select(GroupFacilitator).where(
            GroupFacilitator.event_id == event.id, GroupFacilitator.user_id == user_id
        )
    ).scalars():
        db.session.delete(link)
    db.session.flush()


def groups_of_facilitator(event: Event, user: User) -> list[Group]:
    return list(
        db.session.execute(
            select(Group)
            .join(GroupFacilitator, GroupFacilitator.group_id == Group.id)
            .where(Group.event_id == event.id, GroupFacilitator.user_id == user.id)
            .order_by(Group.position, Group.name)
        ).scalars()
    )


def may_work_on(group: Group, user, role: str | None) -> bool:
    """Organisers (and admins) work on every group of their event; a facilitator only on the
    groups they are assigned to; nobody else."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_admin or role == MemberRole.ORGANISER.value:
        return True
    if role != MemberRole.FACILITATOR.value:
        return False
    return (
        db.session.execute(
            select(GroupFacilitator.id).where(
                GroupFacilitator.group_id == group.id, GroupFacilitator.user_id == user.id
            )
        ).first()
        is not None
    )


# ---- review ----------------------------------------------------------------------------------


def submit_output(group: Group) -> None:
    if group.is_locked:
        raise Locked()
    # A returned output that is submitted again has answered the comment: unlocking it later
    # must not bring the old comment back as "returned".
    group.review_comment = ""
    group.output_status = OutputStatus.SUBMITTED.value
    group.submitted_at = utcnow()
    db.session.flush()


def return_output(group: Group, comment: str) -> None:
    comment = (comment or "").strip()
    if not comment:
        raise GroupError(_l("Say what should change."), "comment")
    if len(comment) > 2000:
        raise GroupError(_l("At most %(n)d characters.", n=2000), "comment")
    group.output_status = OutputStatus.RETURNED.value
    group.review_comment = comment
    group.reviewed_at = utcnow()
    db.session.flush()


def lock_output(group: Group) -> None:
    group.output_status = OutputStatus.LOCKED.value
    group.reviewed_at = utcnow()
    db.session.flush()


def unlock_output(group: Group) -> None:
    group.output_status = OutputStatus.RETURNED.value if group.review_comment else OutputStatus.DRAFT.value
    group.reviewed_at = utcnow()
    db.session.flush()


def status_label(status: str) -> str:
    return str(
        {
            "draft": _l("Draft"),
            "submitted": _l("Submitted"),
            "returned": _l("Returned"),
            "locked": _l("Locked"),
        }.get(status, status)
    )


# ---- validation of notes and RTL values ------------------------------------------------------


def parse_budget(value) -> int | None:
    """'Rp 15.000.000', '15.000.000', '15000000', 15000000 -> 15000000; '' -> None.
    Words, negative or absurd numbers raise ValueError with the message for the person."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(_l("Enter the budget in rupiah as a number, e.g. 15.000.000."))
    if isinstance(value, (int, float)):
        if value != int(value):
            raise ValueError(_l("Enter the budget in whole rupiah."))
        amount = int(value)
    elif isinstance(value, str):
        text = value.strip()
        text = re.sub(r"^rp\.?\s*", "", text, flags=re.IGNORECASE).strip()
        negative = text.startswith("-")
        text = text.lstrip("-").strip()
        text = re.sub(r",0{1,2}$", "", text)  # "15.000.000,00"
        if re.fullmatch(r"\d{1,3}(\.\d{3})+|\d{1,3}( \d{3})+|\d+", text) is None:
            raise ValueError(_l("Enter the budget in rupiah as a number, e.g. 15.000.000."))
        amount = int(re.sub(r"[ .]", "", text))
        if negative:
            amount = -amount
    else:
        raise ValueError(_l("Enter the budget in rupiah as a number, e.g. 15.000.000."))
    if amount < 0:
        raise ValueError(_l("The budget cannot be negative."))
    if amount > MAX_BUDGET:
        raise ValueError(
            _l("The budget is more than %(max)s; check the number.", max=format_rupiah(MAX_BUDGET))
        )
    return amount


def _text(value, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(_l("Enter text."))
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(value) or text_rules.forbidden_character(value):
        raise ValueError(_l("The text contains control characters; type it again."))
    if len(value) > limit:
        raise ValueError(
            _l(
                "At most %(n)s characters (this has %(has)s).",
                n=f"{limit:,}".replace(",", "."),
                has=f"{len(value):,}".replace(",", "."),
            )
        )
    return value


def _indicator(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(_l("Choose a KLA indicator from 1 to 24."))
    try:
        number = int(value.strip()) if isinstance(value, str) else int(value)
    except (TypeError, ValueError):
        raise ValueError(_l("Choose a KLA indicator from 1 to 24.")) from None
    if isinstance(value, float) and value != number:
        raise ValueError(_l("Choose a KLA indicator from 1 to 24."))
    if not 1 <= number <= 24:
        raise ValueError(_l("Choose a KLA indicator from 1 to 24."))
    return number


def _position(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100_000:
        raise ValueError(_l("The position must be a whole number."))
    return value


def clean_rtl(data: dict) -> dict:
    """The RTL fields present in ``data``, checked and normalised. Raises InvalidInput with a
    message per bad field; unknown keys are ignored."""
    values, errors = {}, {}
    for name in RTL_FIELDS:
        if name not in data:
            continue
        raw = data[name]
        try:
            if name in RTL_TEXT_FIELDS:
                values[name] = _text(raw, MAX_SHORT_TEXT if name != "notes" else MAX_LONG_TEXT)
            elif name == "kla_indicator":
                values[name] = _indicator(raw)
            elif name == "budget":
                values[name] = parse_budget(raw)
            elif name == "funding_source":
                raw = (raw or "").strip() if isinstance(raw, str) or raw is None else raw
                if raw not in ("", *FUNDING_SOURCES):
                    raise ValueError(_l("Choose a source of funds from the list."))
                values[name] = raw
            elif name == "position":
                values[name] = _position(raw)
        except ValueError as error:
            errors[name] = str(error.args[0])
    if errors:
        raise InvalidInput(errors)
    return values


def clean_notes(data: dict) -> dict:
    values, errors = {}, {}
    for name in NOTES_FIELDS:
        if name in data:
            try:
                values[name] = _text(data[name], MAX_LONG_TEXT)
            except ValueError as error:
                errors[name] = str(error.args[0])
    if errors:
        raise InvalidInput(errors)
    return values


def valid_client_id(value) -> bool:
    if not isinstance(value, str) or not 8 <= len(value) <= 64:
        return False
    return re.fullmatch(r"[A-Za-z0-9_-]+", value) is not None


# ---- RTL rows --------------------------------------------------------------------------------


def rtl_rows(group: Group) -> list[RtlRow]:
    return list(
        db.session.execute(
            select(RtlRow)
            .where(RtlRow.group_id == group.id, RtlRow.deleted_at.is_(None))
            .order_by(RtlRow.position, RtlRow.id)
        ).scalars()
    )


def get_row(row_id: int) -> RtlRow | None:
    row = db.session.get(RtlRow, row_id)
    return row if row is not None and row.deleted_at is None else None


def _plain(value) -> str | None:
    return None if value is None else str(value)


def _revise(
    group: Group, kind: str, row_id: int | None, action: str, changes: dict, version: int, user
) -> None:
    user_id = getattr(user, "id", None)
    if not changes:
        db.session.add(
            GroupRevision(
                event_id=group.event_id,
                group_id=group.id,
                kind=kind,
                row_id=row_id,
                action=action,
                version=version,
                user_id=user_id,
            )
        )
    for name, (old, new) in changes.items():
        db.session.add(
            GroupRevision(
                event_id=group.event_id,
                group_id=group.id,
                kind=kind,
                row_id=row_id,
                action=action,
                field=name,
                old_value=_plain(old),
                new_value=_plain(new),
                version=version,
                user_id=user_id,
            )
        )


def create_row(group: Group, client_id, data: dict, user=None) -> tuple[RtlRow, bool]:
    """A new RTL row, or the row this ``client_id`` already made (then ``created`` is False)."""
    if group.is_locked:
        raise Locked()
    if not valid_client_id(client_id):
        raise InvalidInput({"client_id": str(_l("A client_id (a UUID) is required."))})
    existing = _row_by_client_id(group, client_id)
    if existing is not None:
        return existing, False
    values = clean_rtl(data)
    if "position" not in values:
        top = db.session.execute(
            select(func.max(RtlRow.position)).where(RtlRow.group_id == group.id)
        ).scalar()
        values["position"] = (top or 0) + 1
    now = utcnow()
    row = RtlRow(
        event_id=group.event_id,
        group_id=group.id,
        client_id=client_id,
        created_at=now,
        updated_at=now,
        **values,
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        # The same create, sent twice at once: the other one made the row.
        existing = _row_by_client_id(group, client_id)
        if existing is None:  # pragma: no cover - not a client_id collision
            raise
        return existing, False
    _revise(
        group,
        "rtl",
        row.id,
        "create",
        {k: (None, v) for k, v in values.items() if v not in (None, "") and k != "position"},
        row.version,
        user,
    )
    db.session.flush()
    return row, True


def _row_by_client_id(group: Group, client_id: str) -> RtlRow | None:
    return db.session.execute(
        select(RtlRow).where(RtlRow.group_id == group.id, RtlRow.client_id == client_id)
    ).scalar_one_or_none()


def _base_version(value, current: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= current:
        raise InvalidInput({"version": str(_l("Send the version the edit is based on."))})
    return value


def _changed_since(group: Group, kind: str, row_id: int | None, version: int) -> set[str]:
    query = select(GroupRevision.field).where(
        GroupRevision.group_id == group.id,
        GroupRevision.kind == kind,
        GroupRevision.version > version,
        GroupRevision.field.is_not(None),
    )
    query = (
        query.where(GroupRevision.row_id == row_id)
        if row_id is not None
        else query.where(GroupRevision.row_id.is_(None))
    )
    return set(db.session.execute(query).scalars())


def _save_versioned(obj, group: Group, kind: str, row_id_of, base_version, values: dict, user, extra=None):
    """Apply ``values`` to a versioned object unless a field it changes was changed since
    ``base_version`` (Conflict). The row is locked first where the database can (PostgreSQL:
    SELECT … FOR UPDATE), so writers queue; where it cannot (SQLite), the version-guarded UPDATE
    fails for the loser, who re-reads and is judged again."""
    db.session.refresh(obj, with_for_update=True)
    for _attempt in range(MAX_ATTEMPTS):
        if getattr(obj, "deleted_at", None) is not None:  # deleted while this edit waited
            raise Gone()
        base = _base_version(base_version, obj.version)
        changed_since = _changed_since(group, kind, row_id_of(obj), base) if base < obj.version else set()
        changes = {k: (getattr(obj, k), v) for k, v in values.items() if getattr(obj, k) != v}
        conflicts = sorted(k for k in changes if k in changed_since)
        if conflicts:
            raise Conflict(conflicts, obj)
        if not changes:
            return obj
        try:
            with db.session.begin_nested():
                for name, (_old, new) in changes.items():
                    setattr(obj, name, new)
                obj.updated_at = utcnow()
                if extra:
                    extra(obj)
                db.session.flush()
                _revise(group, kind, row_id_of(obj), "update", changes, obj.version, user)
                db.session.flush()
        except StaleDataError:
            db.session.refresh(obj)
            continue
        return obj
    raise Conflict(sorted(values), obj)  # pragma: no cover - lost the race MAX_ATTEMPTS times


def update_row(row: RtlRow, base_version, data: dict, user=None) -> RtlRow:
    group = db.session.get(Group, row.group_id)
    if group.is_locked:
        raise Locked()
    values = clean_rtl(data)
    return _save_versioned(row, group, "rtl", lambda r: r.id, base_version, values, user)


def delete_row(row: RtlRow, base_version, user=None) -> None:
    group = db.session.get(Group, row.group_id)
    if group.is_locked:
        raise Locked()
    db.session.refresh(row, with_for_update=True)
    if row.deleted_at is not None:
        raise Gone()
    base = _base_version(base_version, row.version)
    if base != row.version:
        raise StaleVersion(row)
    try:
        with db.session.begin_nested():
            row.deleted_at = utcnow()
            db.session.flush()
            _revise(group, "rtl", row.id, "delete", {}, row.version, user)
            db.session.flush()
    except StaleDataError:
        db.session.refresh(row)
        raise StaleVersion(row) from None


def row_json(row: RtlRow) -> dict:
    return {
        "id": row.id,
        "client_id": row.client_id,
        "version": row.version,
        "position": row.position,
        **{name: getattr(row, name) for name in RTL_FIELDS if name != "position"},
        "budget_display": format_rupiah(row.budget),
        "updated_at": row.updated_at.isoformat() if row.updated_at else None,
    }


# ---- notes -----------------------------------------------------------------------------------


def notes_of(group: Group) -> GroupNotes | None:
    return db.session.execute(select(GroupNotes).where(GroupNotes.group_id == group.id)).scalar_one_or_none()


def notes_json(notes: GroupNotes | None) -> dict:
    if notes is None:
        return {"version": 0, **{name: "" for name in NOTES_FIELDS}}
    return {"version": notes.version, **{name: getattr(notes, name) for name in NOTES_FIELDS}}


def save_notes(group: Group, base_version, data: dict, user=None) -> GroupNotes:
    """Version 0 means "there were no notes yet"."""
    if group.is_locked:
        raise Locked()
    values = clean_notes(data)
    notes = notes_of(group)
    if notes is None:
        if base_version != 0 and base_version is not None:
            raise InvalidInput({"version": str(_l("Send the version the edit is based on."))})
        try:
            with db.session.begin_nested():
                notes = GroupNotes(
                    event_id=group.event_id,
                    group_id=group.id,
                    updated_at=utcnow(),
                    **{name: "" for name in NOTES_FIELDS},
                )
                db.session.add(notes)
        except IntegrityError:
            notes = notes_of(group)  # someone else wrote the first notes at the same moment
            base_version = 1 if base_version in (0, None) else base_version
        else:
            base_version = notes.version
    elif base_version == 0:
        base_version = 1  # written meanwhile by someone else: judge against the first version
    return _save_versioned(notes, group, "notes", lambda n: None, base_version, values, user)


def revisions(group: Group, limit: int = 500) -> list[GroupRevision]:
    return list(
        db.session.execute(
            select(GroupRevision)
            .where(GroupRevision.group_id == group.id)
            .order_by(GroupRevision.created_at.desc(), GroupRevision.id.desc())
            .limit(limit)
            .options(selectinload(GroupRevision.user))
        ).scalars()
    )


def new_client_id() -> str:
    return str(uuid.uuid4())


# ---- attendance and overview -----------------------------------------------------------------


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


def unassigned_count(event: Event) -> int:
    return db.session.scalar(
        select(func.count(Attendee.id)).where(
            Attendee.event_id == event.id,
            Attendee.role == Role.PESERTA.value,
            Attendee.status == AttendeeStatus.REGISTERED.value,
            Attendee.group_id.is_(None),
        )
    )


def sizes_by_group(people: list[Attendee]) -> dict[int | None, Counter]:
    sizes: dict[int | None, Counter] = defaultdict(Counter)
    for person in people:
        sizes[person.group_id][person.gender] += 1
    return sizes
