"""On a 360 px phone: the public verification page of a certificate, and the organiser's
"download all" with its progress bar, in real Chromium (CSP on, no inline script)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.browser.test_event_flow import assert_fits_360
from tests.conftest import PASSWORD
from workshop.extensions import db

SCREENS = Path("/tmp/screens")


def seed(app) -> dict:
    from tests.certificates.conftest import build_setup
    from workshop.auth.services import set_password
    from workshop.certificates import services

    with app.test_request_context():
        built = build_setup()
        set_password(built["organiser"], PASSWORD)
        issued = services.issue_due(built["event"], force=True)
        db.session.commit()
        return {
            "slug": built["event"].slug,
            "email": built["organiser"].email,
            "code": next(c.code for c in issued if c.attendee_id == built["ani"].id),
        }


def test_verification_page_on_a_phone(live_server, phone):
    from playwright.sync_api import expect

    seeded = seed(live_server.app)
    page = phone
    page.goto(f"{live_server.url}/v/{seeded['code']}")
    expect(page.locator("#verify-status")).to_have_text("Sah")
    expect(page.locator("#verify-name")).to_have_text("Ani Suryani, S.Sos.")
    assert "19860926" not in page.content()
    assert_fits_360(page, "the verification page")
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / "certificate-verify-360.png"), full_page=True)
    assert phone.console_errors == []


def test_download_all_shows_progress_then_the_zip(live_server, phone):
    from playwright.sync_api import expect

    seeded = seed(live_server.app)
    page, base = phone, live_server.url
    page.goto(f"{base}/login")
    page.fill("[name=email]", seeded["email"])
    page.fill("[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/manage/$"))
    page.goto(f"{base}/manage/events/{seeded['slug']}/certificates/")
    assert_fits_360(page, "the certificates page")
    page.get_by_role("button", name="Unduh semua (ZIP)").click()
    page.wait_for_url(re.compile(r"/jobs/"))
    expect(page.locator("#job-download")).to_be_visible()
    expect(page.locator("#job-state")).to_have_text("Siap.")
    assert page.locator("#job-progress").get_attribute("value") == page.locator(
        "#job-progress"
    ).get_attribute("max")
    with page.expect_download() as download:
        page.locator("#job-download").click()
    assert download.value.suggested_filename == f"sertifikat-{seeded['slug']}.zip"
    assert_fits_360(page, "the job page")
    assert phone.console_errors == []
