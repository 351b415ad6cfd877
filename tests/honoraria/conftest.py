from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import make_attendee
from workshop.events.models import Event
from workshop.extensions import db

# Fake, and distinctive enough to be searched for in every page and file.
NPWP = "091234567890123"
NPWP_SHOWN = "09.123.456.7-890.123"
ACCOUNT = "7777123456"


def _session(event, day, start, end, title, speakers=(), moderator=None):
    from workshop.agenda import services

    data = {
        "title": title,
        "kind": "materi",
        "starts_at": datetime.combine(day, time.fromisoformat(start)),
        "ends_at": datetime.combine(day, time.fromisoformat(end)),
        "room": "Aula",
        "speaker_ids": [p.id for p in speakers],
        "moderator_id": moderator.id if moderator else None,
        "is_for_everyone": True,
        "group_ids": [],
    }
    session, _ = services.create_session(event, data, confirm_warnings=True)
    return session


@pytest.fixture
def spj(app, world):
    """The world's event with four speakers (PNS III, PNS IV, two non-ASN) and a moderator, their
    sessions (2, 3, 2 and 1 JP) and a rate table; the PNS IV speaker has NPWP and account."""
    from workshop.honoraria import services

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        people = {
            "iii": make_attendee(
                event,
                full_name="Budi Santoso, S.H.",
                role="narasumber",
                golongan="III/c",
                nip="19860927 201505 1 001",
                phone="0812-0000-0001",
            ),
            "iv": make_attendee(
                event,
                full_name="Drs. Hartono Wibisono, M.Si.",
                role="narasumber",
                golongan="IV/c",
                nip="19680413 199303 1 002",
                phone="0812-0000-0002",
            ),
            "npwp": make_attendee(
                event,
                full_name="Sari Dewi",
                role="narasumber",
                category="non-ASN",
                nip="",
                golongan="",
                phone="0812-0000-0003",
            ),
            "none": make_attendee(
                event,
                full_name="Andi Wijaya",
                role="narasumber",
                category="non-ASN",
                nip="",
                golongan="",
                phone="0812-0000-0004",
            ),
            "mod": make_attendee(
                event,
                full_name="Rina Moderator",
                role="moderator",
                golongan="III/a",
                nip="19900101 201801 2 003",
                phone="0812-0000-0005",
            ),
        }
        day = event.starts_on + timedelta(days=1)
        _session(event, day, "08:00", "09:30", "KHA", [people["iii"]], people["mod"])  # 2 JP
        _session(event, day, "09:30", "11:45", "KLA", [people["iv"]], people["mod"])  # 3 JP
        _session(event, day, "13:00", "14:30", "Praktik", [people["npwp"]])  # 2 JP
        _session(event, day, "14:30", "15:15", "Tanya jawab", [people["none"]])  # 1 JP
        services.save_settings(
            event,
            {
                "ppk_name": "Hj. Rina Marlina, S.E.",
                "ppk_nip": "19780305 200501 2 003",
                "treasurer_name": "Dedi",
            },
            {"eselon-2": "1.000.000", "asn": "900000", "non-asn": "900000", "moderator": "700000"},
        )
        services.save_recipient(
            event,
            people["iv"],
            {
                "category": "eselon-2",
                "golongan": "IV",
                "npwp": NPWP_SHOWN,
                "bank_name": "Bank Uji",
                "account_number": ACCOUNT,
                "account_holder": "Dermawan",
            },
        )
        services.save_recipient(
            event, people["npwp"], {"category": "non-asn", "npwp": "09.999.999.9-999.001"}
        )
        db.session.commit()
        return {key: person.id for key, person in people.items()} | {"event_id": event.id}
