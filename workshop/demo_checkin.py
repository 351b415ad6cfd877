"""Demo attendance: the first day of the demo event (yesterday) has been checked in."""
from __future__ import annotations

import random
import uuid
from datetime import timedelta

from sqlalchemy import func, select

from workshop.agenda.services import agenda_for, local_day
from workshop.attendees.models import Attendee, AttendeeStatus
from workshop.checkin import services
from workshop.checkin.models import CheckIn
from workshop.events.models import Event
from workshop.extensions import db

PRESENT_SHARE = 0.85


def seed_attendance(event: Event) -> int:
    """Check in about 85% of the people each first-day session applies to, at realistic times
    (mostly around the start, a few late), mostly by scan with a few manual and paper entries.
    Idempotent: does nothing once the event has check-ins. Returns how many were made."""
    existing = db.session.execute(select(func.count(CheckIn.id)).where(CheckIn.event_id == event.id)).scalar_one()
    if existing:
        return 0
    people = db.session.execute(
        select(Attendee).where(Attendee.event_id == event.id, Attendee.status == AttendeeStatus.REGISTERED.value)
        .order_by(Attendee.reg_number)
    ).scalars().all()
    rng = random.Random(f"{event.slug}-attendance")
    made = 0
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
            result = services.check_in(
                event, person.ticket_code, session.code, str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                scanned.isoformat(), None, method, now=max(session.ends_at, scanned) + timedelta(hours=1),
            )
            made += result.status == services.OK
    db.session.flush()
    return made
