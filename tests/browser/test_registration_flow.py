"""A participant on a 360 px phone registers, sees the ticket with a QR that decodes to the
ticket's own URL, opens it again from the link, and finds it again from the event page."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from tests.browser.test_event_flow import assert_fits_360
from workshop.extensions import db

SCREENS = Path("/tmp/screens")
SLUG = "bintek-kla-serang"
TITLE = "Bintek Peningkatan Kapasitas Gugus Tugas KLA tentang Konvensi Hak Anak"


def seed_event(app) -> None:
    from workshop.auth.services import create_user
    from workshop.events.services import create_event

    with app.app_context():
        organiser = create_user("panitia@serang.go.id", "Siti Panitia", "correct horse battery")
        today = date.today()
        create_event(
            {
                "title": TITLE,
                "code": "BINTEK-KLA",
                "slug": SLUG,
                "description": "Pelatihan KHA bagi Gugus Tugas KLA.",
                "organiser": "Pemerintah Kota Serang",
                "organising_unit": "Bappeda",
                "venue": "Aula Bappeda Kota Serang",
                "city": "Kota Serang",
                "starts_on": today + timedelta(days=7),
                "ends_on": today + timedelta(days=9),
                "timezone": "Asia/Jakarta",
                "registration_opens_at": None,
                "registration_closes_at": None,
                "capacity": 80,
                "retention_months": 24,
                "privacy_contact": "Sekretariat Gugus Tugas KLA, kla@bappeda.serangkota.go.id",
                "status": "open",
            },
            organiser,
        )
        db.session.commit()


def decode_qr(png: bytes) -> list[str]:
    import zxingcpp
    from PIL import Image

    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_participant_registers_and_finds_the_ticket_again(live_server, phone):
    from playwright.sync_api import expect

    SCREENS.mkdir(parents=True, exist_ok=True)
    seed_event(live_server.app)
    page, base = phone, live_server.url

    # The event page offers registration.
    page.goto(f"{base}/e/{SLUG}")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    assert_fits_360(page, "the public event page")
    page.locator("#register-button").click()
    page.wait_for_url(re.compile(rf"/e/{SLUG}/register$"))
    assert_fits_360(page, "the registration form")

    # Fields follow the category (progressive: the server decides in the end).
    nip = page.locator("[name=nip]")
    guardian = page.locator("#guardian")
    expect(nip).to_be_hidden()
    expect(guardian).to_be_hidden()
    page.select_option("[name=category]", "Forum Anak")
    expect(guardian).to_be_visible()
    expect(nip).to_be_hidden()
    page.select_option("[name=category]", "PNS")
    expect(guardian).to_be_hidden()
    expect(nip).to_be_visible()

    page.fill("[name=full_name]", "Dr. Siti Aminah, S.Pd., M.Si.")
    page.locator("[name=gender][value=P]").check()
    page.fill("[name=nip]", "19860926 201505 2 001")
    page.select_option("[name=golongan]", "III/c")
    page.fill("[name=position]", "Analis Kebijakan Ahli Muda")
    page.fill("[name=institution]", "Dinkes Kota Serang")
    page.fill("[name=work_unit]", "Bidang Kesehatan Masyarakat")
    page.fill("[name=phone]", "0812-9876-5432")
    page.fill("[name=email]", "siti.aminah@dinkes.serangkota.go.id")
    page.locator("[name=consent]").check()
    assert_fits_360(page, "the filled-in registration form")
    page.screenshot(path=str(SCREENS / "registration_form.png"), full_page=True)
    page.locator("main form button[type=submit]").click()

    # The ticket.
    page.wait_for_url(re.compile(r"/t/[A-Za-z0-9_-]+$"))
    ticket_url = page.url
    expect(page.locator("h1")).to_have_text("Dr. Siti Aminah, S.Pd., M.Si.")
    expect(page.locator("#reg-number")).to_have_text("001")
    expect(page.locator(".ticket")).to_contain_text("Dinas Kesehatan")
    assert_fits_360(page, "the ticket")
    page.screenshot(path=str(SCREENS / "ticket.png"), full_page=True)
    qr = page.locator("#ticket-qr svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] >= 200, f"the QR is too small to scan: {box}"
    png = qr.screenshot(path=str(SCREENS / "ticket_qr.png"))
    assert decode_qr(png) == [ticket_url]
    whatsapp = page.locator("#share-whatsapp")
    assert whatsapp.get_attribute("href").startswith("https://wa.me/?text=")

    with live_server.app.app_context():
        from workshop.attendees.models import Attendee

        attendee = db.session.execute(select(Attendee)).scalar_one()
        assert ticket_url.endswith("/t/" + attendee.ticket_code)
        assert attendee.consent_at is not None and attendee.source == "registration"

    # Opened again from the link (e.g. from the WhatsApp chat) on a fresh page.
    again = page.context.new_page()
    again.goto(ticket_url)
    expect(again.locator("h1")).to_have_text("Dr. Siti Aminah, S.Pd., M.Si.")
    expect(again.locator("#reg-number")).to_have_text("001")
    again.close()

    # Found again from the event page with the registration number and the phone's last digits.
    page.goto(f"{base}/e/{SLUG}")
    page.fill("#find-ticket [name=reg_number]", "001")
    page.fill("#find-ticket [name=phone]", "0812-9876-5432")
    assert_fits_360(page, "the event page with the find-my-ticket form")
    page.screenshot(path=str(SCREENS / "event_find_ticket.png"), full_page=True)
    page.locator("#find-ticket button[type=submit]").click()
    page.wait_for_url(ticket_url)
    expect(page.locator("#reg-number")).to_have_text("001")

    # A wrong pair gets one plain message and no ticket.
    page.goto(f"{base}/e/{SLUG}")
    page.fill("#find-ticket [name=reg_number]", "001")
    page.fill("#find-ticket [name=phone]", "0812-9876-0000")
    page.locator("#find-ticket button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/e/{SLUG}/find-ticket$"))
    expect(page.locator(".flash-error")).to_be_visible()
    assert_fits_360(page, "the find-my-ticket page")

    assert phone.console_errors == []


def test_a_child_registers_with_a_guardian_on_a_phone(live_server, phone):
    from playwright.sync_api import expect

    SCREENS.mkdir(parents=True, exist_ok=True)
    seed_event(live_server.app)
    page, base = phone, live_server.url
    page.goto(f"{base}/e/{SLUG}/register")
    page.select_option("[name=category]", "Forum Anak")
    page.fill("[name=full_name]", "Aisyah Putri")
    page.locator("[name=gender][value=P]").check()
    page.fill("[name=institution]", "Forum Anak Kota Serang")
    page.fill("[name=phone]", "0857-1234-5678")
    page.locator("[name=consent]").check()
    # Without the guardian: refused, with the message next to the field and the input kept.
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#guardian_name-error")).to_be_visible()
    expect(page.locator("[name=full_name]")).to_have_value("Aisyah Putri")
    assert_fits_360(page, "the registration form with errors")
    page.screenshot(path=str(SCREENS / "registration_child_errors.png"), full_page=True)
    page.fill("[name=guardian_name]", "Rahmawati")
    page.locator("[name=guardian_consent]").check()
    page.locator("[name=consent]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/t/[A-Za-z0-9_-]+$"))
    expect(page.locator("h1")).to_have_text("Aisyah Putri")
    assert phone.console_errors == []
