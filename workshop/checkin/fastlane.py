"""The scanner phones' fast lane (issue 17): an ordinary scan answered below Flask.

A scan through Flask spent about as much CPU in the request machinery (contexts, eight
before/after hooks, the response object) as in the check-in itself: 1,230-1,370 µs against
540-840 µs for the rule and its two statements, measured in one process on PostgreSQL. This WSGI
layer, inside ProxyFix and in front of the Flask app, takes only the plainest request: ``POST
/api/checkins`` with a device token, no query string, a small JSON object whose every value is
text (the keys a scan has, nothing the hostile-input check would refuse). It counts the phone's
rate limit, runs ``api.hot_scan`` (the hot path of the API view) and answers exactly
what the view would: the same JSON, the same headers (tests/checkin/test_fast_lane.py compares
them), the same request-log line. Anything else, and any scan the hot path declines (a repeat,
another event's ticket, a person not expected …), goes on to Flask untouched, with the body
put back and the rate-limit hit already counted (``COUNTED``/``LIMITED`` in the environ).
``CHECKIN_FAST_LANE = False`` turns it off.
"""

from __future__ import annotations

import io
import json
import time

from werkzeug.datastructures import Headers

from workshop.core.inputs import json_problem
from workshop.core.logs import log_line
from workshop.core.security import add_security_headers
from workshop.core.tokens import hash_token

PATH = "/api/checkins"
MAX_BODY = 2048
KEYS = frozenset({"code", "session", "scan_id", "method", "scanned_at", "sent_at"})
COUNTED = "bintek.scan_counted"  # the rate limit was counted for this request
LIMITED = "bintek.scan_limited"  # ... and said no
TRIED = "bintek.scan_tried"  # the hot path declined this scan


class ScanFastLane:
    def __init__(self, app, wsgi_app):
        self.flask_app = app
        self.wsgi_app = wsgi_app
        self._made: dict = {}

    def __call__(self, environ, start_response):
        if (
            environ.get("PATH_INFO") != PATH
            or environ.get("REQUEST_METHOD") != "POST"
            or environ.get("QUERY_STRING")
            or not self.flask_app.config.get("CHECKIN_FAST_LANE", True)
        ):
            return self.wsgi_app(environ, start_response)
        header = environ.get("HTTP_AUTHORIZATION", "")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if not header[:7].lower() == "bearer " or not 0 < length <= MAX_BODY:
            return self.wsgi_app(environ, start_response)
        raw = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(raw)  # Flask reads it again when the lane declines
        item = _plain_scan(raw)
        if item is None:
            return self.wsgi_app(environ, start_response)
        started = time.perf_counter()
        answer = self._scan(environ, header[7:].strip(), item)
        if answer is None:
            return self.wsgi_app(environ, start_response)
        return self._respond(environ, start_response, answer, started)

    def _scan(self, environ, token: str, item: dict) -> dict | None:
        from workshop.checkin.api import SCAN_LIMIT, _limit, fast_json, hot_scan

        with self.flask_app.app_context():
            environ[COUNTED] = True
            if not SCAN_LIMIT.hit("device:" + hash_token(token)[:16], _limit()):
                environ[LIMITED] = True
                return None
            fast = hot_scan(token, item)
        if fast is None:
            environ[TRIED] = True
            return None
        return fast_json(fast)

    def _respond(self, environ, start_response, answer: dict, started: float):
        app = self.flask_app
        provider = app.json
        debugging = provider.compact is False or (provider.compact is None and app.debug)
        if debugging:  # indented, as Flask writes it then
            response = provider.response(answer)
            _add_headers(response.headers, app)
        else:  # what provider.response(answer) writes, without building a Response
            body = (provider.dumps(answer, separators=(",", ":")) + "\n").encode()
        if app.config.get("REQUEST_LOG"):
            duration = (time.perf_counter() - started) * 1000
            log_line("POST", PATH, 200, duration, None, environ.get("REMOTE_ADDR"))
        if debugging:
            return response(environ, start_response)
        start_response("200 OK", [("Content-Length", str(len(body))), *self._headers(provider.mimetype)])
        return [body]

    def _headers(self, mimetype: str) -> list[tuple[str, str]]:
        """An answer's headers but its length: the same for every scan (of this configuration)."""
        key = (mimetype, bool(self.flask_app.config.get("SESSION_COOKIE_SECURE")))
        if key not in self._made:
            headers = Headers([("Content-Type", mimetype)])
            _add_headers(headers, self.flask_app)
            self._made[key] = headers.to_wsgi_list()
        return self._made[key]


def _add_headers(headers: Headers, app) -> None:
    headers["Vary"] = "Accept-Encoding"  # as Flask-Compress says on every answer
    add_security_headers(headers, PATH, bool(app.config.get("SESSION_COOKIE_SECURE")))


def _plain_scan(raw: bytes) -> dict | None:
    """The body as a scan when it is nothing but one: a JSON object of the scan's keys, each a
    piece of text the hostile-input check lets through; else None (Flask answers it)."""
    try:
        item = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if (
        not isinstance(item, dict)
        or not item.keys() <= KEYS
        or not all(isinstance(value, str) for value in item.values())
        or json_problem(item, strict_text=False)
    ):
        return None
    return item
