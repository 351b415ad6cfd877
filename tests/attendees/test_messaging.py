"""Ticket links for WhatsApp and email (the SMTP server is a recording fake)."""

import smtplib
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import make_attendee, make_event, make_user
from workshop.attendees import messaging


@pytest.fixture
def person(app):
    with app.test_request_context("/", base_url="https://bintek.example"):
        event = make_event(make_user("org@serang.go.id"), slug="kla-serang")
        attendee = make_attendee(event)
        yield event, attendee


def test_ticket_url_is_absolute_and_ends_with_the_code(person):
    event, attendee = person
    url = messaging.ticket_url(attendee.ticket_code)
    assert url == f"https://bintek.example/t/{attendee.ticket_code}"


def test_whatsapp_link_has_the_number_and_the_ticket_url(person):
    event, attendee = person
    url = messaging.ticket_url(attendee.ticket_code)
    link = messaging.whatsapp_link(event, attendee, url)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "wa.me", "/6281234567890")
    text = parse_qs(parts.query)["text"][0]
    assert url in text and attendee.full_name in text and event.title in text and "001" in text


def test_no_phone_no_whatsapp_link(person):
    event, attendee = person
    attendee.phone = None
    assert messaging.whatsapp_link(event, attendee, "https://x/t/y") is None
    assert messaging.whatsapp_number("+62 812-3456") == "628123456"


class FakeSMTP:
    """Records what the code does with the server instead of talking to one."""

    sent: list = []
    instances: list = []
    fail_with: Exception | None = None

    def __init__(self, host, port, timeout=None):
        self.host, self.port, self.timeout = host, port, timeout
        self.calls = []
        FakeSMTP.instances.append(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.calls.append("quit")

    def starttls(self, context=None):
        self.calls.append("starttls")

    def login(self, user, password):
        self.calls.append(("login", user))

    def send_message(self, message):
        if FakeSMTP.fail_with:
            raise FakeSMTP.fail_with
        FakeSMTP.sent.append(message)


@pytest.fixture
def fake_smtp(monkeypatch):
    FakeSMTP.sent, FakeSMTP.instances, FakeSMTP.fail_with = [], [], None
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    return FakeSMTP


MAIL = {
    "MAIL_SERVER": "smtp.example",
    "MAIL_PORT": 587,
    "MAIL_USE_TLS": True,
    "MAIL_FROM": "panitia@serangkota.go.id",
    "MAIL_USERNAME": "panitia",
    "MAIL_PASSWORD": "secret",
}


def test_send_mail_uses_starttls_login_and_the_sender(person, fake_smtp):
    event, attendee = person
    mail = messaging.ticket_mail(event, attendee, "https://bintek.example/t/abc")
    messaging.send_mail(MAIL, mail)
    server = fake_smtp.instances[0]
    assert (server.host, server.port) == ("smtp.example", 587)
    assert server.calls == ["starttls", ("login", "panitia"), "quit"]
    message = fake_smtp.sent[0]
    assert message["To"] == "maruf@dinkes.serangkota.go.id"
    assert "panitia@serangkota.go.id" in message["From"]
    assert event.title in message["Subject"]
    assert "https://bintek.example/t/abc" in message.get_content()


def test_send_mail_without_tls_or_login(person, fake_smtp):
    event, attendee = person
    config = {**MAIL, "MAIL_USE_TLS": False, "MAIL_USERNAME": None, "MAIL_PASSWORD": None}
    messaging.send_mail(config, messaging.ticket_mail(event, attendee, "u"))
    assert fake_smtp.instances[0].calls == ["quit"]


def test_mail_errors_are_reported_without_the_address(person, fake_smtp):
    event, attendee = person
    fake_smtp.fail_with = smtplib.SMTPRecipientsRefused({attendee.email: (550, b"no")})
    with pytest.raises(messaging.MailError) as error:
        messaging.send_mail(MAIL, messaging.ticket_mail(event, attendee, "u"))
    assert attendee.email not in str(error.value)
    with pytest.raises(messaging.MailError):
        messaging.send_mail({}, messaging.ticket_mail(event, attendee, "u"))
    with pytest.raises(messaging.MailError):
        messaging.send_mail({"MAIL_SERVER": "smtp.example"}, messaging.ticket_mail(event, attendee, "u"))


def test_ticket_url_falls_back_while_the_ticket_page_is_missing(person, monkeypatch):
    from flask import url_for as real_url_for
    from werkzeug.routing import BuildError

    def without_ticket_page(endpoint, **values):
        if endpoint == "registration.ticket":
            raise BuildError(endpoint, values, "GET")
        return real_url_for(endpoint, **values)

    monkeypatch.setattr(messaging, "url_for", without_ticket_page)
    assert messaging.ticket_url("abc-DEF_123") == "https://bintek.example/t/abc-DEF_123"
