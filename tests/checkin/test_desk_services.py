"""The check-in desk's rules without the app's pages: rotating codes, pairing, walk-ins, the
paper tick-list, check-in by registration number and the "one phone, many tickets" flag."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.checkin.conftest import DURING, START, other_person, scan_id
from workshop.attendees.models import Attendee
from workshop.attendees.services import AttendeeError
from workshop.checkin import services
from workshop.checkin.models import CheckIn, DeviceToken
from workshop.extensions import db

SECRET = "test-secret"


# ---- rotating codes ------------------------------------------------------------------------------


def test_rotating_code_accepts_the_last_three_codes_only():
    now = datetime(2026, 11, 17, 2, 0, 10, tzinfo=UTC)
    window = services.rotation_window(now)
    codes = [services.rotating_code(SECRET, "ABC123", window - i) for i in range(4)]
    assert len(set(codes)) == 4 and all(len(c) == 16 for c in codes)
    assert all(services.rotating_code_valid(SECRET, "ABC123", c, now) for c in codes[:3])
    assert not services.rotating_code_valid(SECRET, "ABC123", codes[3], now)  # 90+ seconds old
    # Another session, another secret, or garbage: refused.
    assert not services.rotating_code_valid(SECRET, "XYZ789", codes[0], now)
    assert not services.rotating_code_valid("other-secret", "ABC123", codes[0], now)
    for bad in (None, "", "x" * 16, codes[0] + "a", 12345):
        assert not services.rotating_code_valid(SECRET, "ABC123", bad, now)


def test_rotating_code_is_the_same_for_every_worker_and_changes_every_30_seconds():
    t = datetime(2026, 11, 17, 2, 0, 0, tzinfo=UTC)
    same = {
        services.rotating_code(SECRET, "S1", services.rotation_window(t + timedelta(seconds=s)))
        for s in range(30)
    }
    assert len(same) == 1
    assert (
        services.rotating_code(SECRET, "S1", services.rotation_window(t + timedelta(seconds=30))) not in same
    )


# ---- check-in by registration number -----------------------------------------------------------


def test_manual_check_in_by_number(event, session, person):
    result = services.check_in(
        event,
        None,
        session.code,
        scan_id(),
        DURING.isoformat(),
        None,
        "manual",
        number=person.reg_number,
        now=DURING,
    )
    assert result.status == "ok" and result.attendee.id == person.id
    assert db.session.execute(select(CheckIn.method)).scalar_one() == "manual"
    # By number only for manual and paper; an unknown number is invalid.
    assert (
        services.check_in(
            event, None, session.code, scan_id(), None, None, "scan", number=person.reg_number, now=DURING
        ).status
        == "invalid"
    )
    for number in (999, -1, "abc", None, True, 10**12):
        assert (
            services.check_in(
                event, None, session.code, scan_id(), None, None, "manual", number=number, now=DURING
            ).status
            == "invalid"
        )


def test_a_number_of_another_event_finds_nobody(organiser, event, session, person):
    from tests.checkin.conftest import checkin_event

    other = checkin_event(organiser, slug="kla-lebak")
    stranger = other_person(other, 3)
    assert stranger.reg_number == person.reg_number == 1  # numbers are per event
    assert services.attendee_by_number(event, 1).id == person.id
    assert services.attendee_by_number(other, "1").id == stranger.id


# ---- paper ----------------------------------------------------------------------------------------


def test_paper_tick_list_records_method_paper_at_the_session_start(event, session, person):
    second = other_person(event, 1)
    services.check_in(event, second.ticket_code, session.code, scan_id(), DURING.isoformat(), now=DURING)
    counts = services.record_paper(
        event, session, [person.reg_number, second.reg_number, 4242], now=START + timedelta(hours=3)
    )
    assert counts == {"added": 1, "already": 1, "refused": 1}
    row = db.session.execute(select(CheckIn).where(CheckIn.attendee_id == person.id)).scalar_one()
    assert row.method == "paper" and row.scanned_at == START


def test_paper_before_the_session_starts_is_refused(event, session, person):
    counts = services.record_paper(event, session, [person.reg_number], now=START - timedelta(hours=2))
    assert counts["added"] == 0
    assert db.session.scalar(select(func.count(CheckIn.id))) == 0


def test_expected_people_follow_the_audience_and_skip_cancelled(event, session, person):
    gone = other_person(event, 2)
    gone.status = "cancelled"
    db.session.flush()
    assert [p.id for p in services.expected_people(session)] == [person.id]


# ---- walk-ins -------------------------------------------------------------------------------------


def test_walk_in_is_added_at_the_door_and_can_check_in(event, session):
    person = services.add_walk_in(
        event,
        {
            "full_name": "Ratna Sari",
            "gender": "P",
            "category": "non-ASN",
            "institution": "Kecamatan Taktakan",
            "position": "Staf",
        },
    )
    assert person.source == "walk-in" and person.status == "registered" and person.reg_number >= 1
    result = services.check_in(
        event, None, session.code, scan_id(), None, None, "manual", number=person.reg_number, now=DURING
    )
    assert result.status == "ok"


def test_walk_in_with_bad_data_stores_nothing(event):
    with pytest.raises(AttendeeError) as error:
        services.add_walk_in(event, {"full_name": "", "gender": "X", "category": "PNS", "nip": "123"})
    fields = {p.field for p in error.value.problems}
    assert {"full_name", "gender", "nip"} <= fields
    assert db.session.scalar(select(func.count(Attendee.id))) == 0


# ---- one phone, many tickets --------------------------------------------------------------------------


def test_a_phone_that_checks_in_several_people_is_flagged(event, session, person):
    second, third = other_person(event, 1), other_person(event, 2)
    key = services.phone_key_for("phone-cookie-1")
    for who in (person, second):
        services.check_in(
            event,
            who.ticket_code,
            session.code,
            scan_id(),
            method="self",
            trust_client_time=False,
            now=DURING,
            phone_key=key,
        )
    services.check_in(
        event,
        third.ticket_code,
        session.code,
        scan_id(),
        method="self",
        trust_client_time=False,
        now=DURING,
        phone_key=services.phone_key_for("phone-cookie-2"),
    )
    flagged = services.shared_phones(event)
    assert len(flagged) == 1
    assert flagged[0][0] == key and {a.id for a in flagged[0][1]} == {person.id, second.id}


def test_the_same_person_on_one_phone_twice_is_not_flagged(event, person):
    from tests.checkin.conftest import add_session

    first = add_session(event, "Sesi 1", "09:00", "10:00")
    second = add_session(event, "Sesi 2", "10:00", "11:00")
    key = services.phone_key_for("phone")
    for s, minutes in ((first, 10), (second, 70)):
        services.check_in(
            event,
            person.ticket_code,
            s.code,
            scan_id(),
            method="self",
            trust_client_time=False,
            now=START + timedelta(minutes=minutes),
            phone_key=key,
        )
    assert services.shared_phones(event) == []


# ---- pairing ------------------------------------------------------------------------------------------


def test_pairing_gives_one_phone_a_device_token(event):
    now = DURING
    pairing, code = services.create_pairing(event, "Pintu Aula 1", now=now)
    assert pairing.code_hash != code and len(code) >= 24
    device, token = services.redeem_pairing(code, now=now + timedelta(minutes=1))
    assert device.name == "Pintu Aula 1" and services.device_for_token(token, now=now) == device
    assert pairing.used_at is not None and pairing.device_id == device.id
    with pytest.raises(services.PairingError, match="used"):
        services.redeem_pairing(code, now=now + timedelta(minutes=2))
    assert db.session.scalar(select(func.count(DeviceToken.id))) == 1


def test_pairing_expires_and_unknown_codes_fail(event):
    now = DURING
    _, code = services.create_pairing(event, "Pintu 2", now=now)
    with pytest.raises(services.PairingError, match="expired"):
        services.redeem_pairing(code, now=now + services.PAIRING_VALID + timedelta(seconds=1))
    for bad in (None, "", "nope", "x" * 500):
        with pytest.raises(services.PairingError, match="invalid"):
            services.redeem_pairing(bad, now=now)


def test_pairing_names_are_checked_and_an_event_that_is_over_cannot_pair(event):
    services.create_device_token(event, "Pintu 1", now=DURING)
    for name, problem in (("", "name"), ("x" * 121, "name"), ("Pintu 1", "taken")):
        with pytest.raises(services.DeviceTokenError, match=problem):
            services.create_pairing(event, name, now=DURING)
    with pytest.raises(services.DeviceTokenError, match="over"):
        services.create_pairing(event, "Pintu 3", now=START + timedelta(days=5))


def test_session_breakdown_counts_who_is_here_and_lists_who_is_missing(event, session, person):
    second = other_person(event, 1, institution="Disdukcapil")
    third = other_person(event, 2, institution="Disdukcapil")
    for who in (person, second):
        services.check_in(event, who.ticket_code, session.code, scan_id(), DURING.isoformat(), now=DURING)
    b = services.session_breakdown(session)
    assert (b.present, b.expected) == (2, 3)
    assert [p.id for p in b.missing] == [third.id]
    # Both typed "Disdukcapil": one canonical institution, first as the largest.
    assert b.by_institution[0][1:] == (1, 2) and "Kependudukan" in b.by_institution[0][0]
    assert sum(e for _, _, e in b.by_gender) == 3 and sum(h for _, h, _ in b.by_category) == 2
