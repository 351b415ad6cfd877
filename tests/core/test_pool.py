"""Dead PostgreSQL connections (workshop/core/pool.py): a connection idle in the pool is pinged
on checkout and replaced when the server dropped it; a busy one is not pinged (no round trip per
request), so its loss fails one use and the pool then reconnects."""

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from tests.conftest import PG_URL, pg_url
from workshop.core import pool
from workshop.extensions import db  # noqa: F401 - importing it installs the listeners

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")


def _backend(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def _kill(pid: int) -> None:
    killer = create_engine(pg_url())
    with killer.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        connection.commit()
    killer.dispose()


@pytest.fixture
def engine():
    engine = create_engine(pg_url(), pool_size=1, max_overflow=0)
    yield engine
    engine.dispose()


def test_an_idle_connection_the_server_dropped_is_replaced_before_use(engine, monkeypatch):
    first = _backend(engine)
    _kill(first)
    monkeypatch.setattr(pool, "IDLE_BEFORE_PING", 0.0)  # it has been idle long enough
    second = _backend(engine)  # no error: the ping found it dead and the pool connected again
    assert second != first


def test_a_connection_in_steady_use_is_not_pinged(engine, monkeypatch):
    first = _backend(engine)
    _kill(first)
    monkeypatch.setattr(pool, "IDLE_BEFORE_PING", 3600.0)
    with pytest.raises(OperationalError):  # no ping: the one use that finds it dead fails...
        _backend(engine)
    assert _backend(engine) != first  # ...and the pool, told of the disconnect, reconnects
