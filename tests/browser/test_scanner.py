"""The check-in desk on real phones (Chromium): a paired scanner phone reads a ticket through a
fake camera (green, then amber); staff scan three people with the network cut, reload, and the
three rows arrive once the network returns; a phone whose clock is an hour behind still records
the right time; a participant checks in from a session poster's link with the ticket cookie."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE_HEIGHT, PHONE_WIDTH
from tests.browser.fake_camera import write_qr_y4m
from tests.browser.test_event_flow import assert_fits_360
from workshop.extensions import db

SLUG = "bintek-kla-serang"
PASSWORD = "correct horse battery"
# A fixed ticket code, so the fake camera's video can be made before the browser starts.
CAMERA_TICKET = "camTicket-" + "A" * 22


@dataclass
class Desk:
    session_code: str
    session_id: int
    tickets: list[str]  # ticket codes, the first one is CAMERA_TICKET
    numbers: list[int]


def seed_desk(app, people: int = 4) -> Desk:
    """An event running today with a session open for check-in now, staff and a few people."""
    from zoneinfo import ZoneInfo

    from workshop.agenda import services as agenda_services
    from workshop.attendees import services as attendee_services
    from workshop.auth.services import create_user
    from workshop.events.services import add_member, create_event

    with app.app_context():
        organiser = create_user("panitia@serang.go.id", "Siti Panitia", PASSWORD)
        staff = create_user("staf@serang.go.id", "Budi Staf", PASSWORD)
        today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
        event = create_event(
            {
                "title": "Bintek KLA Kota Serang",
                "code": "BINTEK-KLA",
                "slug": SLUG,
                "description": "",
                "organiser": "Pemerintah Kota Serang",
                "organising_unit": "Bappeda",
                "venue": "Aula Bappeda",
                "city": "Kota Serang",
                "starts_on": today - timedelta(days=1),
                "ends_on": today + timedelta(days=1),
                "timezone": "Asia/Jakarta",
                "registration_opens_at": None,
                "registration_closes_at": None,
                "capacity": 80,
                "retention_months": 24,
                "privacy_contact": "kla@bappeda.serangkota.go.id",
                "status": "open",
            },
            organiser,
        )
        add_member(event, staff, "staff")
        local_now = datetime.now(ZoneInfo("Asia/Jakarta")).replace(tzinfo=None, second=0, microsecond=0)
        session, _ = agenda_services.create_session(
            event,
            {
                "title": "Konvensi Hak Anak",
                "kind": "materi",
                "starts_at": local_now - timedelta(minutes=10),
                "ends_at": local_now + timedelta(minutes=80),
                "room": "Aula",
                "is_for_everyone": True,
            },
            confirm_warnings=True,
        )
        tickets, numbers = [], []
        for n in range(people):
            person = attendee_services.create_attendee(
                event,
                {
                    "full_name": [
                        "Rina Lestari",
                        "Agus Salim",
                        "Dewi Sartika",
                        "Budi Santoso",
                        "Sri Wahyuni",
                    ][n],
                    "gender": "P" if n % 2 == 0 else "L",
                    "category": "non-ASN",
                    "position": "Staf",
                    "institution": [
                        "Dinas Kesehatan",
                        "Disdukcapil",
                        "Dinas Pendidikan",
                        "DP3AKB",
                        "Bappeda",
                    ][n],
                    "phone": f"0813-2222-{n:04d}",
                },
                confirm_warnings=True,
                consent_text="Saya menyetujui pemrosesan data pribadi saya.",
            )
            if n == 0:
                person.ticket_code = CAMERA_TICKET
            tickets.append(person.ticket_code)
            numbers.append(person.reg_number)
        db.session.commit()
        return Desk(session.code, session.id, tickets, numbers)


def rows(app) -> list:
    from workshop.checkin.models import CheckIn

    with app.app_context():
        found = db.session.execute(select(CheckIn).order_by(CheckIn.id)).scalars().all()
        db.session.expunge_all()
        return found


def sign_in(page, base, email="staf@serang.go.id"):
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "/login" not in url)


def wait_ready(page):
    page.wait_for_selector("#scanner[data-ready='1']")


# ---- the camera ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def camera_browser(playwright_driver, tmp_path_factory):
    """Chromium whose camera shows the QR of CAMERA_TICKET's ticket link."""
    video = write_qr_y4m(
        tmp_path_factory.mktemp("camera") / "ticket.y4m", f"https://bintek.example/t/{CAMERA_TICKET}"
    )
    browser = playwright_driver.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS
        + [
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        yield browser
    finally:
        browser.close()


def test_paired_phone_scans_a_ticket_with_the_camera_green_then_amber(live_server, camera_browser):
    from playwright.sync_api import expect

    from workshop.checkin import services

    seed_desk(live_server.app, people=1)
    with live_server.app.app_context():
        from workshop.events.models import Event

        event = db.session.execute(select(Event).where(Event.slug == SLUG)).scalar_one()
        _, code = services.create_pairing(event, "Pintu Aula 1")
        db.session.commit()
    context = camera_browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": PHONE_HEIGHT},
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
        permissions=["camera"],
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        # Pairing: the phone opens the organiser's pairing link and confirms.
        page.goto(f"{live_server.url}/pair/{code}")
        page.get_by_role("button", name="Pasangkan ponsel ini").click()
        page.wait_for_url(f"**/scan/{SLUG}")
        wait_ready(page)
        assert_fits_360(page, "the scanner page")
        result = page.locator("#scan-result")
        expect(result).to_have_attribute("data-status", "ok")
        expect(page.locator("#scan-result-name")).to_have_text("Rina Lestari")
        expect(result).to_have_class("scan-result scan-ok")
        # The QR stays in front of the camera: after the pause it is read again, amber.
        expect(result).to_have_attribute("data-status", "already_checked_in", timeout=15_000)
        expect(result).to_have_class("scan-result scan-warn")
        assert errors == []
    finally:
        context.close()
    found = rows(live_server.app)
    assert len(found) == 1
    assert found[0].method == "scan" and found[0].device_id is not None and found[0].by_user_id is None


# ---- offline ----------------------------------------------------------------------------------------


def test_three_offline_scans_survive_a_reload_and_arrive_once(live_server, phone):
    from playwright.sync_api import expect

    desk = seed_desk(live_server.app, people=4)
    page, base = phone, live_server.url
    sign_in(page, base)
    page.goto(f"{base}/scan/{SLUG}")
    wait_ready(page)
    # The first visit installs the service worker; the next one is served through it and cached.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    wait_ready(page)
    assert page.evaluate("!!navigator.serviceWorker.controller")

    page.context.set_offline(True)
    for ticket in desk.tickets[1:4]:
        page.fill("#scan-code", f"{base}/t/{ticket}")
        page.locator("#scan-typed button").click()
        expect(page.locator("#scan-result")).to_have_attribute("data-status", "queued")
    expect(page.locator("#scan-pending")).to_have_attribute("data-pending", "3")
    # A forged code is refused from the roster on the phone, and not queued.
    page.fill("#scan-code", "forged-code-that-is-on-no-ticket")
    page.locator("#scan-typed button").click()
    expect(page.locator("#scan-result")).to_have_attribute("data-status", "offline_unknown")
    assert rows(live_server.app) == []

    page.reload()  # offline: the service worker serves the page, IndexedDB keeps the scans
    wait_ready(page)
    expect(page.locator("#scan-pending")).to_have_attribute("data-pending", "3")
    # Signing out now would lose them: the phone asks first, and keeps them when told no.
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.locator("#scan-signout").click()
    page.wait_for_timeout(300)
    assert dialogs and "3" in dialogs[0]
    expect(page.locator("#scan-pending")).to_have_attribute("data-pending", "3")

    page.context.set_offline(False)
    expect(page.locator("#scan-pending")).to_have_attribute("data-pending", "0", timeout=15_000)
    found = rows(live_server.app)
    assert len(found) == 3
    with live_server.app.app_context():
        from workshop.attendees.models import Attendee

        scanned = set(
            db.session.execute(
                select(Attendee.id).where(Attendee.ticket_code.in_(desk.tickets[1:4]))
            ).scalars()
        )
    assert {r.attendee_id for r in found} == scanned
    assert {r.method for r in found} == {"manual"}
    page.reload()
    wait_ready(page)
    page.wait_for_timeout(500)
    assert len(rows(live_server.app)) == 3  # nothing sent twice
    # Requests that failed while the network was cut are the only console errors.
    assert [e for e in phone.console_errors if "ERR_INTERNET_DISCONNECTED" not in e] == []


def test_a_phone_clock_an_hour_behind_records_the_right_time(live_server, phone):
    from playwright.sync_api import expect

    desk = seed_desk(live_server.app, people=2)
    page, base = phone, live_server.url
    page.context.add_init_script(
        "(() => { const real = Date.now.bind(Date); Date.now = () => real() - 3600 * 1000; })();"
    )
    sign_in(page, base)
    page.goto(f"{base}/scan/{SLUG}")
    wait_ready(page)
    # Online: the scan goes at once with the phone's (wrong) clock.
    page.fill("#scan-code", desk.tickets[0])
    page.locator("#scan-typed button").click()
    expect(page.locator("#scan-result")).to_have_attribute("data-status", "ok")
    # Offline: queued with the wrong clock, sent later.
    page.context.set_offline(True)
    page.fill("#scan-code", desk.tickets[1])
    page.locator("#scan-typed button").click()
    expect(page.locator("#scan-result")).to_have_attribute("data-status", "queued")
    page.wait_for_timeout(1500)
    page.context.set_offline(False)
    expect(page.locator("#scan-pending")).to_have_attribute("data-pending", "0", timeout=15_000)
    now = datetime.now(UTC)
    found = rows(live_server.app)
    assert len(found) == 2
    for row in found:
        assert abs((row.scanned_at - now).total_seconds()) < 60, row.scanned_at


# ---- self check-in from a poster ------------------------------------------------------------------------


def test_participant_checks_in_from_the_poster_link_with_the_ticket_cookie(live_server, phone):
    from playwright.sync_api import expect

    desk = seed_desk(live_server.app, people=1)
    page, base = phone, live_server.url
    # Without the ticket on the phone: open the ticket first.
    page.goto(f"{base}/c/{desk.session_code}")
    expect(page.locator(".checkin-result h2")).to_have_text("Buka tautan tiket Anda terlebih dahulu")
    page.goto(f"{base}/t/{desk.tickets[0]}")  # the ticket link from WhatsApp: remembered in a cookie
    page.goto(f"{base}/c/{desk.session_code}")  # what the poster's QR opens
    assert_fits_360(page, "the self check-in page")
    page.get_by_role("button", name="Saya hadir: catat kehadiran saya").click()
    expect(page.locator(".checkin-result h2")).to_have_text("Kehadiran Anda tercatat")
    found = rows(live_server.app)
    assert len(found) == 1 and found[0].method == "self" and found[0].phone_key
    assert phone.console_errors == []


def test_staff_find_someone_without_a_phone_and_add_a_walk_in(live_server, phone):
    from playwright.sync_api import expect

    seed_desk(live_server.app, people=2)
    page, base = phone, live_server.url
    sign_in(page, base)
    page.goto(f"{base}/scan/{SLUG}")
    wait_ready(page)
    # Search by name (accents and case do not matter) and check in by hand.
    page.locator("summary", has_text="Cari dengan nama atau nomor").click()
    page.fill("#scan-search", "AGUS")
    page.locator("#scan-search-results button").first.click()
    expect(page.locator("#scan-result")).to_have_attribute("data-status", "ok")
    expect(page.locator("#scan-result-name")).to_have_text("Agus Salim")
    # A walk-in with a NIP that cannot be: the message sits next to the field, nobody is added.
    page.locator("summary", has_text="Tambah peserta di tempat").click()
    page.fill("#walk-in-full_name", "Ratna Sari, S.Sos.")
    page.select_option("#walk-in-gender", "P")
    page.select_option("#walk-in-category", "PNS")
    page.fill("#walk-in-nip", "12345")
    page.fill("#walk-in-institution", "Kecamatan Taktakan")
    page.locator("#walk-in-form button[type=submit]").click()
    expect(page.locator('[data-error-for="nip"]')).to_be_visible()
    page.select_option("#walk-in-category", "non-ASN")
    page.fill("#walk-in-nip", "")
    page.locator("#walk-in-form button[type=submit]").click()
    expect(page.locator("#scan-result")).to_have_attribute("data-status", "ok")
    expect(page.locator("#scan-result-detail")).to_contain_text("Ditambahkan di pintu")
    assert_fits_360(page, "the scanner with the walk-in form open")
    found = rows(live_server.app)
    assert len(found) == 2 and {r.method for r in found} == {"manual"}
    with live_server.app.app_context():
        from workshop.attendees.models import Attendee

        added = db.session.execute(select(Attendee).where(Attendee.source == "walk-in")).scalars().all()
        assert [a.full_name for a in added] == ["Ratna Sari, S.Sos."]
    assert [e for e in phone.console_errors if "422" not in e] == []

    # Signing out from another page wipes the roster kept on the phone.
    keys_js = """() => idbKeyval.keys().then((keys) => keys.filter((x) => String(x).startsWith("bintek:")))"""
    assert any(key.startswith("bintek:roster:") for key in page.evaluate(keys_js))
    page.goto(f"{base}/manage/events/{SLUG}/checkin")
    page.locator('form[action$="/logout"] button').click()
    page.wait_for_url(lambda url: "/checkin" not in url)
    assert page.evaluate(keys_js) == []
