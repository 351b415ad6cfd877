"""Shared fixtures: the app on each database backend, clients per role, factories.

Every test that uses ``app`` runs on SQLite, and again on PostgreSQL when TEST_DATABASE_URL is set.

The suite runs in parallel (pytest-xdist, ``make test`` uses one process per core). Each test
process has its own databases: a SQLite file in its own tmp folder, its own PostgreSQL database
(``pg_url()``: TEST_DATABASE_URL's database with ``_gw0``, ``_gw1``… appended), its own Redis
database number and RQ queue (``redis_url()``, ``rq_queue()``). docs/contributing.md, "Tests".
"""

from __future__ import annotations

import functools
import os
import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from workshop import create_app
from workshop.extensions import db as _db

PG_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
PASSWORD = "correct horse battery"
REDIS_BASE_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


def worker_id() -> str:
    """This test process under pytest-xdist ("gw0", "gw1"…), or "" when pytest runs alone (-n0)."""
    return os.environ.get("PYTEST_XDIST_WORKER", "")


def worker_index() -> int:
    worker = worker_id()
    return int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 0


def _psycopg(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def pg_url() -> str:
    """This test process's PostgreSQL database: TEST_DATABASE_URL itself without xdist, else a
    database of its own beside it (``<name>_gw1``), created on first use and kept for the next run.
    The suite never drops a database it did not create."""
    url = _psycopg(PG_URL)
    worker = worker_id()
    if not worker:
        return url
    return _worker_database(url, worker)


@functools.cache
def _worker_database(url: str, worker: str) -> str:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ProgrammingError

    given = make_url(url)
    name = f"{given.database}_{worker}"
    admin = create_engine(given, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if not exists:
                quoted = connection.dialect.identifier_preparer.quote(name)
                try:
                    connection.execute(text(f"CREATE DATABASE {quoted}"))
                except ProgrammingError as error:  # another run made it a moment ago
                    if "already exists" not in str(error):
                        raise
    finally:
        admin.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


def redis_url() -> str:
    """This test process's Redis database: TEST_REDIS_URL's number plus the worker's index (gw1 of
    redis://…/9 uses /10). Past Redis's 16 databases the workers share the base number; their
    queues (``rq_queue()``) and key prefixes still keep them apart."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(REDIS_BASE_URL)
    base = int(parts.path.strip("/") or 0)
    number = base + worker_index()
    if number > 15:
        number = base
    return urlunsplit(parts._replace(path=f"/{number}"))


# One per test process: two runs sharing a Redis database (two checkouts, a developer beside CI)
# never take each other's jobs either.
_RUN_TOKEN = uuid.uuid4().hex[:8]


def rq_queue() -> str:
    """The RQ queue of this test process's jobs (config RQ_QUEUE; `make worker` reads it too)."""
    return f"bintek-test-{worker_id() or 'main'}-{_RUN_TOKEN}"


class Client(FlaskClient):
    """A test client that sends the CSRF token a real browser would send."""

    def csrf_token(self) -> str:
        page = self.get("/").get_data(as_text=True)
        match = re.search(r'name="csrf-token" content="([^"]+)"', page)
        assert match, "no CSRF meta tag on /"
        return match.group(1)

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)


def pytest_collection_modifyitems(config, items):
    """Tests marked ``sqlite_only`` check what does not depend on the database (who may open which
    route, headers, languages); running them on PostgreSQL too would double the suite's longest
    part for nothing. Everything else runs on both."""
    items[:] = [
        item
        for item in items
        if not (
            item.get_closest_marker("sqlite_only")
            and getattr(item, "callspec", None)
            and "postgresql" in (item.callspec.params.get("app"), item.callspec.params.get("shared_world"))
        )
    ]


def _make_app(backend: str, folder) -> object:
    uri = f"sqlite:///{folder / 'test.db'}" if backend == "sqlite" else pg_url()
    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": uri}, instance_path=str(folder))
    app.test_client_class = Client
    with app.app_context():
        _db.drop_all()
        _db.create_all()
        # The tables match the newest migration: say so, as `flask db upgrade` would (/healthz).
        from flask_migrate import stamp

        stamp()
    return app


@pytest.fixture(scope="session")
def _apps(tmp_path_factory):
    """One app per backend for the whole run (building one costs template compilation);
    each test gets empty tables instead."""
    apps = {}

    def get(backend):
        if backend not in apps:
            apps[backend] = _make_app(backend, tmp_path_factory.mktemp(backend))
        return apps[backend]

    yield get
    for app in apps.values():
        with app.app_context():
            _db.engine.dispose()


def _empty_tables(app) -> None:
    with app.app_context():
        _db.session.remove()
        if _db.engine.dialect.name == "postgresql":
            tables = ", ".join(t.name for t in _db.metadata.sorted_tables)
            _db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(_db.metadata.sorted_tables):
                _db.session.execute(table.delete())
        _db.session.commit()


@pytest.fixture(params=BACKENDS)
def app(request, _apps):
    from workshop.extensions import limiter

    app = _apps(request.param)
    _empty_tables(app)
    with app.app_context():
        limiter.reset()
    yield app
    with app.app_context():
        _db.session.remove()


@pytest.fixture(scope="session")
def _shared_worlds(_apps):
    from tests.shared_world import SharedWorld

    worlds = {}

    def get(backend):
        if backend not in worlds:
            worlds[backend] = SharedWorld(_apps(backend), _empty_tables, build_world, build_url_values)
        return worlds[backend]

    return get


@pytest.fixture(params=BACKENDS)
def shared_world(request, _shared_worlds):
    """The ``world`` built once per test process and backend and rebuilt only after something wrote
    to the database or the storage folder (tests/shared_world.py). For tests that mostly read, like
    the authorisation matrix: override ``app``, ``world`` and ``url_values`` from it."""
    from workshop.extensions import limiter

    shared = _shared_worlds(request.param).fresh()
    with shared.app.app_context():
        limiter.reset()
    yield shared
    with shared.app.app_context():
        _db.session.remove()


@pytest.fixture
def ctx(app):
    """An application context, for testing services without requests."""
    with app.app_context():
        yield _db.session


@pytest.fixture
def client(app) -> Client:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# ---- factories -------------------------------------------------------------------------------


def event_data(**overrides) -> dict:
    today = date.today()
    data = {
        "title": "Bintek Peningkatan Kapasitas Gugus Tugas KLA",
        "code": "BINTEK-KLA",
        "slug": "",
        "description": "Pelatihan KHA",
        "organiser": "Pemerintah Kota Serang",
        "organising_unit": "Bappeda",
        "venue": "Aula Bappeda",
        "city": "Kota Serang",
        "starts_on": today,
        "ends_on": today + timedelta(days=2),
        "timezone": "Asia/Jakarta",
        "registration_opens_at": None,
        "registration_closes_at": None,
        "capacity": 80,
        "retention_months": 24,
        "privacy_contact": "Sekretariat KLA, kla@example.go.id",
        "status": "open",
    }
    data.update(overrides)
    return data


def make_user(email: str, name: str | None = None, is_admin: bool = False, password: str = PASSWORD):
    from workshop.auth.services import create_user

    return create_user(email, name or email.split("@")[0].title(), password, is_admin=is_admin)


def make_event(organiser, **overrides):
    from workshop.events.services import create_event

    return create_event(event_data(**overrides), organiser)


TICKET_COOKIE = "bintek_ticket"


def person_data(**overrides) -> dict:
    """One attendee's form data, valid as it stands."""
    data = {
        "full_name": "Muh. Ma'ruf, S.Pd.I.",
        "gender": "L",
        "category": "PNS",
        "nip": "19860926 201505 1 001",
        "golongan": "III/c",
        "position": "Analis Kebijakan Ahli Muda",
        "institution": "Dinas Kesehatan Kota Serang",
        "work_unit": "Bidang Kesehatan Masyarakat",
        "phone": "0812-3456-7890",
        "email": "maruf@dinkes.serangkota.go.id",
        "role": "peserta",
    }
    data.update(overrides)
    return data


def make_attendee(event, **overrides):
    from workshop.attendees.services import create_attendee

    return create_attendee(event, person_data(**overrides), source="manual", confirm_warnings=True)


@dataclass
class World:
    """Two events and one account per kind of visitor (ids and emails only: safe across contexts)."""

    event_slug: str
    other_slug: str
    users: dict[str, tuple[int, str]]  # kind -> (id, email)
    ticket: str = ""  # ticket code of an attendee of event_slug
    attendee_id: int = 0
    other_ticket: str = ""  # ticket code of an attendee of other_slug


@pytest.fixture
def world(app) -> World:
    return build_world(app)


def build_world(app) -> World:
    """The world's rows in ``app``'s empty tables (the ``world`` fixture; tests/shared_world.py)."""
    from workshop.events.services import add_member

    with app.app_context():
        organiser = make_user("organiser@serang.go.id", "Siti Organiser")
        staff = make_user("staff@serang.go.id", "Budi Staff")
        facilitator = make_user("facilitator@serang.go.id", "Dewi Fasilitator")
        other = make_user("other@lebak.go.id", "Other Organiser")
        admin = make_user("admin@bintek.id", "Admin", is_admin=True)
        event = make_event(organiser, slug="kla-serang")
        add_member(event, staff, "staff")
        add_member(event, facilitator, "facilitator")
        other_event = make_event(other, slug="kla-lebak", title="Bintek KLA Lebak")
        holder = make_attendee(event)
        other_holder = make_attendee(
            other_event,
            full_name="Rina Lestari",
            gender="P",
            nip="19900101 201801 2 003",
            phone="0813-1111-2222",
        )
        _db.session.commit()
        users = {
            "organiser": (organiser.id, organiser.email),
            "staff": (staff.id, staff.email),
            "facilitator": (facilitator.id, facilitator.email),
            "other": (other.id, other.email),
            "admin": (admin.id, admin.email),
        }
        return World(
            event.slug, other_event.slug, users, holder.ticket_code, holder.id, other_holder.ticket_code
        )


def log_in(client: Client, user_id: int) -> Client:
    """Sign a client in without the form (the form itself is tested in tests/auth)."""
    from workshop.auth.models import User

    with client.application.app_context():
        user = _db.session.get(User, user_id)
        session_id = user.get_id()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
    return client


def _device_token(app, world) -> str:
    """The token of a scanner phone paired with the world's event (one per test)."""
    token = getattr(world, "device_token", None)
    if token is None:
        from sqlalchemy import select

        from workshop.checkin.services import create_device_token
        from workshop.events.models import Event

        with app.app_context():
            event = _db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
            _device, token = create_device_token(event, "Pintu matriks")
            _db.session.commit()
        world.device_token = token
    return token


@pytest.fixture
def as_role(app, world):
    """as_role('organiser') -> a client signed in as that kind of visitor ('anonymous' for none)."""

    def make(kind: str) -> Client:
        client = app.test_client()
        if kind == "ticket":
            client.set_cookie(TICKET_COOKIE, world.ticket)
        elif kind == "device":
            client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {_device_token(app, world)}"
        elif kind != "anonymous":
            log_in(client, world.users[kind][0])
        return client

    return make


@pytest.fixture
def url_values(app, world):
    return build_url_values(app, world)


def build_url_values(app, world: World) -> dict:
    """The matrix's URL placeholders: the world's ids plus what each module's routes.py adds."""
    from sqlalchemy import select

    from workshop.auth.models import User
    from workshop.events.models import Event, Membership
    from workshop.events.services import create_invitation
    from workshop.extensions import db

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        organiser = db.session.get(User, world.users["organiser"][0])
        membership = db.session.execute(
            select(Membership).where(Membership.user_id == world.users["staff"][0])
        ).scalar_one()
        invitation, token = create_invitation(event, "facilitator", "", organiser, 7)
        db.session.commit()
        values = {
            "event": world.event_slug,
            "other_event": world.other_slug,
            "ticket": world.ticket,
            "other_ticket": world.other_ticket,
            "attendee": world.attendee_id,
            "staff_id": world.users["staff"][0],
            "staff_membership": membership.id,
            "invitation": invitation.id,
            "invite_token": token,
        }
    # Modules add their own placeholders with ``extra_url_values(app, world)`` in tests/<module>/routes.py.
    import importlib

    for module in (
        "auth",
        "events",
        "attendees",
        "registration",
        "agenda",
        "checkin",
        "documents",
        "certificates",
        "jobs",
        "groups",
        "lifecycle",
        "credentials",
        "followup",
        "evaluations",
        "signatures",
        "letters",
    ):
        routes = importlib.import_module(f"tests.{module}.routes")
        if hasattr(routes, "extra_url_values"):
            values.update(routes.extra_url_values(app, world))
    return values
