"""The demo event's public agenda on a 360 px phone, in Indonesian and then in English."""

from __future__ import annotations

import re
from pathlib import Path

from tests.browser.test_event_flow import assert_fits_360
from workshop.extensions import db

SCREENS = Path("/tmp/screens")


def seed(app) -> tuple[str, str]:
    """The demo event with its programme; returns its slug and the organiser's password."""
    from workshop.core.audit import acting_as
    from workshop.demo import seed_demo
    from workshop.demo.agenda import seed_agenda

    with app.app_context(), acting_as("seed-demo"):
        event, password = seed_demo()
        seed_agenda(event)
        db.session.commit()
        return event.slug, password


def test_public_agenda_on_a_phone_in_both_languages(live_server, phone):
    from playwright.sync_api import expect  # here, so collection works without playwright

    SCREENS.mkdir(parents=True, exist_ok=True)
    slug, _password = seed(live_server.app)
    page = phone
    page.goto(f"{live_server.url}/e/{slug}/agenda")

    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator(".agenda-day-title")).to_have_count(3)
    first = page.locator(".agenda-item").first
    expect(first.locator(".agenda-time")).to_contain_text("07:30")
    expect(first.locator(".agenda-time")).to_contain_text("WIB")
    expect(page.locator(".agenda-summary")).to_contain_text("18 JP")
    expect(page.locator("main")).to_contain_text("Drs. Dermawan, M.Si.")
    expect(page.locator("main")).to_contain_text("Asisten Deputi Pemenuhan Hak Sipil")
    expect(page.locator("main")).to_contain_text("Ruang Klaster V")
    # Indonesian day names from the id locale, e.g. "Senin, 17 November 2026".
    expect(page.locator(".agenda-day-title").first).to_have_text(
        re.compile(r"(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d+ \w+ \d{4}")
    )
    assert_fits_360(page, "the public agenda (id)")
    page.screenshot(path=str(SCREENS / "agenda_id.png"), full_page=True)

    page.locator("a[hreflang=en]").click()
    page.wait_for_url(re.compile(rf"/e/{slug}/agenda$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".agenda-summary")).to_contain_text("Total: 18 JP")
    expect(page.locator(".agenda-day-title").first).to_have_text(
        re.compile(r"Day 1 · (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \w+ \d+, \d{4}")
    )
    assert_fits_360(page, "the public agenda (en)")
    page.screenshot(path=str(SCREENS / "agenda_en.png"), full_page=True)

    response = page.request.get(f"{live_server.url}/e/{slug}/agenda.ics")
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    assert phone.console_errors == []


def test_organiser_agenda_pages_fit_a_phone(live_server, phone):
    from playwright.sync_api import expect

    from workshop.demo import ORGANISER_EMAIL

    SCREENS.mkdir(parents=True, exist_ok=True)
    slug, password = seed(live_server.app)
    page, base = phone, live_server.url
    page.goto(f"{base}/login")
    page.fill("[name=email]", ORGANISER_EMAIL)
    page.fill("[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/manage/$"))

    page.goto(f"{base}/manage/events/{slug}/agenda/")
    expect(page.locator(".agenda-summary")).to_contain_text("18 JP")
    assert_fits_360(page, "the organiser's agenda")
    page.screenshot(path=str(SCREENS / "agenda_manage.png"), full_page=True)

    page.goto(f"{base}/manage/events/{slug}/agenda/new")
    page.select_option("[name=kind]", "istirahat")
    expect(page.locator("[name=requires_checkin]")).not_to_be_checked()  # a break needs no check-in
    page.fill("[name=title]", "Rehat sore")
    assert_fits_360(page, "the session form")
    page.screenshot(path=str(SCREENS / "agenda_session_form.png"), full_page=True)
    page.locator("main form button[type=submit]").click()
    # The suggested time is after the last session, on the last day: no clash, saved at once.
    page.wait_for_url(re.compile(r"/agenda/#session-\d+$"))
    expect(page.locator(".flash-success")).to_be_visible()

    page.locator(".agenda-item a[href$='/materials']").first.click()
    expect(page.locator("input[type=file]")).to_be_visible()
    assert_fits_360(page, "the materials page")
    assert phone.console_errors == []
