"""The baseline of bench_checkin_load.py: the least a check-in endpoint can do. A bare WSGI app
whose POST reads the JSON body and INSERTs it as one row (one connection per worker thread, one commit
per request); any GET answers 200 (gunicorn's start-up check)."""

import json
import os
import sqlite3
import threading

import psycopg

_local = threading.local()  # gunicorn's gthread workers serve requests in several threads


def _db():
    """One connection per worker thread: PostgreSQL, or SQLite with the app's pragmas (WAL, foreign
    keys, busy timeout; workshop/core/db.py) so both sides pay the same for a commit."""
    url = os.environ["DATABASE_URL"]
    connection = getattr(_local, "connection", None)
    if url.startswith("sqlite"):
        if connection is None:
            connection = _local.connection = sqlite3.connect(
                url.removeprefix("sqlite:///"), isolation_level=None
            )
            for pragma in ("foreign_keys=ON", "journal_mode=WAL", "busy_timeout=5000"):
                connection.execute(f"PRAGMA {pragma}")
        return connection
    if connection is None or connection.closed:
        connection = _local.connection = psycopg.connect(
            url.replace("postgresql+psycopg://", "postgresql://")
        )
    return connection


def insert_row(payload: str) -> int:
    connection = _db()
    if isinstance(connection, sqlite3.Connection):
        connection.execute("BEGIN")
        row_id = connection.execute(
            "INSERT INTO bench_inserts (payload) VALUES (?) RETURNING id", (payload,)
        ).fetchone()[0]
        connection.execute("COMMIT")
        return row_id
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_inserts (payload) VALUES (%s) RETURNING id", (payload,))
        row_id = cursor.fetchone()[0]
    connection.commit()
    return row_id


def app(environ, start_response):
    if environ["REQUEST_METHOD"] != "POST":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = json.loads(environ["wsgi.input"].read(length) or b"{}")
    row_id = insert_row(str(body.get("code", "")))
    payload = json.dumps({"status": "ok", "id": row_id}).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]


# The baseline: a bare Flask endpoint that does the same single INSERT (Flask's request
# handling included, nothing of Bintek's: no ORM, sessions, rate limits, audit or templates).
from flask import Flask, jsonify, request  # noqa: E402

flask_app = Flask(__name__)


@flask_app.get("/")
def _alive():
    return "ok"


@flask_app.post("/insert")
def _insert():
    body = request.get_json(force=True, silent=True) or {}
    row_id = insert_row(str(body.get("code", "")))
    return jsonify(status="ok", id=row_id)
