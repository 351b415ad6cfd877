"""One writer at a time on a SQLite file, woken the moment the writer before it is done.

SQLite lets one connection write at a time; a connection that finds the file locked waits in
SQLite's busy handler, which polls: it sleeps 1, 2, 5, 10 … up to 100 ms between tries, so under a
queue of scanner phones the lock often sits free while the next writer still sleeps, and an
unlucky request waits many such sleeps (the check-in p99 of issue 17). The hot write paths take
this lock first instead: an exclusive ``flock`` on a file beside the database (waiters across the
gunicorn workers sleep in the kernel and one wakes as soon as it is released) plus a thread lock
within the process (``flock`` is held per open file, which a process's threads share). Writers
that do not take it are still kept apart by SQLite itself: the lock orders, SQLite guards.

PostgreSQL and in-memory SQLite need none of this: ``writer_lock`` then does nothing.
"""

from __future__ import annotations

import fcntl
import os
import threading
from contextlib import contextmanager

from sqlalchemy.engine import Engine

_locks: dict[tuple[int, str], tuple[threading.Lock, int]] = {}
_guard = threading.Lock()


def lock_path(engine: Engine) -> str | None:
    """The lock file of a SQLite file database, or None (another database, or in memory)."""
    url = engine.url
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if (
        not database
        or database == ":memory:"
        or database.startswith("file:")
        or url.query.get("mode") == "memory"
    ):
        return None
    return os.path.abspath(database) + "-writer.lock"


def _lock_for(path: str) -> tuple[threading.Lock, int]:
    # Per process: a descriptor inherited through fork shares its flock with the parent.
    key = (os.getpid(), path)
    with _guard:
        if key not in _locks:
            _locks[key] = (threading.Lock(), os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        return _locks[key]


@contextmanager
def writer_lock(engine: Engine):
    """Hold the database's writer lock for the ``with`` block (a whole write transaction, commit
    included); nothing on PostgreSQL or in-memory SQLite."""
    path = lock_path(engine)
    if path is None:
        yield
        return
    thread_lock, descriptor = _lock_for(path)
    with thread_lock:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
