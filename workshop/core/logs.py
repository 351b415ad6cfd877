"""Logs never hold ticket codes or invitation tokens (DESIGN.md §3): they are bearer keys.

Two things live here: a filter that redacts those paths in the werkzeug and gunicorn log lines,
and the request log: one JSON line per request (method, redacted path, status, duration, account)
that a log collector can parse. Query strings are never logged (a token may ride in one).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time

from flask import Flask, g, request

SECRET_PATHS = re.compile(r"(/(?:t|invite|v|f|api/followup)/)[A-Za-z0-9_\-]+")
REQUEST_LOGGER = "bintek.requests"


def redact(text: str) -> str:
    return SECRET_PATHS.sub(r"\1…", text)


def _redact_value(value):
    return redact(value) if isinstance(value, str) else value


class RedactSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # gunicorn's access log passes a mapping of atoms ("%(U)s"), werkzeug a tuple.
        if isinstance(record.args, dict):
            record.args = {key: _redact_value(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(_redact_value(a) for a in record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def request_logger() -> logging.Logger:
    """The JSON request log: its own handler on stderr, plain message, not passed to the root
    logger (so a line is written once, whatever else configures logging)."""
    logger = logging.getLogger(REQUEST_LOGGER)
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def _account_id() -> int | None:
    # Only an account the request already loaded: logging never costs a database query.
    user = g.get("_login_user")
    if user is not None and getattr(user, "is_authenticated", False):
        return user.id
    return None


def record(method: str, path: str, status: int, duration_ms: float, user: int | None, ip: str | None) -> dict:
    return {
        "ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "method": method,
        "path": redact(path),
        "status": status,
        "ms": round(duration_ms, 1),
        "user": user,
        "ip": ip,
    }


def request_record(status: int, duration_ms: float) -> dict:
    return record(request.method, request.path, status, duration_ms, _account_id(), request.remote_addr)


def log_line(
    method: str, path: str, status: int, duration_ms: float, user: int | None, ip: str | None
) -> None:
    """One line of the request log, for an answer given outside Flask (checkin/fastlane.py)."""
    request_logger().info(json.dumps(record(method, path, status, duration_ms, user, ip), ensure_ascii=False))


def init_app(app: Flask) -> None:
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error", app.logger.name):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecretsFilter) for f in logger.filters):
            logger.addFilter(RedactSecretsFilter())
    logger = request_logger()

    @app.before_request
    def _start_clock():
        g.request_started = time.perf_counter()

    @app.after_request
    def _log_request(response):
        if not app.config.get("REQUEST_LOG"):
            return response
        if request.path == "/healthz" and response.status_code == 200:
            return response  # the load balancer asks every few seconds: not worth a line
        started = g.get("request_started")
        duration = (time.perf_counter() - started) * 1000 if started else 0.0
        logger.info(json.dumps(request_record(response.status_code, duration), ensure_ascii=False))
        return response
