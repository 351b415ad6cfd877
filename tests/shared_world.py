"""The test world built once per test process and backend, for tests that mostly read it (the
authorisation matrix: ~900 requests against the same two events, five accounts and a ticket).

Building the world (accounts, events, a session with a check-in, a speaker's photo, a material, an
issued certificate, a finished ZIP job, five groups…) costs far more than one request, and most
rows of the matrix only read it. So the world is built once and kept until something changes it:

- every statement the app's engine runs is watched; anything but a read (INSERT, UPDATE, DELETE,
  DDL, from a request, a service or another test's ``app`` fixture emptying the tables) marks the
  world dirty, even when it was rolled back afterwards;
- the storage folder (uploads, certificates, job results) is fingerprinted (names, sizes, times):
  a file written or removed marks it dirty too.

A test asks for ``fresh()`` before it starts: a dirty world is thrown away and built again from
empty tables, exactly as the function-scoped ``world`` and ``url_values`` fixtures build it. So
each test still sees the world as built, with nothing left over from another test.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import event

READS = ("SELECT", "PRAGMA", "SHOW", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "SET")


def is_read(statement: str) -> bool:
    words = statement.lstrip(" \t\r\n(").split(None, 1)
    return bool(words) and words[0].upper() in READS


class SharedWorld:
    def __init__(self, app, empty_tables, build_world, build_url_values):
        self.app = app
        self._empty_tables = empty_tables
        self._build_world = build_world
        self._build_url_values = build_url_values
        self.world = None
        self.url_values: dict = {}
        self.writes = 0  # statements other than reads run through the app's engine so far
        self.builds = 0
        self._clean_at: int | None = None  # ``writes`` when the world was last known intact
        self._files: frozenset = frozenset()
        with app.app_context():
            from workshop.extensions import db

            self._storage = Path(app.config.get("STORAGE_DIR") or Path(app.instance_path) / "storage")
            event.listen(db.engine, "before_cursor_execute", self._watch)

    def _watch(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if not is_read(statement):
            self.writes += 1

    def _fingerprint(self) -> frozenset:
        files = set()
        for folder, _dirs, names in os.walk(self._storage):
            for name in names:
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except FileNotFoundError:
                    continue
                files.add((path, stat.st_size, stat.st_mtime_ns))
        return frozenset(files)

    @property
    def dirty(self) -> bool:
        return self._clean_at != self.writes or self._fingerprint() != self._files

    def fresh(self) -> SharedWorld:
        """The world as built: kept when nothing changed it since, else built again."""
        if self.world is None or self.dirty:
            self._empty_tables(self.app)
            self.world = self._build_world(self.app)
            self.url_values = self._build_url_values(self.app, self.world)
            self.builds += 1
            self._clean_at = self.writes
            self._files = self._fingerprint()
        return self
