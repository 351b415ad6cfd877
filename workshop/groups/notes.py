"""A group's discussion notes (issues, summary, agreements): one versioned record per group,
saved under optimistic concurrency (see versions.py). Plain functions: they flush, never commit."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from workshop.core.db import utcnow
from workshop.extensions import db
from workshop.groups.errors import InvalidInput, Locked
from workshop.groups.models import Group, GroupNotes
from workshop.groups.validation import NOTES_FIELDS, clean_notes
from workshop.groups.versions import save_versioned


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
    return save_versioned(notes, group, "notes", lambda n: None, base_version, values, user)
