"""The organiser's attendee pages on a 360 px phone in headless Chromium: the list becomes cards,
nothing scrolls sideways, no CSP errors, and the WhatsApp work list remembers what was sent."""

from __future__ import annotations

from tests.browser.test_event_flow import assert_fits_360
from workshop.extensions import db

EMAIL = "panitia@serang.go.id"
PASSWORD = "correct horse battery"


def seed(app) -> str:
    from tests.attendees.factories import add_person
    from tests.conftest import make_event
    from workshop.auth.services import create_user

    with app.app_context():
        organiser = create_user(EMAIL, "Siti Panitia", PASSWORD)
        event = make_event(organiser, slug="kla-serang")
        add_person(
            event,
            1,
            full_name="Prof. Dr. Ir. Hj. Siti Nurhaliza Rahmawati Putri Kusumawardhani, S.Kom., M.Si.",
            gender="P",
            institution="Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga Berencana",
        )
        add_person(event, 2, full_name="Muh. Ma'ruf, S.Pd.I.", institution="Dinkes")
        add_person(
            event,
            3,
            full_name="Dr. Ré Ölsen",
            category="dunia usaha",
            role="narasumber",
            institution='=HYPERLINK("http://evil.example","x")',
        )
        add_person(
            event,
            4,
            full_name="Nabila Putri",
            gender="P",
            category="Forum Anak",
            institution="Forum Anak Kota Serang",
            phone="",
            email="",
        )
        for n in range(5, 14):
            add_person(event, n, institution="Bappeda Kota Serang")
        db.session.commit()
        return event.slug


def sign_in(page, url: str) -> None:
    page.goto(f"{url}/login")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(lambda u: "/login" not in u)


def test_attendee_pages_fit_a_phone_and_remember_sent_tickets(live_server, phone):
    slug = seed(live_server.app)
    base = f"{live_server.url}/manage/events/{slug}/attendees"
    sign_in(phone, live_server.url)

    phone.goto(base)
    assert phone.locator("table.attendee-table tbody tr").count() == 13
    assert_fits_360(phone, "the attendee list")
    # Cards: the header row is hidden and each cell is on its own line.
    assert not phone.locator("table.attendee-table thead").is_visible()

    phone.fill("input[name=q]", "Ölsen")
    phone.locator("form.attendee-filters button[type=submit]").click()
    phone.wait_for_url(lambda u: "q=" in u)
    assert phone.locator("table.attendee-table tbody tr").count() == 1

    phone.goto(f"{base}/whatsapp")
    assert_fits_360(phone, "the WhatsApp work list")
    first = phone.locator(".wa-item").first
    first.locator("input[data-wa-sent]").check()
    phone.reload()
    first = phone.locator(".wa-item").first
    assert first.locator("input[data-wa-sent]").is_checked()
    assert "is-sent" in (first.get_attribute("class") or "")

    for path in ("/new", "/institutions", "/1", "/1/edit", "/1/replace", "/4"):
        phone.goto(base + path)
        assert_fits_360(phone, f"attendees{path}")

    phone.goto(base)
    phone.locator("[data-select-all]").check()
    assert phone.locator("input.attendee-pick:checked").count() == 13
    assert phone.console_errors == []
