"""What the agenda module does when others tell it something happened (workshop/core/signals.py):
its materials and the speakers' photos go with the event's personal data, a speaker's photo with
the speaker's. Receivers flush, never commit; files go once the erasure is committed."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from workshop.agenda.models import AgendaMaterial
from workshop.agenda.services import material_path, speaker_photo_path
from workshop.attendees.models import Attendee
from workshop.core import signals, storage
from workshop.core.personal_data import erases
from workshop.extensions import db


def _remove_photos(people: list[Attendee], dry_run: bool) -> int:
    files = 0
    for person in people:
        path = speaker_photo_path(person)
        if path is not None and path.exists():
            files += 1
            if not dry_run:
                storage.delete_after_commit(db.session(), path)
    if people and not dry_run:
        db.session.execute(
            update(Attendee).where(Attendee.id.in_([p.id for p in people])).values(photo_path=None)
        )
    return files


@signals.event_purged.connect
@erases(Attendee.photo_path, AgendaMaterial)
def purge_agenda(event, *, dry_run: bool = False, **_) -> dict:
    materials = list(
        db.session.execute(select(AgendaMaterial).where(AgendaMaterial.event_id == event.id)).scalars()
    )
    files = 0
    for material in materials:
        try:
            path = material_path(material)
        except ValueError:
            continue
        if path.exists():
            files += 1
            if not dry_run:
                storage.delete_after_commit(db.session(), path)
    if not dry_run:
        db.session.execute(delete(AgendaMaterial).where(AgendaMaterial.event_id == event.id))
    speakers = list(
        db.session.execute(
            select(Attendee).where(Attendee.event_id == event.id, Attendee.photo_path.is_not(None))
        ).scalars()
    )
    files += _remove_photos(speakers, dry_run)
    return {"materials": len(materials), "files": files}


@signals.attendee_erased.connect
@erases(Attendee.photo_path)
def erase_speaker_photo(event, *, attendee: Attendee, **_) -> dict:
    return {"files": _remove_photos([attendee] if attendee.photo_path else [], dry_run=False)}
