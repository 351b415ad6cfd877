"""Shared pieces of the registration tests: form data as a phone would send it, and a QR decoder."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select

from tests.qr_decode import decode_svg  # noqa: F401  (the registration tests import it from here)
from workshop.attendees.models import Attendee
from workshop.events.models import Event
from workshop.extensions import db


def form_data(**overrides) -> dict:
    """What the public form sends for a PNS peserta, valid as it stands."""
    data = {
        "full_name": "Dr. Siti Aminah, S.Pd., M.Si.",
        "gender": "P",
        "category": "PNS",
        "nip": "19860926 201505 2 001",
        "golongan": "III/c",
        "position": "Analis Kebijakan Ahli Muda",
        "institution": "Dinkes",
        "work_unit": "Bidang Kesehatan Masyarakat",
        "phone": "0812-9876-5432",
        "email": "siti.aminah@dinkes.serangkota.go.id",
        "consent": "y",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def notice_digest(page: str) -> str:
    match = re.search(r'name="notice" type="hidden" value="([^"]+)"', page)
    assert match, "no notice digest on the page"
    return match.group(1)


def english(client):
    """Assertions on text use the English message ids (the Indonesian catalogue is the lead's)."""
    client.set_cookie("lang", "en")
    return client


def register(client, slug: str, **overrides):
    """GET the form (for its notice digest), then POST it."""
    page = client.get(f"/e/{slug}/register").get_data(as_text=True)
    data = form_data(**overrides)
    data.setdefault("notice", notice_digest(page))
    return client.post_form(f"/e/{slug}/register", data)


def event_by_slug(slug: str) -> Event:
    return db.session.execute(select(Event).where(Event.slug == slug)).scalar_one()


def attendees_of(slug: str) -> list[Attendee]:
    event = event_by_slug(slug)
    return list(
        db.session.execute(
            select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.id)
        ).scalars()
    )


def local_naive(days: float = 0, hours: float = 0) -> datetime:
    """A wall-clock time in WIB (the event's zone), as the event form takes it."""
    from zoneinfo import ZoneInfo

    return (datetime.now(ZoneInfo("Asia/Jakarta")) + timedelta(days=days, hours=hours)).replace(
        tzinfo=None, microsecond=0
    )
