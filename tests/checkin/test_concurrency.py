"""Fifty phones scanning one ticket at the same moment make exactly one row (on each backend)."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from tests.checkin.conftest import DURING, add_session, checkin_event, scan_id
from tests.conftest import make_attendee, make_user
from workshop.checkin import services
from workshop.checkin.models import CheckIn
from workshop.events.models import Event
from workshop.extensions import db


def test_fifty_simultaneous_scans_make_one_row(app):
    with app.app_context():
        event = checkin_event(make_user("panitia@serang.go.id"))
        session = add_session(event)
        person = make_attendee(event)
        db.session.commit()
        event_id, session_code, code = event.id, session.code, person.ticket_code

    statuses, errors = [], []
    barrier = threading.Barrier(50)

    def phone():
        try:
            barrier.wait(timeout=20)
            with app.app_context():
                event = db.session.get(Event, event_id)
                result = services.check_in(event, code, session_code, scan_id(), now=DURING)
                db.session.commit()
                statuses.append(result.status)
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=phone) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(set(statuses)) == ["already_checked_in", "ok"]
    assert statuses.count("ok") == 1 and len(statuses) == 50
    with app.app_context():
        assert db.session.execute(select(func.count(CheckIn.id))).scalar_one() == 1
