"""An organiser signs in on a 360 px phone, creates an event, and finds it on the public pages."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from babel.dates import format_date
from sqlalchemy import select

from workshop.extensions import db

SCREENS = Path("/tmp/screens")
EMAIL = "panitia@serang.go.id"
PASSWORD = "correct horse battery"
TITLE = "Bintek Penguatan Gugus Tugas Kabupaten/Kota Layak Anak Tahun 2026"

# Elements that stick out to the right of the viewport: named in the failure message.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 0.5 && r.width > 0) {
      wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\\s+/g, '.') : ''} right=${Math.round(r.right)}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 10)};
}"""


def assert_fits_360(page, what: str) -> None:
    result = page.evaluate(OVERFLOW_JS)
    assert result["scrollWidth"] <= 360, (
        f"{what} scrolls sideways at 360 px: scrollWidth={result['scrollWidth']}; too wide: {result['wide']}"
    )


def make_organiser(app) -> None:
    """An account that is organiser of a (draft) seed event, so it may create events."""
    from workshop.auth.services import create_user
    from workshop.events.services import create_event

    with app.app_context():
        user = create_user(EMAIL, "Siti Panitia", PASSWORD, is_admin=False)
        today = date.today()
        create_event(
            {
                "title": "Seed event (draft)",
                "code": "SEED",
                "slug": "seed",
                "description": "",
                "organiser": "Pemerintah Kota Serang",
                "organising_unit": "Bappeda",
                "venue": "",
                "city": "",
                "starts_on": today,
                "ends_on": today,
                "timezone": "Asia/Jakarta",
                "registration_opens_at": None,
                "registration_closes_at": None,
                "capacity": None,
                "retention_months": 24,
                "privacy_contact": "Sekretariat, kla@example.go.id",
                "status": "draft",
            },
            user,
        )
        db.session.commit()


def test_organiser_creates_event_on_phone(live_server, phone):
    from playwright.sync_api import expect  # here, so collection works without playwright

    SCREENS.mkdir(parents=True, exist_ok=True)
    make_organiser(live_server.app)
    page, base = phone, live_server.url
    starts_on = date.today() + timedelta(days=30)
    ends_on = starts_on + timedelta(days=2)

    # Sign in.
    page.goto(f"{base}/login")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    assert_fits_360(page, "the sign-in page")
    page.fill("[name=email]", EMAIL)
    page.fill("[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/manage/$"))

    # My events -> New event.
    new_event = page.locator("main a[href$='/manage/events/new']")
    expect(new_event).to_be_visible()
    new_event.click()
    page.wait_for_url(re.compile(r"/manage/events/new$"))
    assert_fits_360(page, "the event form")
    # Help texts are text, not HTML: "/e/<alamat>" must show its placeholder.
    expect(page.locator("#slug ~ small.field-help")).to_contain_text("/e/<")

    page.fill("[name=title]", TITLE)
    page.fill("[name=code]", "BINTEK-KLA")
    page.fill("[name=organiser]", "Pemerintah Kota Serang")
    page.fill("[name=organising_unit]", "Bappeda")
    page.fill("[name=city]", "Kota Serang")
    page.fill("[name=starts_on]", starts_on.isoformat())
    page.fill("[name=ends_on]", ends_on.isoformat())
    page.fill("[name=privacy_contact]", "Sekretariat KLA, kla@example.go.id")
    page.select_option("[name=status]", "open")
    assert_fits_360(page, "the filled-in event form")
    page.screenshot(path=str(SCREENS / "event_form.png"), full_page=True)
    page.locator("main form button[type=submit]").click()

    # The overview page of the new event.
    page.wait_for_url(re.compile(r"/manage/events/[a-z0-9-]+/$"))
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".flash-success")).to_be_visible()
    slug = re.search(r"/manage/events/([a-z0-9-]+)/$", page.url).group(1)
    with live_server.app.app_context():
        from workshop.events.models import Event

        event = db.session.execute(select(Event).where(Event.slug == slug)).scalar_one()
        assert (event.title, event.code, event.status) == (TITLE, "BINTEK-KLA", "open")
        assert (event.starts_on, event.ends_on) == (starts_on, ends_on)

    # The public page, in Indonesian.
    page.goto(f"{base}/e/{slug}")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("h1")).to_be_visible()
    # Dates are written the Indonesian way (month names from the id locale).
    expect(page.locator("dl.facts")).to_contain_text(format_date(ends_on, "long", locale="id"))
    assert_fits_360(page, "the public event page")
    page.screenshot(path=str(SCREENS / "public_event.png"), full_page=True)

    # Listed on the home page (the draft seed event is not).
    page.goto(f"{base}/")
    listed = page.locator(f"main a[href='/e/{slug}']")
    expect(listed).to_have_text(TITLE)
    expect(page.locator("main")).not_to_contain_text("Seed event")
    assert_fits_360(page, "the home page")

    assert phone.console_errors == []
