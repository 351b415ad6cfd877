"""National data (issue 17): the hot queries use indexes on a database of many events.

A generated database of 200 events, 40,000 people and 40,000 check-ins (a tenth of them self
check-ins from 1,000 phones), made with INSERT … SELECT in a second or two, analysed, is big enough
that PostgreSQL's planner prefers an index wherever one fits. The statements the code really sends
are recorded and each is EXPLAINed: none may read a whole big table."""

from __future__ import annotations

from unittest import mock

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select, text

from tests.checkin.conftest import item
from tests.conftest import make_attendee, make_event, make_user
from workshop.agenda import services as agenda
from workshop.agenda.models import AgendaSession
from workshop.attendees.models import Attendee
from workshop.checkin import services
from workshop.checkin.api import hot_scan
from workshop.checkin.models import CheckIn
from workshop.events.models import Event
from workshop.extensions import db

EVENTS = 200
PEOPLE = 40_000
BIG = ("attendees", "check_ins")


def _copy(table, source_id: int, count: int, changes: dict[str, str]) -> None:
    """``count`` copies of one row, numbered i = 1..count, with ``changes`` (SQL using i)."""
    columns = [c.name for c in table.columns if c.name != "id"]
    values = [changes.get(c, f"t.{c}") for c in columns]
    db.session.execute(
        text(
            f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) "
            f"INSERT INTO {table.name} ({', '.join(columns)}) "
            f"SELECT {', '.join(values)} FROM {table.name} t, n WHERE t.id = {source_id}"
        )
    )


def national(ctx):
    """The generated country: returns the first event, its session and a device token."""
    from datetime import UTC, datetime, timedelta

    organiser = make_user("panitia@nasional.go.id")
    first = make_event(organiser, slug="nasional-0")
    now = datetime.now(UTC)
    session, _ = agenda.create_session(
        first,
        {
            "title": "Pleno",
            "kind": "materi",
            "starts_at": now - timedelta(minutes=10),
            "ends_at": now + timedelta(hours=1),
            "room": "Aula",
            "is_for_everyone": True,
        },
        confirm_warnings=True,
    )
    person = make_attendee(first)
    _device, token = services.create_device_token(first, "Pintu 1")
    db.session.flush()
    cat = "||"  # string concatenation on both backends
    _copy(Event.__table__, first.id, EVENTS - 1, {"slug": f"'nasional-' {cat} i", "code": f"'N' {cat} i"})
    events = select(Event.id).where(Event.slug.like("nasional-%")).order_by(Event.id)
    event_ids = db.session.execute(events).scalars().all()
    low = event_ids[0]
    _copy(
        AgendaSession.__table__,
        session.id,
        EVENTS - 1,
        {"event_id": f"{low} + i", "code": f"'S' {cat} i"},
    )
    _copy(
        Attendee.__table__,
        person.id,
        PEOPLE,
        {
            "event_id": f"{low} + (i % {EVENTS})",
            "reg_number": "1000 + i",
            "ticket_code": f"'T' {cat} i",
            "full_name": f"'Peserta ' {cat} i",
            "nip": "NULL",
            "phone": "NULL",
            "email": "NULL",
            "institution_id": "NULL",
            "group_id": "NULL",
        },
    )
    sessions = {
        event_id: session_id
        for session_id, event_id in db.session.execute(select(AgendaSession.id, AgendaSession.event_id))
    }
    # One check-in per generated person, at their event's session; every tenth from a phone.
    db.session.execute(
        text(
            "INSERT INTO check_ins (event_id, attendee_id, agenda_session_id, scanned_at, received_at, "
            "method, scan_id, conflict_count, phone_key) "
            "SELECT a.event_id, a.id, s.id, a.created_at, a.created_at, "
            "CASE WHEN a.reg_number % 10 = 0 THEN 'self' ELSE 'scan' END, 'scan-' || a.id, 0, "
            "CASE WHEN a.reg_number % 10 = 0 THEN 'phone-' || (a.reg_number % 1000) ELSE NULL END "
            "FROM attendees a JOIN agenda_sessions s ON s.event_id = a.event_id WHERE a.reg_number > 1000"
        )
    )
    assert len(sessions) == EVENTS
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return db.session.get(Event, first.id), session, token


ORIGINAL_FIRST = services._Statement.first


class Recorder:
    """The SELECT statements sent while it is on (with their parameters)."""

    def __init__(self):
        self.statements = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")) and not executemany:
            self.statements.append((statement, parameters))

    def driver(self, statement, connection, params):
        """services._Statement.first, recorded: the hot path's statements bypass the engine."""
        self.statements.append((statement.sql, statement.parameters(params)))
        return ORIGINAL_FIRST(statement, connection, params)

    def __enter__(self):
        sa_event.listen(db.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *exc):
        sa_event.remove(db.engine, "before_cursor_execute", self)


def plan(statement: str, parameters) -> str:
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        rows = connection.exec_driver_sql("EXPLAIN " + statement, parameters).all()
        return "\n".join(r[0] for r in rows)
    rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
    return "\n".join(r[-1] for r in rows)


def full_reads(found: str) -> list[str]:
    """The lines of a plan that read a whole big table."""
    lines = []
    for line in found.splitlines():
        for table in BIG:
            if (
                f"Seq Scan on {table}" in line
                or line.strip().startswith(f"SCAN {table}")
                and "INDEX" not in line
            ):
                lines.append(line.strip())
    return lines


@pytest.fixture
def country(ctx):
    return national(ctx)


def test_the_hot_queries_use_indexes_on_a_national_database(app, country):
    event, session, token = country
    assert db.session.execute(select(db.func.count(CheckIn.id))).scalar_one() == PEOPLE
    with Recorder() as recorder:
        # The dashboard's and session page's shared phones; the session page's figures and lists.
        assert len(services.shared_phones(db.session.get(Event, event.id + 10))) > 0
        services.session_live(session)
        services.session_counts(session)
        services.session_checkins_page(session, "", 1)
        services.session_missing(session, "peserta", 1)
        # The scanner phones' hot path (its SELECT: phone, session, person, seen scan id), which
        # runs on the driver's cursor: recorded where it is sent.
        with mock.patch.object(services._Statement, "first", autospec=True, side_effect=recorder.driver):
            assert hot_scan(token, item("T123", "NOSUCH")) is None
        # The rows that name a person as the one they replace (deleting a person reads them).
        db.session.execute(select(Attendee.id).where(Attendee.replaces_id == 12345)).all()
    assert len(recorder.statements) >= 8
    problems = {}
    for statement, parameters in recorder.statements:
        found = plan(statement, parameters)
        if full_reads(found):
            problems[statement[:120]] = found
    assert problems == {}


def test_the_two_new_indexes_are_the_ones_chosen(app, country):
    event, _session, _token = country
    shared = plan(
        "SELECT DISTINCT phone_key, attendee_id FROM check_ins WHERE event_id = 42 AND phone_key IS NOT NULL",
        (),
    )
    assert "ix_check_ins_event_phone" in shared, shared
    replaced = plan("SELECT 1 FROM attendees WHERE replaces_id = 42", ())
    assert "ix_attendees_replaces_id" in replaced, replaced
    # Deleting a person: the database clears replaces_id where it names them, through the index.
    person = db.session.execute(select(Attendee).where(Attendee.ticket_code == "T77")).scalar_one()
    other = db.session.execute(select(Attendee).where(Attendee.ticket_code == "T78")).scalar_one()
    other.replaces_id = person.id
    db.session.commit()
    db.session.execute(Attendee.__table__.delete().where(Attendee.id == person.id))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Attendee, other.id).replaces_id is None


def test_the_scans_plan_on_a_new_database_reads_one_index_entry(tmp_path):
    """A new installation's first day: check_ins was never analysed, psycopg prepares the scan's
    SELECT after five runs, and PostgreSQL may keep one generic plan for the connection until the
    table is analysed. That plan must look the scan id up in (event_id, scan_id), not read every
    check-in of the event (what it did while event_id had an index of its own)."""
    import re

    from flask_migrate import upgrade

    from tests.conftest import PG_URL
    from tests.production.servers import postgres_problem, scratch_database
    from workshop import create_app

    if postgres_problem(PG_URL):
        pytest.skip("needs TEST_DATABASE_URL (PostgreSQL)")
    with scratch_database(PG_URL) as url:
        fresh = create_app(
            {"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url}, instance_path=str(tmp_path)
        )
        with fresh.app_context():
            upgrade()
            connection = db.session.connection()
            statement = services.prepare_hot_path(connection.dialect).select
            names: list[str] = []

            def numbered(match):
                names.append(match.group(1))
                return f"${len(names)}"

            sql = re.sub(r"%\((\w+)\)s", numbered, statement.sql)
            values = {"token_hash": "x", "session_code": "S", "ticket": "T", "scan_id": "scan-1"}
            connection.exec_driver_sql("SET LOCAL plan_cache_mode = force_generic_plan")
            connection.exec_driver_sql(f"PREPARE hot_scan AS {sql}")
            literals = ", ".join(f"'{values[name]}'" for name in names)
            rows = connection.exec_driver_sql(f"EXPLAIN EXECUTE hot_scan({literals})")
            found = "\n".join(row[0] for row in rows)
            db.session.rollback()
            db.session.remove()
            db.engine.dispose()
    seen = found[found.index("SubPlan 1") :].split("SubPlan", 2)[1]
    assert "uq_check_ins_event_scan_id" in seen and "Filter" not in seen, found
