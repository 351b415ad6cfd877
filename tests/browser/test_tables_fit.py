"""Every table on the organiser's and the participant's pages fits a 360 px phone (issue 15):
stacked as cards, or scrolling inside its own box, never pushing the page sideways. Read on the
demo event, with its longest names; screenshots go to $BINTEK_SCREENSHOTS when it is set."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

from tests.browser.test_event_flow import OVERFLOW_JS, assert_fits_360
from workshop.extensions import db

TABLE_JS = """() => [...document.querySelectorAll('table')].map(t => {
  let box = t.parentElement;
  while (box && getComputedStyle(box).overflowX === 'visible' && box !== document.body) box = box.parentElement;
  const r = t.getBoundingClientRect();
  return {cls: t.className, right: Math.round(r.right), width: Math.round(r.width),
          boxScrolls: !!box && ['auto', 'scroll'].includes(getComputedStyle(box).overflowX),
          boxRight: box ? Math.round(box.getBoundingClientRect().right) : null};
})"""


def seed(app) -> tuple[str, str, str]:
    from workshop.attendees.models import Attendee
    from workshop.core.audit import acting_as
    from workshop.demo import seed_demo
    from workshop.demo.groups import seed_group_work
    from workshop.lifecycle.services import DELETION_REASON

    with app.app_context(), acting_as("seed-demo"):
        event, password = seed_demo(today=date(2026, 11, 18))
        seed_group_work(event)
        db.session.commit()
        people = db.session.query(Attendee).filter_by(event_id=event.id).order_by(Attendee.id).all()
        # The longest name asks for their data to be deleted: the "Data pribadi" table has a row.
        longest = max(people, key=lambda a: len(a.full_name))
        longest.status, longest.cancel_reason = "cancelled", DELETION_REASON
        longest.cancelled_at = datetime(2026, 11, 19, 3, 0, tzinfo=UTC)
        db.session.commit()
        return event.slug, password, people[0].ticket_code


def test_every_table_fits_a_phone(live_server, phone):
    from workshop.demo import ORGANISER_EMAIL

    slug, password, ticket = seed(live_server.app)
    url = live_server.url
    phone.goto(f"{url}/login")
    phone.fill("input[name=email]", ORGANISER_EMAIL)
    phone.fill("input[name=password]", password)
    phone.locator("form button[type=submit]").last.click()
    phone.wait_for_url(lambda u: "/login" not in u)
    shots = os.environ.get("BINTEK_SCREENSHOTS")
    pages = {
        "attendees": f"/manage/events/{slug}/attendees",
        "institutions": f"/manage/events/{slug}/attendees/institutions",
        "certificates": f"/manage/events/{slug}/certificates/",
        "team": f"/manage/events/{slug}/team",
        "audit": f"/manage/events/{slug}/audit",
        "personal-data": f"/manage/events/{slug}/personal-data",
        "groups": f"/manage/events/{slug}/groups/",
        "checkin-dashboard": f"/manage/events/{slug}/checkin",
        "ticket": f"/t/{ticket}",
    }
    problems = []
    for name, path in pages.items():
        response = phone.goto(url + path)
        assert response.status == 200, (name, response.status)
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            phone.screenshot(path=f"{shots}/{name}.png", timeout=60_000)
        overflow = phone.evaluate(OVERFLOW_JS)
        if overflow["scrollWidth"] > 360:
            problems.append(f"{name}: the page scrolls sideways ({overflow['wide']})")
        for table in phone.evaluate(TABLE_JS):
            if table["right"] > 360 and not (table["boxScrolls"] and table["boxRight"] <= 360):
                problems.append(f"{name}: table {table['cls']!r} is cut off at {table['right']} px")
    assert not problems, "\n".join(problems)
    assert_fits_360(phone, "the last page")
