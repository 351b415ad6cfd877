import logging

from workshop.core.logs import RedactSecretsFilter, redact


def test_ticket_codes_and_invitation_tokens_are_redacted():
    assert redact('"GET /t/Q2x5Vb0kR1m9s8Tz HTTP/1.1" 200') == '"GET /t/… HTTP/1.1" 200'
    assert redact("/invite/abc_DEF-123?x=1") == "/invite/…?x=1"
    assert redact("/e/bintek-kla-serang") == "/e/bintek-kla-serang"


def test_the_werkzeug_request_log_line_is_redacted(app, caplog):
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '%s - - "%s" %s', ("127.0.0.1", "GET /t/SECRETCODE123 HTTP/1.1", "200"), None)
    RedactSecretsFilter().filter(record)
    assert "SECRETCODE123" not in record.getMessage()
    assert any(isinstance(f, RedactSecretsFilter) for f in logging.getLogger("werkzeug").filters)
