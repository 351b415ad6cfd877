"""Workers recycled cheaply (issue 17): gunicorn's master forks every worker from an app that is
already warm (workshop.warm_up), and a worker that leaves after max_requests skips the
interpreter's teardown (gunicorn.conf.py, worker_exit). Each cost about a tenth of a second of CPU
per recycle, and under load every worker recycles every few seconds: that was the check-in p99."""

from __future__ import annotations

import os
import runpy
import urllib.request
import uuid
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import text

from tests.production.servers import gunicorn
from tests.production.test_gunicorn import _post, _prepare
from workshop import create_app
from workshop.checkin import services
from workshop.extensions import db

ROOT = Path(__file__).resolve().parents[2]


def test_the_app_is_created_warm(tmp_path):
    app = create_app(
        {"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'warm.db'}"},
        instance_path=str(tmp_path / "instance"),
    )
    # Nothing left for a forked worker's first request to configure or compile.
    assert all(mapper.configured for mapper in db.Model.registry.mappers)
    with app.app_context():
        assert services.hot_path_key(db.engine.dialect) in services._HOT


def _leave(tmp_path: Path, booted: bool, alive: bool) -> tuple[int, bool]:
    """Run gunicorn.conf.py's worker_exit in a forked child as gunicorn would, then let the child
    end the usual way if the hook returned: its exit code, and whether the interpreter's
    teardown ran (an atexit handler writes a file)."""
    hooks = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    marker = tmp_path / f"teardown-{booted}-{alive}"
    app = create_app(
        {"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'exit.db'}"},
        instance_path=str(tmp_path / "instance"),
    )
    pid = os.fork()
    if pid == 0:  # the worker
        try:
            import atexit

            atexit.register(marker.write_text, "ran")
            with app.app_context():
                db.session.execute(text("SELECT 1"))  # a connection in the pool, to be closed
                db.session.remove()
            server = SimpleNamespace(app=SimpleNamespace(wsgi=lambda: app))
            hooks["worker_exit"](server, SimpleNamespace(booted=booted, alive=alive))
        except BaseException:  # noqa: BLE001 - any failure is a distinct exit code
            os._exit(9)
        # The hook returned: gunicorn's own sys.exit follows, with the teardown's atexit handlers
        # (run here by hand: a SystemExit would go on through pytest in this forked copy).
        atexit._run_exitfuncs()
        os._exit(7)
    _pid, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), marker.exists()


def test_a_worker_done_serving_leaves_without_the_teardown(tmp_path):
    assert _leave(tmp_path, booted=True, alive=False) == (0, False)


def test_a_worker_that_failed_leaves_the_usual_way_with_its_exit_code(tmp_path):
    # Not booted (gunicorn halts on exit code 3), or stopped by an error while alive.
    assert _leave(tmp_path, booted=False, alive=True) == (7, True)
    assert _leave(tmp_path, booted=True, alive=True) == (7, True)


def test_recycled_workers_keep_answering_scans(tmp_path):
    instance = str(tmp_path / "instance")
    database_url = f"sqlite:///{tmp_path / 'recycle.db'}"
    prepared = _prepare(database_url, instance)
    env = {
        "BINTEK_CONFIG": "production",
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "DATABASE_URL": database_url,
        "RATELIMIT_STORAGE_URI": "memory://",
        "BINTEK_INSTANCE_PATH": instance,
        "STORAGE_DIR": str(tmp_path / "storage"),
        "GUNICORN_MAX_REQUESTS": "3",  # no jitter below 10: a new worker every three requests
    }
    log_path = tmp_path / "gunicorn.log"
    with gunicorn(env, 1, log_path) as base:
        for _ in range(7):
            with urllib.request.urlopen(base + "/healthz", timeout=30) as response:
                assert response.status == 200
        status, body = _post(
            base + "/api/checkins",
            prepared["token"],
            {"code": prepared["ticket"], "session": prepared["session"], "scan_id": str(uuid.uuid4())},
        )
    assert (status, body["status"]) == (200, "ok")
    log = log_path.read_text(errors="replace")
    assert log.count("Autorestarting worker") >= 2 and log.count("Booting worker") >= 3
    assert "Exception during worker exit" not in log and "Traceback" not in log
