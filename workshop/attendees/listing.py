"""The organiser's view of an event's attendees: search, filters, sort and counts.

Plain functions over plain values (an ``AttendeeQuery``), no request: the list page, the exports,
the name tags and the WhatsApp page all read the same filtered set through ``find_attendees``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from workshop.attendees.models import Attendee, AttendeeStatus, Category, Institution, Role
from workshop.events.models import Event
from workshop.extensions import db

PAGE_SIZE = 100
SORTS = ("name", "reg", "institution", "created")
STATUS_ALL = "all"


@dataclass
class AttendeeQuery:
    """What the organiser asked for. Empty values mean "no filter"; ``status`` defaults to the
    registered people, since cancelled and replaced ones are kept only for the record."""

    text: str = ""
    role: str = ""
    category: str = ""
    gender: str = ""
    institution_id: int | None = None
    status: str = AttendeeStatus.REGISTERED.value
    sort: str = "name"
    ids: list[int] = field(default_factory=list)  # a selection; empty means everyone who matches


@dataclass
class Counts:
    """Counts of one filtered set: total, by gender, by category (split by gender) and by role."""

    total: int = 0
    by_gender: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, dict[str, int]] = field(default_factory=dict)  # category -> {L, P, total}
    by_role: dict[str, int] = field(default_factory=dict)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _word_condition(word: str):
    """One search word matches the name, the institution (canonical or as typed), the NIP, the
    phone's digits or the registration number."""
    pattern = _like(word)
    options = [
        Attendee.full_name.ilike(pattern, escape="\\"),
        Institution.name.ilike(pattern, escape="\\"),
        Attendee.institution_text.ilike(pattern, escape="\\"),
    ]
    digits = re.sub(r"[\-.#+]", "", word)
    if digits.isdigit():
        if len(digits) <= 6:
            options.append(Attendee.reg_number == int(digits))
        if len(digits) >= 4:
            # A few digits rarely name one person: short numbers are registration numbers only,
            # longer ones also search the NIP and the phone (typed as 0812…, 62812… or +62812…).
            options.append(Attendee.nip.like(_like(digits), escape="\\"))
            options.append(Attendee.phone.like(_like(digits), escape="\\"))
            if digits.startswith("0") and len(digits) > 4:
                options.append(Attendee.phone.like("+62" + _like(digits[1:])[1:], escape="\\"))
    return or_(*options)


def _conditions(event: Event, query: AttendeeQuery) -> list:
    conditions = [Attendee.event_id == event.id]
    if query.status and query.status != STATUS_ALL:
        conditions.append(Attendee.status == query.status)
    if query.role:
        conditions.append(Attendee.role == query.role)
    if query.category:
        conditions.append(Attendee.category == query.category)
    if query.gender:
        conditions.append(Attendee.gender == query.gender)
    if query.institution_id:
        conditions.append(Attendee.institution_id == query.institution_id)
    if query.ids:
        conditions.append(Attendee.id.in_(query.ids))
    # Digits typed in groups are one number: "0812 3456", "19860926 201505 1 001".
    text = re.sub(r"(?<=\d)[\s\-.]+(?=\d)", "", (query.text or "")[:200])
    for word in text.split()[:8]:
        conditions.append(_word_condition(word[:100]))
    return conditions


def _base(event: Event, query: AttendeeQuery, *columns):
    stmt = select(*columns) if columns else select(Attendee)
    return (
        stmt.select_from(Attendee)
        .outerjoin(Institution, Attendee.institution_id == Institution.id)
        .where(and_(*_conditions(event, query)))
    )


def _order(query: AttendeeQuery) -> list:
    by_name = [func.lower(Attendee.full_name), Attendee.reg_number]
    if query.sort == "reg":
        return [Attendee.reg_number]
    if query.sort == "institution":
        institution = func.lower(func.coalesce(Institution.name, Attendee.institution_text))
        return [institution, *by_name]
    if query.sort == "created":
        return [Attendee.created_at.desc(), Attendee.reg_number.desc()]
    return by_name


def find_attendees(
    event: Event, query: AttendeeQuery, *, limit: int | None = None, offset: int = 0
) -> list[Attendee]:
    """The matching attendees in the asked order, each with its institution loaded."""
    # The group is printed on name tags and shown in the list: load it with the rest, not per row.
    stmt = (
        _base(event, query)
        .options(contains_eager(Attendee.institution), selectinload(Attendee.group))
        .order_by(*_order(query))
    )
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return list(db.session.execute(stmt).scalars())


def count_matching(event: Event, query: AttendeeQuery) -> int:
    return db.session.execute(_base(event, query, func.count(Attendee.id))).scalar_one()


def counts(event: Event, query: AttendeeQuery) -> Counts:
    """Counts of the filtered set by gender, by category and gender, and by role."""
    result = Counts()
    rows = db.session.execute(
        _base(event, query, Attendee.category, Attendee.gender, func.count(Attendee.id)).group_by(
            Attendee.category, Attendee.gender
        )
    ).all()
    order = [c.value for c in Category]
    for category, gender, n in sorted(
        rows, key=lambda r: (order.index(r[0]) if r[0] in order else 99, r[0], r[1])
    ):
        result.total += n
        result.by_gender[gender] = result.by_gender.get(gender, 0) + n
        cell = result.by_category.setdefault(category, {"L": 0, "P": 0, "total": 0})
        cell[gender] = cell.get(gender, 0) + n
        cell["total"] += n
    roles = dict(
        db.session.execute(
            _base(event, query, Attendee.role, func.count(Attendee.id)).group_by(Attendee.role)
        ).all()
    )
    result.by_role = {r.value: roles[r.value] for r in Role if roles.get(r.value)}
    return result


def get_attendee(event: Event, attendee_id: int) -> Attendee | None:
    """An attendee of this event; None for an unknown id or someone of another event."""
    attendee = db.session.get(Attendee, attendee_id)
    return attendee if attendee is not None and attendee.event_id == event.id else None


def replacement_of(attendee: Attendee) -> Attendee | None:
    """The person who took this one's slot (the reverse of ``Attendee.replaces``)."""
    return (
        db.session.execute(
            select(Attendee)
            .where(Attendee.replaces_id == attendee.id, Attendee.event_id == attendee.event_id)
            .order_by(Attendee.id)
        )
        .scalars()
        .first()
    )


def typed_spellings(event: Event) -> dict[int, list[tuple[str, int]]]:
    """For each canonical institution, what people typed that maps to it, with how often."""
    rows = db.session.execute(
        select(Attendee.institution_id, Attendee.institution_text, func.count(Attendee.id))
        .where(Attendee.event_id == event.id, Attendee.institution_id.is_not(None))
        .group_by(Attendee.institution_id, Attendee.institution_text)
        .order_by(func.count(Attendee.id).desc(), Attendee.institution_text)
    ).all()
    result: dict[int, list[tuple[str, int]]] = {}
    for institution_id, text, n in rows:
        result.setdefault(institution_id, []).append((text, n))
    return result


def institution_choices(event: Event) -> list[tuple[int, str]]:
    return [
        (institution.id, institution.name)
        for institution in db.session.execute(
            select(Institution).where(Institution.event_id == event.id).order_by(func.lower(Institution.name))
        ).scalars()
    ]


def summary(event: Event) -> dict:
    """The overview's numbers: registered peserta against the capacity, and everyone registered."""
    rows = dict(
        db.session.execute(
            select(Attendee.role, func.count(Attendee.id))
            .where(Attendee.event_id == event.id, Attendee.status == AttendeeStatus.REGISTERED.value)
            .group_by(Attendee.role)
        ).all()
    )
    return {
        "peserta": rows.get(Role.PESERTA.value, 0),
        "total": sum(rows.values()),
        "by_role": {r.value: rows[r.value] for r in Role if rows.get(r.value)},
        "capacity": event.capacity,
    }
