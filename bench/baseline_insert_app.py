"""The baseline of bench_checkin_load.py: the least a check-in endpoint can do. A bare WSGI app
whose POST reads the JSON body and INSERTs it as one row (one connection per worker, one commit
per request); any GET answers 200 (gunicorn's start-up check)."""

import json
import os

import psycopg

_connection = None


def _db():
    global _connection
    if _connection is None or _connection.closed:
        url = os.environ["DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
        _connection = psycopg.connect(url)
    return _connection


def app(environ, start_response):
    if environ["REQUEST_METHOD"] != "POST":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = json.loads(environ["wsgi.input"].read(length) or b"{}")
    connection = _db()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_inserts (payload) VALUES (%s) RETURNING id", (body.get("code", ""),)
        )
        row_id = cursor.fetchone()[0]
    connection.commit()
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
    connection = _db()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_inserts (payload) VALUES (%s) RETURNING id", (str(body.get("code", "")),)
        )
        row_id = cursor.fetchone()[0]
    connection.commit()
    return jsonify(status="ok", id=row_id)
