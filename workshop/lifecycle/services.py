"""Erasing personal data: whole events after their retention period, single people at their
request. A small coordinator: every module erases its own data (its ``handlers.py``, receivers of
``signals.event_purged`` and ``signals.attendee_erased``, each marked with the columns it clears)
and reports what it erased; this module sends the signals, clears the audit values last, and
records the counts. Services flush, never commit.

What an erasure keeps: the attendee row (so counts of registrations, check-ins, genders, roles
and institutions stay right), the check-in rows, and, for a purge after retention, the person's
name as it appears on a certificate (certificate verification shows the name only; a child keeps
initials only). What it removes: every other personal field, the consent text, the guardian's
name, the speaker photo and the event's stored files, the values in the event's audit log (the
field names stay, so the log still says what was changed and by whom), and the ticket link (a new
random code, so the old link opens nothing). docs/architecture.md lists each module's share.

The modules write their rows with plain UPDATE statements, past the audit listener: an audit entry
of the change would hold the very values being erased. One audit entry per erasure records who
did it and the counts.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import bindparam, func, select, update

from workshop.attendees.models import DELETION_REASON, Attendee
from workshop.core import signals
from workshop.core.audit import AuditEntry, _current_actor
from workshop.core.db import utcnow
from workshop.core.personal_data import erases
from workshop.events.models import Event
from workshop.extensions import db
from workshop.lifecycle.models import DataErasure


class ErasureError(Exception):
    pass


@dataclass
class Plan:
    """What a purge removes, as each module counted it before it happened (for --dry-run); the
    purge replaces the counts with what the modules report they erased."""

    event: Event
    counts: dict[str, int] = field(default_factory=dict)  # every module's added up
    by_module: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def attendees(self) -> int:
        return self.counts.get("attendees", 0)

    @property
    def audit_entries(self) -> int:
        return self.counts.get("audit_entries", 0)

    @property
    def files(self) -> int:
        return self.counts.get("files", 0) + self.counts.get("generated_files", 0)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retention_ends(event: Event) -> date:
    """The last day the event's personal data is kept: its end date plus the retention period."""
    return add_months(event.ends_on, event.retention_months)


def is_purged(event: Event) -> bool:
    return (
        db.session.execute(
            select(DataErasure.id).where(DataErasure.event_id == event.id, DataErasure.kind == "retention")
        ).first()
        is not None
    )


def due_events(today: date | None = None) -> list[Event]:
    """Events past their retention period and not purged yet, oldest first."""
    today = today or utcnow().date()
    events = db.session.execute(select(Event).where(Event.ends_on < today).order_by(Event.ends_on)).scalars()
    return [event for event in events if retention_ends(event) < today and not is_purged(event)]


def _audit_of(event: Event):
    return (AuditEntry.event_id == event.id,)


def plan_purge(event: Event) -> Plan:
    by_module = signals.reports(signals.event_purged, event, dry_run=True)
    by_module["lifecycle"] = {
        "audit_entries": db.session.scalar(select(func.count(AuditEntry.id)).where(*_audit_of(event)))
    }
    return Plan(event=event, counts=signals.total(by_module), by_module=by_module)


@erases(AuditEntry)
def clear_audit_values(*conditions) -> int:
    """Keep who changed which field when; drop what the values were (one executemany UPDATE).
    Called after every module's eraser, so no value they might log survives."""
    entries = db.session.execute(select(AuditEntry.id, AuditEntry.changes).where(*conditions)).all()
    rows = [
        {"row_id": entry_id, "cleared": {name: [None, None] for name in (changes or {})}}
        for entry_id, changes in entries
    ]
    if rows:
        table = AuditEntry.__table__
        db.session.execute(
            update(table).where(table.c.id == bindparam("row_id")).values(changes=bindparam("cleared")), rows
        )
    return len(rows)


def _record(
    event: Event,
    kind: str,
    action: str,
    entity: str,
    entity_id: int,
    counts: dict,
    attendee_id: int | None = None,
) -> None:
    user_id, actor = _current_actor()
    actor = actor or "system"
    db.session.add(
        DataErasure(event_id=event.id, attendee_id=attendee_id, kind=kind, actor=actor, counts=counts)
    )
    db.session.execute(
        AuditEntry.__table__.insert(),
        [
            {
                "created_at": utcnow(),
                "user_id": user_id,
                "actor": actor,
                "event_id": event.id,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "changes": {name: [None, value] for name, value in counts.items()},
            }
        ],
    )


def purge_event(event: Event, plan: Plan | None = None) -> Plan:
    """Erase the event's personal data (its retention period is over): every module erases its
    own and says what it erased. ``plan``: the one the caller already made with ``plan_purge``
    (made here otherwise); it comes back with the counts of what was erased."""
    if is_purged(event):
        raise ErasureError("already purged")
    plan = plan or plan_purge(event)
    db.session.flush()  # pending ORM changes first: nothing may be written back over the erasure
    by_module = signals.reports(signals.event_purged, event, dry_run=False)
    by_module["lifecycle"] = {"audit_entries": clear_audit_values(*_audit_of(event))}
    plan.counts, plan.by_module = signals.total(by_module), by_module
    _record(event, "retention", "purge", "Event", event.id, plan.counts)
    db.session.expire_all()
    db.session.flush()
    return plan


def deletion_requests(event: Event) -> list[Attendee]:
    """People of the event who asked for their data to be deleted, oldest request first."""
    return (
        db.session.execute(
            select(Attendee)
            .where(Attendee.event_id == event.id, Attendee.cancel_reason == DELETION_REASON)
            .order_by(Attendee.cancelled_at)
        )
        .scalars()
        .all()
    )


def erasures(event: Event) -> list[DataErasure]:
    return (
        db.session.execute(
            select(DataErasure).where(DataErasure.event_id == event.id).order_by(DataErasure.done_at.desc())
        )
        .scalars()
        .all()
    )


def erase_attendee(event: Event, attendee: Attendee) -> dict:
    """Carry out one person's deletion request: every module erases what it holds about the
    person (the name too), then the values in the audit entries about them go."""
    if attendee.event_id != event.id or attendee.cancel_reason != DELETION_REASON:
        raise ErasureError("no deletion request")
    already = select(DataErasure.id).where(
        DataErasure.event_id == event.id, DataErasure.attendee_id == attendee.id
    )
    if db.session.execute(already).first() is not None:  # erased before (a repeated post)
        raise ErasureError("already erased")
    db.session.flush()
    attendee_id = attendee.id
    counts = signals.collect(signals.attendee_erased, event, attendee=attendee)
    counts["audit_entries"] = clear_audit_values(
        AuditEntry.event_id == event.id, AuditEntry.entity == "Attendee", AuditEntry.entity_id == attendee_id
    )
    _record(event, "request", "erase", "Attendee", attendee_id, counts, attendee_id=attendee_id)
    db.session.expire_all()
    db.session.flush()
    return counts


def anonymous_counts(event: Event) -> dict:
    """What stays countable after a purge: people by role, gender and status."""
    rows = db.session.execute(
        select(Attendee.role, Attendee.gender, Attendee.status).where(Attendee.event_id == event.id)
    ).all()
    counts: dict = {"total": len(rows)}
    for role, gender, status in rows:
        for key in (f"role:{role}", f"gender:{gender}", f"status:{status}"):
            counts[key] = counts.get(key, 0) + 1
    return counts
