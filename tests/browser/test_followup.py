"""A focal person fills in a row on a 360 px phone through the agency's link: one field online,
then the connection drops while they type the rest, then it comes back: the database has it all,
with the name they gave."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.followup.helpers import followed_event
from workshop.extensions import db
from workshop.followup.models import FollowupReport

ACTIVITY = "Sosialisasi akta kelahiran"


def test_a_row_is_filled_on_a_phone_offline_and_back(live_server, phone):
    followed = followed_event(live_server.app)
    report_id = followed.reports[ACTIVITY]
    phone.goto(f"{live_server.url}/f/{followed.token}")
    expect(phone.get_by_text(ACTIVITY)).to_be_visible()
    # Nothing wider than the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.fill("#reporter-name", "Rina Marlina")
    phone.fill("#reporter-phone", "0812-3456-7890")
    row = phone.locator(f"#report-{report_id}")
    row.locator('[data-field="status"]').select_option("in_progress")
    state = phone.locator("#save-state")
    expect(state).to_have_attribute("data-state", "saved", timeout=10_000)

    phone.context.set_offline(True)
    row.locator('[data-field="realisation_pct"]').fill("60")
    row.locator('[data-field="budget_realised"]').fill("4.500.000")
    row.locator('[data-field="note"]').fill("Tahap kedua bulan depan")
    expect(state).to_have_attribute("data-state", "offline", timeout=10_000)
    with live_server.app.app_context():
        assert db.session.get(FollowupReport, report_id).realisation_pct is None

    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    expect(state).to_have_attribute("data-state", "saved", timeout=15_000)
    with live_server.app.app_context():
        saved = db.session.get(FollowupReport, report_id)
        assert (saved.status, saved.realisation_pct, saved.budget_realised, saved.note) == (
            "in_progress",
            60,
            4_500_000,
            "Tahap kedua bulan depan",
        )
        assert saved.reporter_name == "Rina Marlina"
    assert phone.console_errors == []
