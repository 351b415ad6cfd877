"""Demo attendance: the first day of the demo event (yesterday) has been checked in."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from sqlalchemy import func, select

from workshop.agenda.services import agenda_for, local_day
from workshop.attendees import services as attendees
from workshop.attendees.models import Attendee
from workshop.checkin import services
from workshop.checkin.models import CheckIn
from workshop.events.models import Event
from workshop.extensions import db

PRESENT_SHARE = 0.85


def has_checkins(event: Event) -> bool:
    """Whether the event's attendance is seeded already (the seeds run once)."""
    return bool(
        db.session.execute(select(func.count(CheckIn.id)).where(CheckIn.event_id == event.id)).scalar_one()
    )


def registered_people(event: Event) -> list[Attendee]:
    return attendees.active_attendees(event, role=None)


def seed_attendance(event: Event) -> int:
    """Check in about 85% of the people each first-day session applies to, at realistic times
    (mostly around the start, a few late), mostly by scan with a few manual and paper entries.
    Idempotent: does nothing once the event has check-ins. Returns how many were made."""
    if has_checkins(event):
        return 0
    people = registered_people(event)
    rng = random.Random(f"{event.slug}-attendance")
    rows: list[CheckIn] = []
    for session in agenda_for(event):
        if local_day(event, session.starts_at) != event.starts_on or not session.requires_checkin:
            continue
        opens, closes = session.checkin_window
        for person in people:
            if not session.applies_to(person) or rng.random() > PRESENT_SHARE:
                continue
            # Most arrive in the 25 minutes around the start; one in ten is late.
            if rng.random() < 0.9:
                offset = timedelta(minutes=rng.uniform(-20, 5))
            else:
                offset = timedelta(minutes=rng.uniform(5, 25))
            scanned = min(max(session.starts_at + offset, opens), closes).replace(microsecond=0)
            draw = rng.random()
            method = "scan" if draw < 0.9 else ("manual" if draw < 0.96 else "paper")
            # The rows check_in would make (registered, for this session, in its window), added
            # together and flushed once: one savepoint and audit insert per row made the first
            # start wait (issue 17).
            rows.append(
                CheckIn(
                    event_id=event.id,
                    attendee_id=person.id,
                    agenda_session_id=session.id,
                    scanned_at=scanned,
                    received_at=max(session.ends_at, scanned) + timedelta(hours=1),
                    method=method,
                    scan_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                )
            )
    db.session.add_all(rows)
    db.session.flush()
    made = len(rows)
    if made:
        _desk_examples(event, people, rng)
    db.session.flush()
    return made


def _desk_examples(event: Event, people: list[Attendee], rng: random.Random) -> None:
    """What the check-in pages flag, so the demo shows it: a walk-in added at the door, one phone
    that self-checked-in two people, one participant confirmed at another group's breakout, and
    the second day's plenary on the rotating screen code."""
    sessions = [s for s in agenda_for(event) if s.requires_checkin]
    first = next((s for s in sessions if local_day(event, s.starts_at) == event.starts_on), None)
    if first is None:
        return
    walk_in = services.add_walk_in(
        event,
        {
            "full_name": "Ratna Sari, S.Sos.",
            "gender": "P",
            "category": "non-ASN",
            "institution": "Kecamatan Taktakan",
            "position": "Staf Pelayanan",
            "phone": "0813-1111-0199",
        },
        now=first.starts_at,
    )
    # The desk puts them in the smallest discussion group, as an organiser would.
    from workshop.groups.models import Group

    sizes = {g.id: 0 for g in db.session.execute(select(Group).where(Group.event_id == event.id)).scalars()}
    for person in people:
        if person.group_id in sizes:
            sizes[person.group_id] += 1
    if sizes:
        walk_in.group_id = min(sizes, key=lambda gid: (sizes[gid], gid))
    services.check_in(
        event,
        None,
        first.code,
        str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        (first.starts_at + timedelta(minutes=12)).isoformat(),
        None,
        "manual",
        number=walk_in.reg_number,
        now=first.ends_at,
    )
    # Two colleagues of one office, checked in from one phone in a later session of day one.
    later = [s for s in sessions if local_day(event, s.starts_at) == event.starts_on][1:2]
    absent = [
        p
        for p in people
        if p.role == "peserta"
        and later
        and not db.session.execute(
            select(CheckIn.id).where(CheckIn.attendee_id == p.id, CheckIn.agenda_session_id == later[0].id)
        ).first()
    ]
    if later and len(absent) >= 2:
        phone = services.phone_key_for(f"demo-phone-{event.slug}")
        for person in absent[:2]:
            services.check_in(
                event,
                person.ticket_code,
                later[0].code,
                str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                method="self",
                trust_client_time=False,
                now=later[0].starts_at + timedelta(minutes=3),
                phone_key=phone,
            )
    _wrong_group_example(event, sessions, people, rng)
    plenary = [s for s in sessions if s.kind == "pleno"]
    if plenary:
        services.set_self_checkin_mode(plenary[0], "rotating")


def _wrong_group_example(event: Event, sessions, people: list[Attendee], rng: random.Random) -> None:
    """A Klaster II member scanned at the door of the first breakout (another group's room),
    recorded after staff confirmed it: the dashboard lists it for review."""
    breakout = next((s for s in sessions if not s.is_for_everyone and s.audience), None)
    if breakout is None:
        return
    person = next(
        (p for p in people if p.role == "peserta" and p.group_id and services.is_wrong_group(breakout, p)),
        None,
    )
    if person is None:
        return
    scanned = breakout.starts_at + timedelta(minutes=6)
    services.check_in(
        event,
        person.ticket_code,
        breakout.code,
        str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        scanned.isoformat(),
        None,
        "scan",
        now=scanned + timedelta(minutes=1),
        confirm_wrong_group=True,
    )
