"""Dead database connections caught before use, without a round trip per request.

SQLAlchemy's ``pool_pre_ping`` asks the server at every checkout whether the connection is alive:
on the check-in hot path on PostgreSQL that was one round trip of five (issue 17). Here a
connection is asked only when it has sat unused in the pool for ``IDLE_BEFORE_PING`` seconds,
which is when connections die (the server restarted, a firewall dropped an idle one overnight);
a dead one is replaced before the request sees it (the pool retries the checkout). A connection
that dies while in steady use fails the one request using it; SQLAlchemy recognises the
disconnect and invalidates the pool, so the next request gets a fresh connection. SQLite files
never go stale and are never asked.
"""

from __future__ import annotations

import time

from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import Pool

IDLE_BEFORE_PING = 10.0  # seconds
_RETURNED = "bintek_returned_at"


def _returned(dbapi_connection, connection_record) -> None:
    connection_record.info[_RETURNED] = time.monotonic()


def _ping_if_idle(dbapi_connection, connection_record, connection_proxy) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        return
    returned = connection_record.info.get(_RETURNED)  # None: a new connection
    if returned is None or time.monotonic() - returned < IDLE_BEFORE_PING:
        return
    try:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        dbapi_connection.rollback()
    except Exception as error:
        raise DisconnectionError(str(error)) from error  # the pool drops it and connects again


def ping_idle_connections() -> None:
    """Listen on every pool (once): note when a connection comes back, ping it on the way out if
    it has been idle."""
    if not event.contains(Pool, "checkin", _returned):
        event.listen(Pool, "checkin", _returned)
        event.listen(Pool, "checkout", _ping_if_idle)
