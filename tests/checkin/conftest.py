"""Factories for check-in tests: an event on fixed dates with one session, people, scan ids."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import make_attendee, make_event, make_user

UTC = UTC
# The session runs 09:00-10:30 in Jakarta (UTC+7) on 17 Nov 2026: 02:00-03:30 UTC; check-in
# opens 30 minutes before, at 01:30 UTC.
START = datetime(2026, 11, 17, 2, 0, tzinfo=UTC)
DURING = START + timedelta(minutes=10)


def scan_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def organiser(ctx):
    return make_user("panitia@serang.go.id", "Siti Panitia")


def checkin_event(organiser, slug="kla-serang", **overrides):
    return make_event(
        organiser, slug=slug, starts_on=date(2026, 11, 17), ends_on=date(2026, 11, 19), **overrides
    )


def add_session(event, title="Konvensi Hak Anak", start="09:00", end="10:30", day=17, **overrides):
    from workshop.agenda import services

    hours, minutes = map(int, start.split(":"))
    end_h, end_m = map(int, end.split(":"))
    data = {
        "title": title,
        "kind": "materi",
        "starts_at": datetime(2026, 11, day, hours, minutes),
        "ends_at": datetime(2026, 11, day, end_h, end_m),
        "room": "Aula",
        "speaker_ids": [],
        "moderator_id": None,
        "jp_override": None,
        "requires_checkin": None,
        "checkin_opens_at": None,
        "checkin_closes_at": None,
        "is_for_everyone": True,
        "group_ids": [],
    }
    data.update(overrides)
    session, _ = services.create_session(event, data, confirm_warnings=True)
    return session


@pytest.fixture
def event(organiser):
    return checkin_event(organiser)


@pytest.fixture
def session(event):
    return add_session(event)


@pytest.fixture
def person(event):
    return make_attendee(event)


NAMES = (
    "Rina Lestari",
    "Agus Salim",
    "Dewi Sartika",
    "Budi Santoso",
    "Sri Wahyuni",
    "Andi Pratama",
    "Nur Aini",
    "Hendra Gunawan",
    "Putri Ayu",
    "Joko Susilo",
)


def other_person(event, n=1, **overrides):
    """Another person (non-ASN, so no NIP), with a distinct name and phone."""
    data = {
        "full_name": NAMES[n % len(NAMES)] + " " + "abcdefghij"[n // len(NAMES)].upper() * 2,
        "gender": "P" if n % 2 else "L",
        "category": "non-ASN",
        "nip": "",
        "golongan": "",
        "phone": f"0813-2222-{n:04d}",
        "email": f"p{n}@example.go.id",
    }
    data.update(overrides)
    return make_attendee(event, **data)


# ---- for API and page tests: the shared world plus a session open right now ------------------


@dataclass
class Live:
    session: str  # code of a session open for check-in right now
    other_session: str  # the same, of the other event
    token: str  # device token of the event
    other_token: str  # device token of the other event
    cancelled: str  # ticket code of a cancelled person
    child: str  # ticket code of a child (Forum Anak)


def _open_session(event, title):
    from workshop.agenda import services as agenda_services

    now = datetime.now(UTC)
    session, _ = agenda_services.create_session(
        event,
        {
            "title": title,
            "kind": "materi",
            "starts_at": now - timedelta(minutes=10),
            "ends_at": now + timedelta(minutes=80),
            "room": "Aula",
            "is_for_everyone": True,
        },
        confirm_warnings=True,
    )
    return session


@pytest.fixture
def live(app, world) -> Live:
    from workshop.checkin import services
    from workshop.events.models import Event
    from workshop.extensions import db

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        other = db.session.execute(select(Event).where(Event.slug == world.other_slug)).scalar_one()
        session = _open_session(event, "Konvensi Hak Anak")
        other_session = _open_session(other, "Sesi Lebak")
        _, token = services.create_device_token(event, "Pintu 1")
        _, other_token = services.create_device_token(other, "Pintu Lebak")
        gone = make_attendee(
            event,
            full_name="Agus Salim",
            category="non-ASN",
            nip="",
            golongan="",
            phone="0813-0000-1111",
            email="agus@example.go.id",
        )
        gone.status = "cancelled"
        child = make_attendee(
            event,
            full_name="Nadia Putri Ramadhani",
            gender="P",
            category="Forum Anak",
            nip="",
            golongan="",
            position="",
            phone="0813-0000-2222",
            email="",
            guardian_name="Ibu Ramadhani",
        )
        db.session.commit()
        return Live(session.code, other_session.code, token, other_token, gone.ticket_code, child.ticket_code)


def item(code, session, **extra):
    data = {"code": code, "session": session, "scan_id": scan_id(), "method": "scan"}
    data.update(extra)
    return data


def device_post(client, token, body, raw=None):
    return client.post(
        "/api/checkins",
        data=raw if raw is not None else json.dumps(body),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
