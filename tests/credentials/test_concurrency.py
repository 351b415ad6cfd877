"""Organisers of several events issue at the same moment: every credential gets its own status
slot (one UPDATE … RETURNING raises a list's counter), nobody's issue fails."""

from __future__ import annotations

import threading
from datetime import date

from sqlalchemy import select

from tests.certificates.conftest import configure
from tests.conftest import make_attendee, make_event, make_user
from workshop.certificates import services as certificates
from workshop.credentials.models import Credential
from workshop.events.models import Event
from workshop.extensions import db

EVENTS = 4
PEOPLE = 5


def test_parallel_issuing_in_several_events_gives_distinct_status_slots(app):
    with app.app_context():
        organiser = make_user("panitia@serang.go.id")
        ids = []
        for e in range(EVENTS):
            event = make_event(
                organiser, slug=f"kla-{e}", starts_on=date(2026, 11, 18), ends_on=date(2026, 11, 20)
            )
            configure(
                event,
                role_shares={"peserta": 0, "narasumber": 0, "moderator": 0, "fasilitator": 0, "panitia": 0},
            )
            for i in range(PEOPLE):
                make_attendee(
                    event,
                    full_name=f"Peserta {chr(65 + e)}{chr(65 + i)}",
                    nip=None,
                    category="non-ASN",
                    golongan=None,
                    phone=f"0812-6{e}00-{i:04d}",
                    email="",
                )
            ids.append(event.id)
        db.session.commit()

    errors = []
    barrier = threading.Barrier(EVENTS)

    def issue(event_id):
        try:
            with app.app_context():
                barrier.wait(timeout=30)
                certificates.issue_due(db.session.get(Event, event_id), force=True)
                db.session.commit()
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=issue, args=(event_id,)) for event_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with app.app_context():
        slots = db.session.execute(select(Credential.status_list_id, Credential.status_index)).all()
    assert len(slots) == EVENTS * PEOPLE and len(set(slots)) == len(slots)
