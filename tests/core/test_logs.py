import logging

from workshop.core.logs import RedactSecretsFilter, redact


def test_ticket_codes_and_invitation_tokens_are_redacted():
    assert redact('"GET /t/Q2x5Vb0kR1m9s8Tz HTTP/1.1" 200') == '"GET /t/… HTTP/1.1" 200'
    assert redact("/invite/abc_DEF-123?x=1") == "/invite/…?x=1"
    assert redact("/e/bintek-kla-serang") == "/e/bintek-kla-serang"


def test_the_werkzeug_request_log_line_is_redacted(app, caplog):
    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '%s - - "%s" %s',
        ("127.0.0.1", "GET /t/SECRETCODE123 HTTP/1.1", "200"),
        None,
    )
    RedactSecretsFilter().filter(record)
    assert "SECRETCODE123" not in record.getMessage()
    assert any(isinstance(f, RedactSecretsFilter) for f in logging.getLogger("werkzeug").filters)


def test_gunicorn_access_lines_are_redacted():
    # gunicorn passes its atoms as a mapping: "%(U)s" is the path.
    record = logging.LogRecord(
        "gunicorn.access",
        logging.INFO,
        __file__,
        1,
        '%(h)s "%(m)s %(U)s" %(s)s',
        ({"h": "10.0.0.7", "m": "GET", "U": "/t/SECRETCODE123/ics", "s": "200"},),
        None,
    )
    RedactSecretsFilter().filter(record)
    assert record.getMessage() == '10.0.0.7 "GET /t/…/ics" 200'


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def test_request_log_is_one_json_line_per_request_without_ticket_codes(app, world, as_role, url_values):
    import json

    from tests.checkin.conftest import device_post, item
    from workshop.core.logs import REQUEST_LOGGER

    handler = _Lines()
    logger = logging.getLogger(REQUEST_LOGGER)
    logger.addHandler(handler)
    app.config["REQUEST_LOG"] = True
    try:
        anonymous = as_role("anonymous")
        anonymous.get(f"/t/{world.ticket}")
        anonymous.get(f"/t/{world.ticket}?lang=en&code={world.ticket}")
        anonymous.get(f"/invite/{url_values['invite_token']}")
        device_post(anonymous, "not-a-device-token", item(world.ticket, "NOSESSION"))
        as_role("organiser").get(f"/manage/events/{world.event_slug}/")
    finally:
        app.config["REQUEST_LOG"] = False
        logger.removeHandler(handler)
    records = [json.loads(line) for line in handler.lines]
    assert len(records) == 5
    text = "\n".join(handler.lines)
    assert world.ticket not in text and url_values["invite_token"] not in text
    assert records[0]["method"] == "GET" and records[0]["path"] == "/t/…" and records[0]["status"] == 200
    assert records[1]["path"] == "/t/…"  # the query string is never logged
    assert records[3]["method"] == "POST" and records[3]["status"] == 401
    assert all(isinstance(r["ms"], float) for r in records)
    assert records[0]["user"] is None and records[4]["user"] == world.users["organiser"][0]
