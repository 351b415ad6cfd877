"""A staff member writes the minutes of a session on a phone: saved as typed; a field typed with
the network cut stays on the phone and is saved when the network is back."""

from __future__ import annotations

from datetime import date, datetime, time

from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.test_rtl import PASSWORD, sign_in
from tests.conftest import make_event
from workshop.extensions import db


def setup_event(app) -> str:
    from workshop.agenda.services import create_session
    from workshop.auth.services import create_user
    from workshop.events.services import add_member

    with app.app_context():
        organiser = create_user("panitia@serang.go.id", "Siti Panitia", PASSWORD)
        today = date.today()
        event = make_event(organiser, slug="kla-serang")
        add_member(event, create_user("budi@serang.go.id", "Budi Notulis", PASSWORD), "staff")
        session, _ = create_session(
            event,
            {
                "title": "Pleno RTL",
                "kind": "pleno",
                "room": "",
                "starts_at": datetime.combine(today, time(8)),
                "ends_at": datetime.combine(today, time(9)),
                "speaker_ids": [],
                "moderator_id": None,
                "is_for_everyone": True,
                "group_ids": [],
            },
            confirm_warnings=True,
        )
        db.session.commit()
        return f"/manage/events/{event.slug}/minutes/{session.id}"


def stored(app) -> tuple[str, str, str]:
    from workshop.minutes.models import SessionMinutes

    with app.app_context():
        row = db.session.execute(select(SessionMinutes)).scalar_one_or_none()
        result = (row.summary, row.conclusions, row.notulis_name) if row else ("", "", "")
        db.session.remove()
        return result


def test_minutes_are_saved_as_typed_and_after_a_cut(live_server, phone):
    base = live_server.url
    path = setup_event(live_server.app)
    sign_in(phone, base, "budi@serang.go.id")
    phone.goto(base + path)
    state = phone.locator("#minutes-status")
    phone.fill("#summary", "Lima klaster mempresentasikan RTL.")
    expect(state).to_have_attribute("data-state", "saved")
    assert stored(live_server.app)[0] == "Lima klaster mempresentasikan RTL."

    phone.context.set_offline(True)
    phone.fill("#conclusions", "RTL diterima dengan perbaikan.")
    expect(state).to_have_attribute("data-state", "offline")
    assert stored(live_server.app)[1] == ""
    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    expect(state).to_have_attribute("data-state", "saved")
    assert stored(live_server.app) == (
        "Lima klaster mempresentasikan RTL.",
        "RTL diterima dengan perbaikan.",
        "Budi Notulis",
    )
    assert [e for e in phone.console_errors if "ERR_INTERNET_DISCONNECTED" not in e] == []
