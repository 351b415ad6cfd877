"""The scanner at parallel rooms (issue 15), on a 360 px phone: a participant scanned into
another group's breakout gets a warning naming their own group and is recorded only after a
second, deliberate tap (flagged, and listed on the dashboard); a session that has not opened yet
says when it opens instead of "closed"; times are the event's (Jakarta) on a phone set to New
York; a paired phone shows the event's title and no "Masuk" link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import PHONE_HEIGHT, PHONE_WIDTH
from tests.browser.test_event_flow import assert_fits_360
from tests.browser.test_scanner import SLUG, rows, seed_desk, sign_in, wait_ready
from workshop.extensions import db

JAKARTA = ZoneInfo("Asia/Jakarta")


@dataclass
class Rooms:
    klaster_1: str  # code of Klaster I's breakout, open now
    klaster_2: str  # Klaster II's, open now
    later: str  # starts in an hour: check-in opens in 30 minutes
    soon: str  # starts in 20 minutes: check-in opened 10 minutes ago
    later_opens: datetime
    tickets: list[str]  # the first person is in Klaster II


def seed_rooms(app) -> Rooms:
    from workshop.agenda import services as agenda_services
    from workshop.attendees.models import Attendee
    from workshop.events.models import Event
    from workshop.groups import services as group_services

    desk = seed_desk(app, people=3)
    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == SLUG)).scalar_one()
        groups = group_services.create_default_groups(event)
        people = db.session.execute(select(Attendee).order_by(Attendee.reg_number)).scalars().all()
        group_services.move_attendees(event, [people[0].id], groups[1])
        group_services.move_attendees(event, [people[1].id], groups[0])
        local_now = datetime.now(JAKARTA).replace(tzinfo=None, second=0, microsecond=0)

        def add(title, start, minutes, group=None, kind="materi"):
            session, _ = agenda_services.create_session(
                event,
                {
                    "title": title,
                    "kind": kind,
                    "starts_at": local_now + start,
                    "ends_at": local_now + start + timedelta(minutes=minutes),
                    "room": "Ruang",
                    "is_for_everyone": group is None,
                    "group_ids": [group.id] if group else [],
                },
                confirm_warnings=True,
            )
            return session

        k1 = add("Diskusi kelompok", timedelta(minutes=-5), 90, groups[0], "diskusi_kelompok")
        k2 = add("Diskusi kelompok", timedelta(minutes=-5), 90, groups[1], "diskusi_kelompok")
        later = add("Pleno hasil diskusi", timedelta(minutes=60), 60)
        soon = add("Penyusunan RTL bersama", timedelta(minutes=20), 60)
        db.session.commit()
        return Rooms(k1.code, k2.code, later.code, soon.code, later.checkin_window[0], desk.tickets)


def scan(page, ticket: str) -> None:
    page.fill("#scan-code", ticket)
    page.locator("#scan-typed button").click()


def test_another_groups_breakout_warns_and_a_second_tap_records_it_flagged(live_server, phone, tmp_path):
    rooms = seed_rooms(live_server.app)
    page, base = phone, live_server.url
    sign_in(page, base)
    page.goto(f"{base}/scan/{SLUG}")
    wait_ready(page)
    # The picker names each breakout's group first: five parallel rooms do not look alike.
    labels = page.locator("#scan-session option").all_inner_texts()
    assert any(label.startswith("Klaster I ·") for label in labels), labels
    assert any(label.startswith("Klaster II ·") for label in labels), labels
    page.select_option("#scan-session", rooms.klaster_1)
    expect(page.locator("#scan-session-label")).to_contain_text("Klaster I · ")
    assert_fits_360(page, "the scanner with its session picker")

    scan(page, rooms.tickets[0])
    result = page.locator("#scan-result")
    expect(result).to_have_attribute("data-status", "wrong_group")
    expect(page.locator("#scan-result-title")).to_have_text("Ruang kelompok lain")
    expect(page.locator("#scan-result-name")).to_have_text("Rina Lestari")
    expect(page.locator("#scan-result-detail")).to_contain_text("Kelompoknya: Klaster II")
    expect(page.locator("#scan-result-detail")).to_contain_text("Ruang ini: Klaster I")
    expect(result).to_have_class("scan-result scan-warn")
    confirm = page.locator("#scan-confirm")
    expect(confirm).to_be_visible()
    expect(confirm).to_have_text("Ya, tetap catat hadir di sini")
    assert_fits_360(page, "the wrong-group warning")
    page.screenshot(path=str(tmp_path / "wrong-group.png"))
    assert rows(live_server.app) == []  # nothing written before the second tap

    confirm.click()
    expect(result).to_have_attribute("data-status", "ok")
    expect(result).to_have_attribute("data-flagged", "1")
    expect(page.locator("#scan-result-detail")).to_contain_text("ditandai untuk diperiksa")
    expect(confirm).to_be_hidden()
    found = rows(live_server.app)
    assert [(r.wrong_group, r.method) for r in found] == [(True, "manual")]

    # A member of the room's own group: no question.
    scan(page, rooms.tickets[1])
    expect(result).to_have_attribute("data-status", "ok")
    expect(result).to_have_attribute("data-flagged", "")
    expect(confirm).to_be_hidden()

    # The live dashboard lists the flagged check-in for review.
    page.goto(f"{base}/manage/events/{SLUG}/checkin")
    review = page.locator("#wrong-group")
    expect(review).to_contain_text("Rina Lestari")
    expect(review).to_contain_text("Klaster II")
    assert_fits_360(page, "the dashboard with the review list")
    assert phone.console_errors == []


def test_a_session_not_open_yet_says_when_it_opens_in_the_events_time(live_server, browser):
    """The phone is set to New York; every time it shows is Jakarta's."""
    rooms = seed_rooms(live_server.app)
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": PHONE_HEIGHT},
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
        timezone_id="America/New_York",
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = live_server.url
    try:
        assert page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == "America/New_York"
        sign_in(page, base)
        page.goto(f"{base}/scan/{SLUG}")
        wait_ready(page)
        opens = rooms.later_opens.astimezone(JAKARTA).strftime("%H.%M")
        page.select_option("#scan-session", rooms.later)
        expect(page.locator("#scan-window")).to_have_text(f"Dibuka pukul {opens}")
        scan(page, rooms.tickets[2])
        expect(page.locator("#scan-result")).to_have_attribute("data-status", "outside_window")
        expect(page.locator("#scan-result-title")).to_have_text(f"Dibuka pukul {opens}")
        expect(page.locator("#scan-result")).to_have_class("scan-result scan-warn")
        assert "ditutup" not in page.locator("#scan-result").inner_text()

        # Between its open time and its start: open, and the scan is recorded.
        page.select_option("#scan-session", rooms.soon)
        expect(page.locator("#scan-window")).to_contain_text("Terbuka sampai pukul")
        scan(page, rooms.tickets[2])
        expect(page.locator("#scan-result")).to_have_attribute("data-status", "ok")
        (row,) = rows(live_server.app)
        at = row.scanned_at.replace(tzinfo=UTC).astimezone(JAKARTA).strftime("%H.%M")
        scan(page, rooms.tickets[2])
        expect(page.locator("#scan-result-title")).to_have_text(f"Sudah tercatat hadir pukul {at}")

        # Self check-in on the same phone: the time it was recorded, in Jakarta's time.
        page.goto(f"{base}/t/{rooms.tickets[2]}")
        with live_server.app.app_context():
            from workshop.agenda.models import AgendaSession

            code = db.session.execute(
                select(AgendaSession.code).where(AgendaSession.code == rooms.soon)
            ).scalar_one()
        page.goto(f"{base}/c/{code}")
        expect(page.locator(".checkin-result")).to_contain_text(at.replace(".", ":") + " WIB")
        assert errors == []
    finally:
        context.close()


def test_a_paired_phone_shows_the_event_and_no_sign_in_link(live_server, phone):
    from workshop.checkin import services
    from workshop.events.models import Event

    seed_desk(live_server.app, people=1)
    with live_server.app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == SLUG)).scalar_one()
        _, code = services.create_pairing(event, "Pintu Aula 2")
        db.session.commit()
    page, base = phone, live_server.url
    page.goto(f"{base}/pair/{code}")
    expect(page.get_by_role("link", name="Masuk", exact=True)).to_have_count(0)
    page.get_by_role("button", name="Pasangkan ponsel ini").click()
    page.wait_for_url(f"**/scan/{SLUG}")
    wait_ready(page)
    expect(page.locator(".scan-head h1")).to_have_text("Bintek KLA Kota Serang")
    expect(page.get_by_role("link", name="Masuk", exact=True)).to_have_count(0)
    assert_fits_360(page, "the paired scanner")
    assert phone.console_errors == []
