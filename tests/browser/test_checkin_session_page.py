"""A session's check-in page on a 360 px phone (issue 17): it fits, pages and searches, and its
figures update from the JSON poll without reloading the page (no CSP errors)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.browser.test_attendee_list import EMAIL, PASSWORD, sign_in
from tests.browser.test_event_flow import assert_fits_360
from workshop.extensions import db


def seed(app) -> tuple[str, int, str, str, list[str]]:
    from tests.attendees.factories import add_person
    from tests.conftest import make_event
    from workshop.agenda import services as agenda
    from workshop.auth.services import create_user
    from workshop.checkin import services

    with app.app_context():
        organiser = create_user(EMAIL, "Siti Panitia", PASSWORD)
        event = make_event(organiser, slug="kla-serang")
        now = datetime.now(UTC)
        session, _ = agenda.create_session(
            event,
            {
                "title": "Konvensi Hak Anak",
                "kind": "materi",
                "starts_at": now - timedelta(minutes=10),
                "ends_at": now + timedelta(hours=1),
                "room": "Aula",
                "is_for_everyone": True,
            },
            confirm_warnings=True,
        )
        people = [add_person(event, n, institution="Bappeda Kota Serang") for n in range(1, 61)]
        _device, token = services.create_device_token(event, "Pintu 1")
        db.session.commit()
        return event.slug, session.id, session.code, token, [p.ticket_code for p in people]


def test_the_session_page_pages_searches_and_updates_itself(live_server, phone):
    from tests.checkin.conftest import item

    slug, session_id, code, token, tickets = seed(live_server.app)
    client = live_server.app.test_client()
    for ticket in tickets[:55]:
        client.post("/api/checkins", json=item(ticket, code), headers={"Authorization": f"Bearer {token}"})
    sign_in(phone, live_server.url)
    phone.goto(f"{live_server.url}/manage/events/{slug}/checkin/sessions/{session_id}")
    summary = phone.locator('#session-live [data-field="summary"]')
    assert "55" in summary.inner_text() and "60" in summary.inner_text()
    assert phone.locator("ol.checkin-list > li").count() == 50
    assert_fits_360(phone, "the session's check-in page")
    phone.locator("nav.pager a[rel=next]").click()
    phone.wait_for_url(lambda u: "page=2" in u)
    assert phone.locator("ol.checkin-list > li").count() == 5
    phone.locator("nav.list-tabs a").nth(1).click()
    phone.wait_for_url(lambda u: "list=missing" in u)
    assert phone.locator("ul.missing-list > li").count() == 5
    # Someone checks in at the door: the figures change and a link offers the new list, with no reload.
    phone.evaluate("window.__stayed = true")
    client.post("/api/checkins", json=item(tickets[55], code), headers={"Authorization": f"Bearer {token}"})
    phone.locator('#session-live [data-field="summary"]', has_text="56").wait_for(timeout=20_000)
    assert phone.locator('#session-live [data-field="new"]').is_visible()
    assert phone.evaluate("window.__stayed") is True
    assert phone.console_errors == []
