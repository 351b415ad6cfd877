"""The demo event's first day has realistic attendance; seeding twice changes nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from workshop.agenda.services import agenda_for, local_day
from workshop.attendees.models import Attendee
from workshop.checkin.models import CheckIn
from workshop.demo import seed_demo
from workshop.demo.checkin import seed_attendance


def test_first_day_sessions_have_about_85_percent_attendance(ctx):
    event, _ = seed_demo(today=date(2026, 11, 18))
    rows = ctx.execute(select(CheckIn).where(CheckIn.event_id == event.id)).scalars().all()
    assert rows
    people = (
        ctx.execute(select(Attendee).where(Attendee.event_id == event.id, Attendee.status == "registered"))
        .scalars()
        .all()
    )
    for session in agenda_for(event):
        mine = [r for r in rows if r.agenda_session_id == session.id and not r.wrong_group]
        if local_day(event, session.starts_at) != event.starts_on or not session.requires_checkin:
            assert mine == []
            continue
        expected = sum(1 for p in people if session.applies_to(p))
        assert 0.7 * expected <= len(mine) <= expected
        opens, closes = session.checkin_window
        assert all(opens <= r.scanned_at <= closes for r in mine)
    methods = {r.method for r in rows}
    assert "scan" in methods and methods <= {"scan", "manual", "paper", "self"}
    assert sum(r.method == "scan" for r in rows) > 0.8 * len(rows)

    # What the check-in pages flag: a walk-in, one phone used for two people, a rotating screen.
    from workshop.agenda.models import AgendaSession
    from workshop.checkin import services

    walk_in = ctx.execute(select(Attendee).where(Attendee.source == "walk-in")).scalar_one()
    assert any(r.attendee_id == walk_in.id and r.method == "manual" for r in rows)
    flagged = services.shared_phones(event)
    assert len(flagged) == 1 and len(flagged[0][1]) == 2
    assert ctx.execute(
        select(AgendaSession.kind).where(AgendaSession.self_checkin == "rotating")
    ).scalars().all() == ["pleno"]

    # One participant confirmed at another group's breakout, listed for review.
    (confirmed,) = services.wrong_group_checkins(event)
    assert confirmed.attendee.group_id not in {g.id for g in confirmed.agenda_session.groups}
    assert not confirmed.agenda_session.is_for_everyone and confirmed.attendee.role == "peserta"

    assert seed_attendance(event) == 0
    seed_demo(today=date(2026, 11, 18))
    assert ctx.execute(
        select(func.count(CheckIn.id)).where(CheckIn.event_id == event.id)
    ).scalar_one() == len(rows)
