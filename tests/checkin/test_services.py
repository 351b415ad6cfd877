"""The check-in rules, without the web layer (DESIGN.md §4 "Check-in protocol")."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.checkin.conftest import DURING, START, add_session, checkin_event, other_person, scan_id
from tests.conftest import make_attendee, make_user
from workshop.checkin import services
from workshop.checkin.models import CheckIn, CheckInVoid


def count(db) -> int:
    return db.execute(select(func.count(CheckIn.id))).scalar_one()


def scan(event, code, session, sid=None, **kwargs):
    kwargs.setdefault("now", DURING)
    return services.check_in(
        event,
        code,
        session.code,
        sid or scan_id(),
        kwargs.pop("scanned_at", None),
        kwargs.pop("sent_at", None),
        kwargs.pop("method", "scan"),
        **kwargs,
    )


def test_a_scan_checks_the_person_in(ctx, event, session, person):
    result = scan(event, person.ticket_code, session)
    assert result.status == "ok"
    assert result.attendee.id == person.id
    assert result.checked_in_at == DURING
    row = ctx.execute(select(CheckIn)).scalar_one()
    assert (row.attendee_id, row.agenda_session_id, row.method) == (person.id, session.id, "scan")


@pytest.mark.parametrize(
    "text",
    [
        "https://bintek.example.go.id/t/{code}",
        "  {code}\n",
        "http://localhost/t/{code}/",
        "/t/{code}?x=1",
    ],
)
def test_a_ticket_url_or_a_bare_code_both_work(ctx, event, session, person, text):
    assert scan(event, text.format(code=person.ticket_code), session).status == "ok"


def test_unknown_code_is_invalid(ctx, event, session, person):
    assert scan(event, "not-a-ticket", session).status == "invalid"
    assert scan(event, "", session).status == "invalid"
    assert scan(event, None, session).status == "invalid"
    assert count(ctx) == 0


def test_bad_fields_are_invalid(ctx, event, session, person):
    assert (
        services.check_in(event, person.ticket_code, session.code, "not-a-uuid", now=DURING).status
        == "invalid"
    )
    assert (
        services.check_in(
            event, person.ticket_code, session.code, scan_id(), method="teleport", now=DURING
        ).status
        == "invalid"
    )
    assert scan(event, person.ticket_code, session, scanned_at="yesterday-ish").status == "invalid"
    assert count(ctx) == 0


def test_a_ticket_of_another_event_is_wrong_event(ctx, organiser, event, session):
    other = checkin_event(organiser, slug="kla-lebak")
    stranger = make_attendee(other, full_name="Rina Lestari", gender="P", nip="19900101 201801 2 003")
    result = scan(event, stranger.ticket_code, session)
    assert result.status == "wrong_event"
    assert count(ctx) == 0


def test_cancelled_and_replaced_people_are_refused(ctx, event, session, person):
    person.status = "cancelled"
    assert scan(event, person.ticket_code, session).status == "cancelled"
    person.status = "replaced"
    assert scan(event, person.ticket_code, session).status == "cancelled"
    assert count(ctx) == 0


def test_unknown_session_or_one_of_another_event(ctx, organiser, event, session, person):
    assert (
        services.check_in(event, person.ticket_code, "NOPE", scan_id(), now=DURING).status
        == "unknown_session"
    )
    other = checkin_event(organiser, slug="kla-lebak")
    foreign = add_session(other, title="Sesi Lebak")
    assert scan(event, person.ticket_code, foreign).status == "unknown_session"
    assert count(ctx) == 0


def test_the_same_scan_id_twice_is_a_duplicate_with_the_original_time(ctx, event, session, person):
    sid = scan_id()
    first = scan(event, person.ticket_code, session, sid)
    again = scan(event, person.ticket_code, session, sid, now=DURING + timedelta(minutes=5))
    assert (first.status, again.status) == ("ok", "duplicate_scan")
    assert again.checked_in_at == first.checked_in_at == DURING
    assert count(ctx) == 1


def test_a_second_scan_is_already_checked_in_with_the_first_time(ctx, event, session, person):
    scan(event, person.ticket_code, session)
    later = scan(event, person.ticket_code, session, now=DURING + timedelta(minutes=7))
    assert later.status == "already_checked_in"
    assert later.checked_in_at == DURING
    assert count(ctx) == 1


def test_a_phone_clock_an_hour_behind_is_corrected(ctx, event, session, person):
    # The phone scanned 5 minutes ago by its own clock, which runs an hour slow.
    phone_now = DURING - timedelta(hours=1)
    result = scan(
        event,
        person.ticket_code,
        session,
        scanned_at=(phone_now - timedelta(minutes=5)).isoformat(),
        sent_at=phone_now.isoformat(),
    )
    assert result.status == "ok"
    assert result.checked_in_at == DURING - timedelta(minutes=5)


def test_a_scan_time_in_the_future_is_clock_skew(ctx, event, session, person):
    result = scan(event, person.ticket_code, session, scanned_at=(DURING + timedelta(minutes=10)).isoformat())
    assert result.status == "clock_skew"
    # Within the two-minute tolerance it is fine.
    assert (
        scan(
            event, person.ticket_code, session, scanned_at=(DURING + timedelta(minutes=1)).isoformat()
        ).status
        == "ok"
    )


def test_offline_scans_are_judged_at_their_scan_time(ctx, event, session, person):
    late_arrival = START + timedelta(hours=5)  # long after the session ended
    ok = scan(
        event,
        person.ticket_code,
        session,
        scanned_at=(START + timedelta(minutes=3)).isoformat(),
        now=late_arrival,
    )
    assert ok.status == "ok"
    assert ok.checked_in_at == START + timedelta(minutes=3)
    second = other_person(event)
    too_early = scan(
        event,
        second.ticket_code,
        session,
        scanned_at=(START - timedelta(minutes=45)).isoformat(),
        now=late_arrival,
    )
    assert too_early.status == "outside_window"
    assert scan(event, second.ticket_code, session, now=late_arrival).status == "outside_window"


def test_self_check_in_ignores_the_phone_clock(ctx, event, session, person):
    result = scan(
        event,
        person.ticket_code,
        session,
        method="self",
        trust_client_time=False,
        scanned_at=(START - timedelta(hours=3)).isoformat(),
    )
    assert result.status == "ok"
    assert result.checked_in_at == DURING


def test_the_earliest_of_two_offline_scans_wins(ctx, event, session, person):
    now = START + timedelta(hours=2)
    first_sent = scan(
        event, person.ticket_code, session, scanned_at=(START + timedelta(minutes=20)).isoformat(), now=now
    )
    earlier = scan(
        event, person.ticket_code, session, scanned_at=(START + timedelta(minutes=2)).isoformat(), now=now
    )
    assert (first_sent.status, earlier.status) == ("ok", "already_checked_in")
    assert earlier.checked_in_at == START + timedelta(minutes=2)
    row = ctx.execute(select(CheckIn)).scalar_one()
    assert row.scanned_at == START + timedelta(minutes=2)
    assert row.conflict_count == 1 and row.conflict_note
    # A later one changes nothing.
    scan(event, person.ticket_code, session, scanned_at=(START + timedelta(minutes=30)).isoformat(), now=now)
    ctx.refresh(row)
    assert row.scanned_at == START + timedelta(minutes=2) and row.conflict_count == 1


def test_void_then_check_in_again(ctx, event, session, person):
    sid = scan_id()
    first = scan(event, person.ticket_code, session, sid)
    user = make_user("boss@serang.go.id")
    with pytest.raises(services.VoidRejected):
        services.void_check_in(first.checkin, "  ", user)
    services.void_check_in(first.checkin, "scanned the wrong ticket", user)
    assert count(ctx) == 0
    void = ctx.execute(select(CheckInVoid)).scalar_one()
    assert (void.void_reason, void.voided_by_id, void.attendee_id) == (
        "scanned the wrong ticket",
        user.id,
        person.id,
    )
    # The voided scan, sent again, changes nothing; a new scan checks the person in again.
    assert scan(event, person.ticket_code, session, sid).status == "duplicate_scan"
    again = scan(event, person.ticket_code, session, now=DURING + timedelta(minutes=3))
    assert again.status == "ok"
    assert count(ctx) == 1


def test_a_session_that_needs_no_check_in_still_accepts_one(ctx, event, person):
    coffee = add_session(
        event, title="Istirahat", kind="istirahat", start="10:30", end="10:45", requires_checkin=False
    )
    assert scan(event, person.ticket_code, coffee, now=START + timedelta(minutes=95)).status == "ok"


def test_device_tokens(ctx, event):
    device, token = services.create_device_token(event, "Pintu Aula 1")
    assert services.device_for_token(token, now=START).id == device.id
    assert device.token_hash != token
    with pytest.raises(services.DeviceTokenError):
        services.create_device_token(event, "Pintu Aula 1")
    assert services.revoke_device_token(event, "Pintu Aula 1") is not None
    assert services.device_for_token(token, now=START) is None
    _, again = services.create_device_token(event, "Pintu Aula 1")  # the name is free again
    assert services.device_for_token(again, now=START) is not None
    assert services.device_for_token(again, now=device.expires_at + timedelta(seconds=1)) is None


def test_a_new_check_in_is_announced_once(ctx, event, session, person):
    """check_in_recorded is sent for the new row, not for the same person scanned again."""
    from workshop.core import signals

    heard = []

    def listener(sender, *, check_in, **_):
        heard.append((sender.id, check_in.attendee_id, check_in.agenda_session_id))

    signals.check_in_recorded.connect(listener)
    try:
        assert scan(event, person.ticket_code, session).status == "ok"
        assert scan(event, person.ticket_code, session).status == "already_checked_in"
    finally:
        signals.check_in_recorded.disconnect(listener)
    assert heard == [(event.id, person.id, session.id)]
