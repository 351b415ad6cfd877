"""Storing a checked file: new people are added with source "import", matched people whose row
changes something are updated, unchanged people are left alone. Flushes only; the caller commits
once, or rolls back everything."""

from __future__ import annotations

from dataclasses import dataclass

from workshop.attendees import services
from workshop.attendees.importing import matching
from workshop.attendees.importing.checking import ImportResult
from workshop.attendees.importing.fields import ImportBlocked
from workshop.attendees.models import Attendee, Source
from workshop.events.models import Event


@dataclass
class CommitSummary:
    created: int
    updated: int
    skipped_errors: int
    unchanged: int = 0


def commit_import(event: Event, result: ImportResult, *, allow_errors: bool = False) -> CommitSummary:
    """Store what the check found: new rows as new people, updated rows (when the result applies
    updates) onto the person they matched. Rows with errors (conflicts included) block the whole
    import unless allow_errors, then they are left out. Nobody is ever added twice: a row that
    matches someone already in the event never creates a person."""
    from workshop.extensions import db

    errors = result.summary["error"]
    if errors and not allow_errors:
        raise ImportBlocked(errors)
    rows = result.to_store()
    new_rows = [row.values for row in rows if row.match == matching.NEW]
    created = len(services.add_checked_many(event, new_rows, source=Source.IMPORT.value))
    updated = 0
    for row in rows:
        if row.match != matching.UPDATED:
            continue
        attendee = db.session.get(Attendee, row.update_id)
        if attendee is None or attendee.event_id != event.id:
            raise LookupError("the attendee to update is gone")
        services.update_attendee(attendee, row.data, confirm_warnings=True)
        updated += 1
    return CommitSummary(created, updated, errors, result.unchanged)
