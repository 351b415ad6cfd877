"""What the letters module does when others tell it something happened (workshop/core/signals.py).
Letters are drawn from the register when asked for, never kept as files, so erasing the register's
personal columns erases them: at the purge, the speakers' names and the people each letter named
(``data``) and the signer's NIP; at one person's request, their name wherever a letter holds it.
Numbers, addressees (offices, not persons), dates and hal stay: the register of letters sent.
Receivers flush, never commit."""

from __future__ import annotations

from sqlalchemy import select, update

from workshop.core import signals
from workshop.core.personal_data import erases
from workshop.extensions import db
from workshop.letters.models import Letter, LetterSettings

ERASED = "—"


@signals.event_purged.connect
@erases(Letter.person_name, Letter.data, LetterSettings.signer_nip)
def purge_letters(event, *, dry_run: bool = False, **_) -> dict:
    count = len(db.session.execute(select(Letter.id).where(Letter.event_id == event.id)).all())
    if not dry_run:
        db.session.execute(
            update(Letter).where(Letter.event_id == event.id).values(person_name=ERASED, data={})
        )
        db.session.execute(
            update(LetterSettings).where(LetterSettings.event_id == event.id).values(signer_nip="")
        )
    return {"letters": count}


@signals.attendee_erased.connect
@erases(Letter.person_name, Letter.data)
def erase_person_from_letters(event, *, attendee, dry_run: bool = False, **_) -> dict:
    """The person's name in the letters that ask for them (a speaker) or list them (a participant)."""
    changed = 0
    for letter in db.session.execute(select(Letter).where(Letter.event_id == event.id)).scalars():
        data = dict(letter.data or {})
        people = data.get("people") or []
        kept = [p for p in people if p.get("id") != attendee.id]
        about = letter.attendee_id == attendee.id
        if len(kept) == len(people) and not about:
            continue
        changed += 1
        if dry_run:
            continue
        data["people"] = kept
        if about:
            data.pop("speaker", None)
            letter.person_name = ERASED
        letter.data = data
    if not dry_run:
        db.session.flush()
    return {"letters": changed}
