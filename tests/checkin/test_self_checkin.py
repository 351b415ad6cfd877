"""/c/<session code>: one tap with the remembered ticket; server time; a clear page without it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.conftest import TICKET_COOKIE
from workshop.checkin.models import CheckIn
from workshop.extensions import db


def english(client):
    client.set_cookie("lang", "en")
    return client


def test_without_the_ticket_cookie_the_page_says_open_your_ticket_first(app, client, live):
    page = english(client).get(f"/c/{live.session}").get_data(as_text=True)
    assert "Open your ticket link first" in page
    assert "/e/kla-serang/find-ticket" in page
    assert "Konvensi Hak Anak" in page
    # A ticket of another event counts as no ticket.
    client.set_cookie(TICKET_COOKIE, "unknown")
    assert "Open your ticket link first" in client.get(f"/c/{live.session}").get_data(as_text=True)


def test_one_tap_checks_in_with_server_time(app, client, world, live):
    english(client).set_cookie(TICKET_COOKIE, world.ticket)
    page = client.get(f"/c/{live.session}").get_data(as_text=True)
    assert "I am here: check me in" in page and "Muh. Ma&#39;ruf" in page
    before = datetime.now(UTC)
    response = client.post_form(f"/c/{live.session}", {"scanned_at": "2000-01-01T00:00:00+00:00"})
    assert response.status_code == 200
    assert "You are checked in" in response.get_data(as_text=True)
    with app.app_context():
        row = db.session.execute(select(CheckIn)).scalar_one()
        assert row.method == "self" and row.by_user_id is None
        assert before - timedelta(seconds=5) <= row.scanned_at <= datetime.now(UTC)
    assert "You were already checked in" in client.post_form(f"/c/{live.session}").get_data(as_text=True)
    assert "You were already checked in" in client.get(f"/c/{live.session}").get_data(as_text=True)


def test_another_events_ticket_cannot_check_in(app, client, world, live):
    """The remembered ticket of another event counts as no ticket: the page asks for this event's
    ticket (nothing about the other event's person) and nothing is written."""
    client.set_cookie(TICKET_COOKIE, world.other_ticket)
    response = english(client).post_form(f"/c/{live.session}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Open your ticket link first" in page
    assert "You are checked in" not in page and "I am here: check me in" not in page
    with app.app_context():
        assert db.session.execute(select(CheckIn)).first() is None


def test_post_without_csrf_writes_nothing(app, client, world, live):
    client.set_cookie(TICKET_COOKIE, world.ticket)
    assert client.post(f"/c/{live.session}").status_code == 400
    with app.app_context():
        assert db.session.execute(select(CheckIn)).first() is None


def test_unknown_session_code_is_404(client, live):
    assert client.get("/c/NOPE").status_code == 404
