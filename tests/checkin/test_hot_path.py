"""The scanner phones' hot path (issue 17): the ordinary scan in three statements, everything else
through the reference rule, with the same answers, audit rows, guarantees and rate limit."""

from __future__ import annotations

import threading
import uuid
from unittest import mock

from sqlalchemy import func, select

from tests.checkin.conftest import device_post, item, other_person
from workshop.checkin import services
from workshop.checkin.api import hot_scan
from workshop.checkin.models import CheckIn, DeviceToken
from workshop.core.audit import AuditEntry, acting_as
from workshop.events.models import Event
from workshop.extensions import db


def _event(world):
    return db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()


def test_the_ordinary_scan_takes_the_hot_path_and_answers_as_the_rule_does(app, client, world, live):
    with app.app_context():
        fast = hot_scan(live.token, item(world.ticket, live.session))
        assert fast is not None and fast.status == "ok"
        from workshop.attendees.models import Attendee

        person = db.session.get(Attendee, world.attendee_id)
        assert fast.participant == services.participant_info(person)
        assert fast.participant["name"] == "Muh. Ma'ruf, S.Pd.I." and fast.participant["institution"]
        row = db.session.execute(select(CheckIn)).scalar_one()
        assert (row.method, row.scanned_at, row.by_user_id) == ("scan", fast.checked_in_at, None)
        assert db.session.get(DeviceToken, row.device_id).last_used_at is not None
        # What the reference rule says of the same person now, with the ORM.
        again = services.check_in(_event(world), world.ticket, live.session, item("x", "y")["scan_id"])
        assert (again.status, again.checked_in_at) == ("already_checked_in", fast.checked_in_at)
        db.session.rollback()


def test_the_hot_path_writes_the_audit_row_the_flush_listener_would(app, client, world, live):
    response = device_post(client, live.token, item(world.ticket, live.session))
    assert response.get_json()["status"] == "ok"
    with app.app_context():
        event = _event(world)
        device = db.session.execute(select(DeviceToken).where(DeviceToken.name == "Pintu 1")).scalar_one()
        other = other_person(event, 3)
        db.session.commit()
        with acting_as(f"device:{device.id}:{device.name}"):
            reference = services.check_in(
                event, other.ticket_code, live.session, item("x", "y")["scan_id"], device=device
            )
            db.session.commit()
        assert reference.status == "ok"
        fast_entry, orm_entry = db.session.execute(
            select(AuditEntry).where(AuditEntry.entity == "CheckIn").order_by(AuditEntry.id)
        ).scalars()
        assert fast_entry.actor == orm_entry.actor == f"device:{device.id}:Pintu 1"
        assert (fast_entry.action, fast_entry.event_id, fast_entry.user_id) == ("create", event.id, None)
        assert (
            fast_entry.entity_id
            == db.session.execute(
                select(CheckIn.id).where(CheckIn.attendee_id == world.attendee_id)
            ).scalar_one()
        )
        assert set(fast_entry.changes) == set(orm_entry.changes)
        for key in ("event_id", "agenda_session_id", "method", "device_id", "conflict_count"):
            assert fast_entry.changes[key] == orm_entry.changes[key], key


def test_everything_unusual_goes_through_the_reference_rule(app, client, world, live):
    def status(token, body):
        return device_post(client, token, body).get_json()["status"]

    first = item(world.ticket, live.session)
    assert status(live.token, first) == "ok"
    assert status(live.token, first) == "duplicate_scan"  # the same scan id again
    assert status(live.token, item(world.ticket, live.session)) == "already_checked_in"
    assert status(live.token, item(live.cancelled, live.session)) == "cancelled"
    assert status(live.token, item(world.other_ticket, live.session)) == "wrong_event"
    assert status(live.token, item("no-such-ticket", live.session)) == "invalid"
    assert status(live.token, item(world.ticket, "NOSUCH")) == "unknown_session"
    assert status(live.token, item(live.child, live.session, scanned_at="not a time")) == "invalid"
    child = device_post(client, live.token, item(live.child, live.session)).get_json()
    assert child["status"] == "ok" and child["participant"]["name"] == "N.P.R."  # a child: initials
    assert device_post(client, "not-a-token", item(world.ticket, live.session)).status_code == 401
    assert device_post(client, live.other_token, item(world.ticket, live.session)).status_code == 403
    with app.app_context():
        assert db.session.execute(select(func.count(CheckIn.id))).scalar_one() == 2


def test_a_storm_on_one_ticket_through_the_api_makes_one_row(app, world, live):
    answers, errors = [], []
    barrier = threading.Barrier(20)

    def phone():
        try:
            client = app.test_client()
            barrier.wait(timeout=20)
            answers.append(
                device_post(client, live.token, item(world.ticket, live.session)).get_json()["status"]
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=phone) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert answers.count("ok") == 1 and set(answers) == {"ok", "already_checked_in"}
    with app.app_context():
        assert db.session.execute(select(func.count(CheckIn.id))).scalar_one() == 1


def test_a_phone_over_its_limit_gets_429(app, client, world, live):
    app.config["CHECKIN_API_LIMIT"] = "3/day"  # a fixed window: a day is never crossed mid-test
    try:
        codes = [world.ticket, live.child, world.ticket, live.child]
        statuses = [device_post(client, live.token, item(code, live.session)).status_code for code in codes]
        assert statuses == [200, 200, 200, 429]
        with app.app_context():
            assert db.session.execute(select(func.count(CheckIn.id))).scalar_one() == 2
    finally:
        app.config.pop("CHECKIN_API_LIMIT")


def test_with_a_shared_storage_the_limit_is_taken_a_lease_at_a_time(app):
    from workshop.checkin.api import SCAN_LIMIT
    from workshop.extensions import limiter

    class Shared:  # stands for Redis: counts what every worker took
        def __init__(self):
            self.count, self.calls = 0, 0

        def incr(self, key, expiry, amount=1):
            self.calls += 1
            self.count += amount
            return self.count

    shared = Shared()
    with (
        app.test_request_context(),
        mock.patch.object(type(limiter), "storage", property(lambda self: shared)),
        mock.patch("time.time", return_value=1_800_000_030.0),  # one window throughout
    ):
        # Keys of this run: the leases live in the process, and a storage made later may get the
        # id() of one this test made before (the other database's run), window and all.
        run = uuid.uuid4().hex
        allowed = sum(SCAN_LIMIT.hit(f"device:abc-{run}", "1200/minute") for _ in range(1300))
        assert shared.calls < 1300 / 20  # one round trip per lease of 24, not one per scan
        assert 1200 - 24 <= allowed <= 1200  # never more than the limit
        small = Shared()
        with mock.patch.object(type(limiter), "storage", property(lambda self: small)):
            assert sum(SCAN_LIMIT.hit(f"device:def-{run}", "10/minute") for _ in range(15)) == 10


def test_on_postgresql_a_scan_is_two_round_trips(app, client, world, live, tmp_path):
    """SELECT (phone, session, person) and INSERT (the check-in with its audit row): no ping, no
    BEGIN, no COMMIT (autocommit, core/pool.py). libpq's protocol trace counts the server's
    ReadyForQuery, one per round trip."""
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "postgresql":
        return  # SQLite has no round trips; its writers' lock is tests/core/test_writelock.py
    trace = (tmp_path / "libpq.trace").open("w")

    def traced(dbapi_connection, record, proxy):
        dbapi_connection.pgconn.trace(trace.fileno())

    def untraced(dbapi_connection, record):
        dbapi_connection.pgconn.untrace()

    device_post(client, live.token, item(live.child, live.session))  # the phone's last-used time, now
    event.listen(engine, "checkout", traced)
    event.listen(engine, "checkin", untraced)
    try:
        assert device_post(client, live.token, item(world.ticket, live.session)).get_json()["status"] == "ok"
    finally:
        event.remove(engine, "checkout", traced)
        event.remove(engine, "checkin", untraced)
        trace.close()
    lines = (tmp_path / "libpq.trace").read_text().splitlines()
    sent = [line for line in lines if "\tQuery\t" in line or "\tParse\t" in line]
    assert sum("ReadyForQuery" in line for line in lines) == 2, sent
