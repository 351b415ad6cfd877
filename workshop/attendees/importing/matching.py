"""Which person already in the event a row of the file is: the same NIP, else the same phone
(with a name close enough), else the same normalised name and institution. A re-imported or
corrected list so finds everyone it holds, and an import never creates a second copy of anyone.

A row is "new" (nobody matches), "unchanged" (the person matches and the file changes nothing),
"updated" (the file changes some fields) or "conflict" (it matches in a way that cannot be
decided without the organiser: a NIP of someone cancelled, a phone of someone with another name,
the same name and institution with another NIP, a person an earlier row already matched)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from workshop.attendees.models import Attendee, AttendeeStatus
from workshop.attendees.reference import fold
from workshop.attendees.rules import PERSON_FIELDS
from workshop.events.models import Event

NEW, UNCHANGED, UPDATED, CONFLICT = "new", "unchanged", "updated", "conflict"
MATCHES = (NEW, UNCHANGED, UPDATED, CONFLICT)
# How close two names must be for a phone match to be the same person with a corrected name.
SAME_NAME_RATIO = 0.8

# Academic and religious titles written before a name; titles after it follow a comma.
_NAME_PREFIXES = {"dr", "drs", "dra", "ir", "h", "hj", "prof", "kh", "ust", "ustadz", "ns", "apt", "drg"}


def name_key(name: str) -> str:
    """'Dr. Hj. RINA Wati, S.Kom., M.Si.' -> 'rina wati': folded, without titles."""
    main = re.split(r",", name or "", maxsplit=1)[0]
    words = fold(main).split()
    while words and words[0] in _NAME_PREFIXES:
        words = words[1:]
    return " ".join(words)


def similar_names(a: str, b: str) -> bool:
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    return ka == kb or difflib.SequenceMatcher(None, ka, kb).ratio() >= SAME_NAME_RATIO


@dataclass
class Existing:
    """The event's attendees, loaded once, so no row costs a query."""

    by_nip: dict[str, Attendee] = field(default_factory=dict)  # every status: a NIP is unique
    by_phone: dict[str, list[Attendee]] = field(default_factory=dict)  # registered people
    by_person: dict[tuple[str, str], list[Attendee]] = field(default_factory=dict)  # registered

    @classmethod
    def load(cls, event: Event, institution_key) -> Existing:
        """``institution_key(text)`` gives the canonical key of an institution as typed."""
        from workshop.extensions import db

        existing = cls()
        for attendee in db.session.execute(
            select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.id)
        ).scalars():
            if attendee.nip:
                existing.by_nip[attendee.nip] = attendee
            if attendee.status != AttendeeStatus.REGISTERED.value:
                continue
            if attendee.phone:
                existing.by_phone.setdefault(attendee.phone, []).append(attendee)
            key = (name_key(attendee.full_name), institution_key(attendee.institution_text or ""))
            existing.by_person.setdefault(key, []).append(attendee)
        return existing


@dataclass
class Found:
    attendee: Attendee | None = None
    conflict: object = None  # a lazy message when the match cannot be decided


def find(existing: Existing, values: dict, institution: str, taken: dict[int, int]) -> Found:
    """The person a row is, from its checked values and canonical institution key. ``taken`` maps
    attendee id -> the file row that already matched them (each person matches one row)."""
    found = _find(existing, values, institution)
    if found.attendee is not None and found.attendee.id in taken:
        return Found(
            found.attendee,
            _l(
                "Row %(row)d of this file is already this person (no. %(number)s).",
                row=taken[found.attendee.id],
                number=found.attendee.reg_label,
            ),
        )
    return found


def _find(existing: Existing, values: dict, institution: str) -> Found:
    nip = values.get("nip")
    name = values.get("full_name") or ""
    if nip and nip in existing.by_nip:
        person = existing.by_nip[nip]
        if person.status != AttendeeStatus.REGISTERED.value:
            return Found(
                person,
                _l(
                    "This NIP belongs to %(name)s (no. %(number)s), whose registration was cancelled. "
                    "Restore them on their page instead.",
                    name=person.full_name,
                    number=person.reg_label,
                ),
            )
        return Found(person)
    phone = values.get("phone")
    for person in existing.by_phone.get(phone or "", ()):
        if nip and person.nip and person.nip != nip:
            continue  # someone else who shares the phone
        if similar_names(person.full_name, name):
            return Found(person)
    key = (name_key(name), institution)
    if key[0] and key[1]:
        for person in existing.by_person.get(key, ()):
            if nip and person.nip and person.nip != nip:
                return Found(
                    person,
                    _l(
                        "%(name)s (no. %(number)s) of the same institution is registered with another "
                        "NIP. Correct the NIP, or change that person on their page.",
                        name=person.full_name,
                        number=person.reg_label,
                    ),
                )
            return Found(person)
    return Found()


# Attendee attribute for each checked value, where the names differ.
_ATTRIBUTE = {"institution": "institution_text"}


def attendee_data(attendee: Attendee) -> dict[str, str]:
    """The person as text, the way a file row is given to the checks."""
    return {name: str(getattr(attendee, _ATTRIBUTE.get(name, name)) or "") for name in PERSON_FIELDS}


def changed_fields(attendee: Attendee, values: dict, institution_key) -> list[str]:
    """The fields whose checked value differs from what the person holds now. Two spellings of
    one institution ("Dinkes", "Dinas Kesehatan Kota Serang") are no change."""
    changed = []
    for name in PERSON_FIELDS:
        if name not in values:
            continue
        now = getattr(attendee, _ATTRIBUTE.get(name, name)) or ""
        new = values.get(name) or ""
        if name == "institution" and institution_key(new) == institution_key(now):
            continue
        if new != now:
            changed.append(name)
    return changed
