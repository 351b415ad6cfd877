"""The check-in concurrency test against the real thing: gunicorn with 4 workers (separate
processes, nothing shared but PostgreSQL and Redis) and fifty phones scanning one ticket at once
through the API. Exactly one attendance row may come out."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import PG_URL, redis_url
from tests.production.servers import gunicorn, postgres_problem, redis_problem, scratch_database

REDIS_URL = redis_url()  # this test process's own Redis database
PHONES = 50
WORKERS = 4


@pytest.fixture(scope="module")
def services_up():
    problem = postgres_problem(PG_URL) or redis_problem(REDIS_URL)
    if problem:
        pytest.skip(problem)


def _prepare(database_url: str, instance: str) -> dict:
    """Migrate the scratch database and create an event with a session open now, one person and
    a scanner phone's device token."""
    from flask_migrate import upgrade

    from tests.conftest import make_attendee, make_event, make_user
    from workshop import create_app
    from workshop.agenda import services as agenda
    from workshop.checkin import services as checkin
    from workshop.extensions import db

    app = create_app(
        {"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database_url}, instance_path=instance
    )
    with app.app_context():
        upgrade()
        event = make_event(make_user("panitia@serang.go.id"), slug="kla-serang")
        now = datetime.now(UTC)
        session, _ = agenda.create_session(
            event,
            {
                "title": "Konvensi Hak Anak",
                "kind": "materi",
                "starts_at": now - timedelta(minutes=10),
                "ends_at": now + timedelta(minutes=80),
                "room": "Aula",
                "is_for_everyone": True,
            },
            confirm_warnings=True,
        )
        person = make_attendee(event)
        _, token = checkin.create_device_token(event, "Pintu 1")
        db.session.commit()
        prepared = {"session": session.code, "ticket": person.ticket_code, "token": token}
        db.session.remove()
        db.engine.dispose()
    return prepared


def _count_checkins(database_url: str, instance: str) -> int:
    from workshop import create_app
    from workshop.checkin.models import CheckIn
    from workshop.extensions import db

    app = create_app(
        {"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database_url}, instance_path=instance
    )
    with app.app_context():
        count = db.session.execute(select(func.count(CheckIn.id))).scalar_one()
        db.session.remove()
        db.engine.dispose()
    return count


def _post(url: str, token: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, {"error": error.read().decode(errors="replace")}


def test_fifty_phones_on_four_gunicorn_workers_make_one_row(services_up, tmp_path):
    import redis

    prefix = f"bintek-test-{uuid.uuid4().hex[:8]}"
    with scratch_database(PG_URL) as database_url:
        prepared = _prepare(database_url, str(tmp_path / "instance"))
        env = {
            "BINTEK_CONFIG": "production",
            "SECRET_KEY": uuid.uuid4().hex * 2,
            "DATABASE_URL": database_url,
            "REDIS_URL": REDIS_URL,
            "RATELIMIT_STORAGE_URI": "",
            "RATELIMIT_KEY_PREFIX": prefix,
            "BINTEK_INSTANCE_PATH": str(tmp_path / "instance"),
            "STORAGE_DIR": str(tmp_path / "storage"),
            "REQUEST_LOG": "1",
            "GUNICORN_ACCESS_LOG": "-",
        }
        log_path = tmp_path / "gunicorn.log"
        with gunicorn(env, WORKERS, log_path) as base:
            barrier = threading.Barrier(PHONES)
            answers, errors = [], []

            def phone():
                try:
                    barrier.wait(timeout=20)
                    answers.append(
                        _post(
                            base + "/api/checkins",
                            prepared["token"],
                            {
                                "code": f"https://bintek.example/t/{prepared['ticket']}",
                                "session": prepared["session"],
                                "scan_id": str(uuid.uuid4()),
                                "method": "scan",
                            },
                        )
                    )
                except Exception as error:  # noqa: BLE001 - reported below
                    errors.append(repr(error))

            threads = [threading.Thread(target=phone) for _ in range(PHONES)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            # Read the rate-limit counters now: they expire a minute after the storm, and a busy
            # machine can take longer than that to stop gunicorn and drop the scratch database.
            client = redis.Redis.from_url(REDIS_URL)
            keys = client.keys(f"*{prefix}*")
            # The person's ticket page, so the log has a ticket path to hide.
            urllib.request.urlopen(f"{base}/t/{prepared['ticket']}", timeout=10).close()

        assert errors == []
        assert all(code == 200 for code, _ in answers), answers
        statuses = [body["status"] for _, body in answers]
        assert statuses.count("ok") == 1 and statuses.count("already_checked_in") == PHONES - 1
        assert _count_checkins(database_url, str(tmp_path / "instance")) == 1

    log = log_path.read_text(errors="replace")
    # Four separate processes served the requests, and their rate-limit counters met in Redis.
    assert log.count("Booting worker") >= WORKERS
    assert keys, "no rate-limit counters in Redis"
    client.delete(*keys)
    # The request logs (the app's JSON lines and gunicorn's access lines) hold no ticket code.
    assert prepared["ticket"] not in log and prepared["token"] not in log
    json_lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert sum(1 for line in json_lines if line["path"] == "/api/checkins") == PHONES
    assert any(line["path"] == "/t/…" for line in json_lines)
