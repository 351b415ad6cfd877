"""The health check behind /healthz: is the database reachable, and is its schema the one the
code expects (every migration applied)? A worker that answers 503 is taken out of the load
balancer instead of serving errors."""

from __future__ import annotations

from functools import lru_cache

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from workshop.extensions import db


@lru_cache(maxsize=4)
def _code_heads(directory: str) -> frozenset[str]:
    # The migration scripts do not change while the process runs: read them once.
    return frozenset(ScriptDirectory(directory).get_heads())


def code_heads() -> frozenset[str]:
    return _code_heads(current_app.extensions["migrate"].directory)


def check() -> tuple[bool, dict]:
    expected = code_heads()
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = frozenset(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError:
        return False, {"status": "unavailable", "database": "unreachable"}
    if current != expected:
        return False, {
            "status": "unavailable",
            "database": "ok",
            "migrations": "behind",
            "current": sorted(current),
            "expected": sorted(expected),
        }
    return True, {"status": "ok", "database": "ok", "migrations": "current", "revision": sorted(current)}
