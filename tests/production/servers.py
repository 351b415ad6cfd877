"""Helpers for tests and benchmarks that run the app as production does: gunicorn on a scratch
PostgreSQL database, with Redis for the rate limits."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def psycopg_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def postgres_problem(url: str | None) -> str | None:
    """Why PostgreSQL cannot be used (None when it can)."""
    if not url:
        return "set TEST_DATABASE_URL=postgresql://user@host/db to run gunicorn against PostgreSQL"
    try:
        engine = create_engine(psycopg_url(url), connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - the reason is the skip message
        return f"PostgreSQL at TEST_DATABASE_URL is not reachable: {error.__class__.__name__}"
    return None


def redis_problem(url: str) -> str | None:
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as error:  # noqa: BLE001
        return f"Redis at {url} is not reachable (set TEST_REDIS_URL): {error.__class__.__name__}"
    return None


@contextmanager
def scratch_database(base_url: str, prefix: str = "bintek_gunicorn"):
    """A new, empty PostgreSQL database beside the one in ``base_url``; dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(psycopg_url(base_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield psycopg_url(base_url).rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(
    env: dict,
    workers: int,
    log_path: Path,
    app: str = "wsgi:app",
    timeout: float = 60,
    health_path: str = "/healthz",
):
    """gunicorn with gunicorn.conf.py on a free port; yields the base URL once every worker has
    booted and ``health_path`` answers 200. Tests run in parallel processes: a port taken between
    choosing it and gunicorn binding it is given up for another one."""
    for attempt in range(3):  # noqa: B007 - counted in the error below
        port = free_port()
        full_env = {**os.environ, **env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
        log = log_path.open("wb")
        process = subprocess.Popen(
            [str(GUNICORN), "--config", str(ROOT / "gunicorn.conf.py"), app],
            cwd=ROOT,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            if _wait_until_up(process, base + health_path, workers, log_path, timeout):
                yield base
                return
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()
    raise RuntimeError(f"gunicorn found no free port in {attempt + 1} tries:\n" + _tail(log_path))


def _tail(log_path: Path) -> str:
    return log_path.read_text(errors="replace")[-3000:]


def _wait_until_up(process, health_url: str, workers: int, log_path: Path, timeout: float) -> bool:
    """True once gunicorn serves; False when its port was taken by another process meanwhile."""
    deadline = time.monotonic() + timeout
    while True:
        log = log_path.read_text(errors="replace")
        if "Connection in use" in log or "Address already in use" in log:
            return False
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited:\n" + _tail(log_path))
        if log.count("Booting worker") >= workers and _answers(health_url):
            return True
        if time.monotonic() > deadline:
            raise RuntimeError("gunicorn did not start:\n" + _tail(log_path))
        time.sleep(0.2)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except Exception:  # noqa: BLE001 - not up yet
        return False
