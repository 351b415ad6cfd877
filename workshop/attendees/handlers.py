"""What the attendees module does when others tell it something happened (workshop/core/signals.py):
it erases its people's personal fields when the event is purged or one person asks, and removes
participant lists abandoned between preview and confirm. Receivers flush, never commit."""

from __future__ import annotations

import secrets
import time

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import selectinload

from workshop.attendees.models import DELETION_REASON, Attendee, AttendeeStatus
from workshop.core import signals, storage
from workshop.core.db import utcnow
from workshop.core.personal_data import erases
from workshop.extensions import db

ERASED_NAME = "—"
# Uploaded participant lists wait in storage/imports between preview and confirm; one older than
# this was abandoned.
PENDING_IMPORT_MAX_AGE_SECONDS = 24 * 3600

# Personal fields and the value they get on erasure (the speaker photo is the agenda's).
CLEARED = {
    "nip": None,
    "golongan": None,
    "position": "",
    "work_unit": "",
    "phone": None,
    "email": None,
    "bio": "",
    "consent_text": None,
    "guardian_name": None,
    "cancel_reason": None,
}
ERASED = (*CLEARED, "full_name", "institution_text", "ticket_code")


def _kept_name(attendee: Attendee) -> str:
    """After retention: the name a certificate carries, for verification; a child's initials; and
    nothing for people who were cancelled or replaced (they get no certificate)."""
    if attendee.status != AttendeeStatus.REGISTERED.value:
        return ERASED_NAME
    return attendee.public_name


def _erase(attendees: list[Attendee], *, keep_name: bool, **extra) -> None:
    """One UPDATE statement for all the rows (executemany), past the audit listener: an audit entry
    of the change would hold the very values being erased."""
    if not attendees:
        return
    now = utcnow()
    rows = [
        {
            **CLEARED,
            **extra,
            "row_id": attendee.id,
            "full_name": _kept_name(attendee) if keep_name else ERASED_NAME,
            "institution_text": attendee.institution.name if attendee.institution else "",
            "ticket_code": secrets.token_urlsafe(24),  # the old ticket link opens nothing
            "updated_at": now,
        }
        for attendee in attendees
    ]
    table = Attendee.__table__
    columns = [name for name in rows[0] if name != "row_id"]
    db.session.execute(
        update(table).where(table.c.id == bindparam("row_id")).values({c: bindparam(c) for c in columns}),
        rows,
    )


@signals.event_purged.connect
@erases(*(getattr(Attendee, name) for name in ERASED))
def purge_attendees(event, *, dry_run: bool = False, **_) -> dict:
    people = (
        db.session.execute(
            select(Attendee).where(Attendee.event_id == event.id).options(selectinload(Attendee.institution))
        )
        .scalars()
        .all()
    )
    if not dry_run:
        _erase(people, keep_name=True)
    return {"attendees": len(people)}


@signals.attendee_erased.connect
@erases(*(getattr(Attendee, name) for name in ERASED))
def erase_attendee(event, *, attendee: Attendee, **_) -> dict:
    # The fixed reason stays (it says nothing about the person): the request is shown as done.
    _erase([attendee], keep_name=False, cancel_reason=DELETION_REASON)
    return {"fields": len(ERASED)}


@signals.retention_sweep.connect
def abandoned_uploads(_sender, *, dry_run: bool = False, now: float | None = None, **_) -> dict:
    folder = storage.storage_root() / "imports"
    if not folder.is_dir():
        return {}
    limit = (now or time.time()) - PENDING_IMPORT_MAX_AGE_SECONDS
    stale = [path for path in folder.iterdir() if path.is_file() and path.stat().st_mtime < limit]
    if not dry_run:
        for path in stale:
            path.unlink(missing_ok=True)
    return {"abandoned import upload(s) older than a day": len(stale)}
