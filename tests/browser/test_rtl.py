"""A facilitator on a tablet records RTL rows: one saved online, one typed with the network cut,
the page reloaded, both saved. A second facilitator editing the same field sees the conflict view."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from workshop.extensions import db

PASSWORD = "correct horse battery"
TABLET = {"width": 768, "height": 1024}


def setup_event(app) -> tuple[str, int]:
    from workshop.auth.services import create_user
    from workshop.events.services import add_member, create_event
    from workshop.groups import services

    with app.app_context():
        organiser = create_user("panitia@serang.go.id", "Siti Panitia", PASSWORD)
        today = date.today()
        event = create_event(
            {
                "title": "Bintek KLA",
                "code": "BINTEK-KLA",
                "slug": "kla-serang",
                "description": "",
                "organiser": "Pemerintah Kota Serang",
                "organising_unit": "Bappeda",
                "venue": "",
                "city": "Kota Serang",
                "starts_on": today,
                "ends_on": today + timedelta(days=1),
                "timezone": "Asia/Jakarta",
                "registration_opens_at": None,
                "registration_closes_at": None,
                "capacity": None,
                "retention_months": 24,
                "privacy_contact": "Sekretariat, kla@example.go.id",
                "status": "open",
            },
            organiser,
        )
        group = services.create_default_groups(event)[0]
        for email, name in (
            ("dewi@serang.go.id", "Dewi Fasilitator"),
            ("rudi@serang.go.id", "Rudi Fasilitator"),
        ):
            user = create_user(email, name, PASSWORD)
            add_member(event, user, "facilitator")
            services.assign_facilitator(group, user)
        db.session.commit()
        return f"/manage/events/{event.slug}/groups/{group.id}/", group.id


def tablet(browser):
    context = browser.new_context(viewport=TABLET, locale="id-ID", has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    return context, page


def sign_in(page, base, email):
    page.goto(f"{base}/login")
    page.fill("[name=email]", email)
    page.fill("[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/manage/$"))


def stored_rows(app, group_id):
    from workshop.groups.models import RtlRow

    with app.app_context():
        rows = (
            db.session.execute(
                select(RtlRow)
                .where(RtlRow.group_id == group_id, RtlRow.deleted_at.is_(None))
                .order_by(RtlRow.position)
            )
            .scalars()
            .all()
        )
        result = [(r.activity, r.budget) for r in rows]
        db.session.remove()
        return result


def test_rows_survive_a_cut_network_and_a_second_editor_sees_the_conflict(live_server, browser):
    base = live_server.url
    path, group_id = setup_event(live_server.app)
    context, page = tablet(browser)
    state = page.locator("#save-state")
    try:
        sign_in(page, base, "dewi@serang.go.id")
        page.goto(base + path)
        expect(state).to_have_attribute("data-state", "saved")

        # Row 1, online.
        page.locator("#rtl-add").click()
        first = page.locator(".rtl-row").nth(0)
        first.locator("[data-field=activity]").fill("Sosialisasi pentingnya akta kelahiran di 6 kecamatan")
        first.locator("[data-field=budget]").fill("15.000.000")
        expect(state).to_have_attribute("data-state", "saved")
        assert stored_rows(live_server.app, group_id) == [
            ("Sosialisasi pentingnya akta kelahiran di 6 kecamatan", 15_000_000)
        ]

        # Row 2 with the network cut: kept in the browser, not yet on the server.
        context.set_offline(True)
        page.locator("#rtl-add").click()
        second = page.locator(".rtl-row").nth(1)
        second.locator("[data-field=activity]").fill("Pelayanan akta kelahiran keliling")
        second.locator("[data-field=responsible]").fill("Disdukcapil")
        expect(state).to_have_attribute("data-state", "offline")
        assert len(stored_rows(live_server.app, group_id)) == 1

        # Network back, page reloaded: both rows saved.
        context.set_offline(False)
        page.reload()
        expect(state).to_have_attribute("data-state", "saved")
        expect(page.locator(".rtl-row")).to_have_count(2)
        expect(page.locator(".rtl-row").nth(1).locator("[data-field=activity]")).to_have_value(
            "Pelayanan akta kelahiran keliling"
        )
        expect(page.locator(".rtl-row").nth(0).locator("[data-field=budget]")).to_have_value("Rp 15.000.000")
        assert [a for a, _ in stored_rows(live_server.app, group_id)] == [
            "Sosialisasi pentingnya akta kelahiran di 6 kecamatan",
            "Pelayanan akta kelahiran keliling",
        ]

        # A second facilitator opens the page, then both change the same field.
        other_context, other = tablet(browser)
        try:
            sign_in(other, base, "rudi@serang.go.id")
            other.goto(base + path)
            other_state = other.locator("#save-state")
            expect(other_state).to_have_attribute("data-state", "saved")
            expect(other.locator(".rtl-row")).to_have_count(2)

            page.locator(".rtl-row").nth(0).locator("[data-field=activity]").fill(
                "Sosialisasi akta kelahiran di 8 kecamatan"
            )
            expect(state).to_have_attribute("data-state", "saved")

            other.locator(".rtl-row").nth(0).locator("[data-field=activity]").fill(
                "Sosialisasi akta kelahiran di 4 kecamatan"
            )
            expect(other_state).to_have_attribute("data-state", "conflict")
            conflict = other.locator(".rtl-row").nth(0).locator(".rtl-conflict")
            expect(conflict).to_be_visible()
            expect(conflict.locator(".conflict-mine")).to_contain_text("di 4 kecamatan")
            expect(conflict.locator(".conflict-theirs")).to_contain_text("di 8 kecamatan")
            assert stored_rows(live_server.app, group_id)[0][0] == "Sosialisasi akta kelahiran di 8 kecamatan"

            # Choosing theirs settles it; nothing else is lost.
            conflict.locator(".conflict-take-theirs").click()
            expect(other_state).to_have_attribute("data-state", "saved")
            expect(other.locator(".rtl-row").nth(0).locator("[data-field=activity]")).to_have_value(
                "Sosialisasi akta kelahiran di 8 kecamatan"
            )
            assert other.errors == [] and page.errors == []
        finally:
            other_context.close()
    finally:
        context.close()


def test_the_group_pages_fit_a_phone(live_server, phone):
    from tests.browser.test_event_flow import assert_fits_360

    base = live_server.url
    path, group_id = setup_event(live_server.app)
    sign_in(phone, base, "dewi@serang.go.id")
    phone.goto(base + path)
    expect(phone.locator("#save-state")).to_have_attribute("data-state", "saved")
    phone.locator("#rtl-add").click()
    phone.locator(".rtl-row [data-field=activity]").fill("Sosialisasi akta kelahiran")
    expect(phone.locator("#save-state")).to_have_attribute("data-state", "saved")
    assert_fits_360(phone, "the facilitator's group page")

    # Reorder and delete.
    phone.locator("#rtl-add").click()
    phone.locator(".rtl-row").nth(1).locator("[data-field=activity]").fill("Pelayanan akta keliling")
    expect(phone.locator("#save-state")).to_have_attribute("data-state", "saved")
    phone.locator(".rtl-row").nth(1).locator("[data-action=up]").click()
    expect(phone.locator("#save-state")).to_have_attribute("data-state", "saved")
    assert [a for a, _ in stored_rows(live_server.app, group_id)] == [
        "Pelayanan akta keliling",
        "Sosialisasi akta kelahiran",
    ]
    phone.on("dialog", lambda dialog: dialog.accept())
    phone.locator(".rtl-row").nth(1).locator("[data-action=delete]").click()
    expect(phone.locator(".rtl-row")).to_have_count(1)
    expect(phone.locator("#save-state")).to_have_attribute("data-state", "saved")
    phone.reload()
    expect(phone.locator(".rtl-row")).to_have_count(1)
    assert [a for a, _ in stored_rows(live_server.app, group_id)] == ["Pelayanan akta keliling"]
    phone.goto(base + path + "plenary")
    expect(phone.locator("h1")).to_contain_text("Klaster I")
    phone.context.clear_cookies()
    sign_in(phone, base, "panitia@serang.go.id")
    for page in ("", "members", "suggestion"):
        phone.goto(f"{base}/manage/events/kla-serang/groups/{page}")
        assert_fits_360(phone, f"the groups page /{page}")
    assert phone.console_errors == []
