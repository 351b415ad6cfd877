"""The demo seeded once per test process, database and seeding, then copied into each test.

Seeding the demo (two events, about 120 people, agendas, attendance, certificates, the finished
event's evidence) takes seconds of ORM work and audit rows, and many document tests start from it.
``seed_demo(today=...)`` here is a drop-in for ``workshop.demo.seed_demo``: the first call in a
test process really seeds, then copies every table's rows and the storage folder's files into
memory; later calls (each test starts from empty tables, see the ``app`` fixture) write the same
rows back with one INSERT per table and the same files, and answer the same event and password.
``snapshot(name, build)`` does the same for a fixture's own seeding steps (``build`` returns what
the fixture returns: model instances are looked up again in the new test's session).

Tests stay independent: every test gets the demo exactly as seeding leaves it (the same rows, ids
and files), whatever another test did to its copy. What the seed itself does is tested with the
real ``seed_demo`` (tests/core/test_demo.py, test_demo_finished.py).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import select, text

from workshop.core import audit
from workshop.extensions import db

_SNAPSHOTS: dict[tuple, tuple[dict, dict, object]] = {}


class _Instance:
    """A model instance in a snapshot's answer: looked up again by primary key."""

    def __init__(self, instance):
        self.model = type(instance)
        self.key = db.inspect(instance).identity


def _storage() -> Path:
    return Path(current_app.config.get("STORAGE_DIR") or Path(current_app.instance_path) / "storage")


def _files() -> dict[str, bytes]:
    root, files = _storage(), {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            files[str(path.relative_to(root))] = path.read_bytes()
    return files


def _freeze(value):
    if isinstance(value, tuple | list):
        return type(value)(_freeze(v) for v in value)
    if hasattr(type(value), "__table__"):
        return _Instance(value)
    return value


def _thaw(value):
    if isinstance(value, tuple | list):
        return type(value)(_thaw(v) for v in value)
    if isinstance(value, _Instance):
        return db.session.get(value.model, value.key)
    return value


def _capture() -> dict:
    db.session.flush()
    return {
        table.name: [dict(row._mapping) for row in db.session.execute(select(table))]
        for table in db.metadata.sorted_tables
    }


def _restore(rows: dict, files: dict) -> None:
    """The captured rows into empty tables (foreign keys checked at the end of the statement on
    SQLite and not at all on PostgreSQL while restoring: rows of one table may point at each other
    in any order), sequences moved past them, the files back in the storage folder."""
    db.session.flush()
    postgres = db.engine.dialect.name == "postgresql"
    if postgres:
        db.session.execute(text("SET LOCAL session_replication_role = replica"))
    else:
        db.session.execute(text("PRAGMA defer_foreign_keys = ON"))
    for table in db.metadata.sorted_tables:
        if rows.get(table.name):
            db.session.execute(table.insert(), rows[table.name])
    if postgres:
        db.session.execute(text("SET LOCAL session_replication_role = origin"))
        for table in db.metadata.sorted_tables:
            for column in table.primary_key.columns:
                if column.autoincrement is True or (
                    column.autoincrement == "auto"
                    and column.type.python_type is int
                    and len(table.primary_key.columns) == 1
                ):
                    db.session.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                            f"coalesce(max({column.name}), 1), max({column.name}) IS NOT NULL) FROM {table.name}"
                        )
                    )
    db.session.expire_all()
    root = _storage()
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _empty() -> bool:
    db.session.flush()
    return all(
        db.session.execute(select(1).select_from(table).limit(1)).first() is None
        for table in db.metadata.sorted_tables
    )


def snapshot(name: str, build):
    """What ``build()`` seeds and answers, built once per test process, database, ``name`` and
    audit actor (``acting_as``); copied into the (empty) tables of every later call."""
    if not _empty():
        return build()  # a copy needs empty tables: seed for real on top of what is there
    key = (str(db.engine.url), name, audit._cli_actor.get())
    if key in _SNAPSHOTS:
        rows, files, answer = _SNAPSHOTS[key]
        _restore(rows, files)
        return _thaw(answer)
    answer = build()
    _SNAPSHOTS[key] = (_capture(), _files(), _freeze(answer))
    return answer


def seed_demo(today: date | None = None):
    """``workshop.demo.seed_demo(today)`` from a snapshot (see the module text)."""
    from workshop.demo import seed_demo as real_seed_demo

    today = today or date.today()
    return snapshot(f"seed_demo {today.isoformat()}", lambda: real_seed_demo(today=today))
