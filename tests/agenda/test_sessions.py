"""Session rules: JP, local times and days, warnings, hard errors, who a session is for."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.agenda.conftest import agenda_event, at, session_data, speaker
from tests.conftest import make_attendee
from workshop.agenda import services
from workshop.agenda.models import AgendaSession, SessionKind
from workshop.agenda.services import SessionRejected, agenda_days, agenda_for, create_session, total_jp
from workshop.extensions import db
from workshop.groups.models import Group

UTC = UTC


def add(event, **overrides):
    session, _warnings = create_session(event, session_data(**overrides), confirm_warnings=True)
    return session


# ---- JP --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "minutes, kind, override, jp",
    [
        (45, "materi", None, 1),
        (90, "materi", None, 2),
        (100, "materi", None, 2),  # rounded down
        (44, "diskusi_kelompok", None, 0),
        (15, "istirahat", None, 0),  # a break
        (60, "istirahat", None, 0),
        (30, "pembukaan", None, 0),
        (30, "registrasi_ulang", None, 0),
        (45, "penutupan", None, 0),
        (30, "pembukaan", 1, 1),  # the organiser says the opening counts
        (100, "materi", 3, 3),
        (90, "materi", 0, 0),
    ],
)
def test_jp_from_duration_kind_and_override(event, minutes, kind, override, jp):
    session = add(
        event,
        kind=kind,
        starts_at=at(1, "08:00"),
        ends_at=at(1, "08:00") + timedelta(minutes=minutes),
        jp_override=override,
    )
    assert session.jp == jp


def test_total_jp_of_45_90_100_minutes_a_break_and_an_override(event):
    sessions = [
        add(event, title="A", starts_at=at(1, "08:00"), ends_at=at(1, "08:45")),  # 1
        add(event, title="B", starts_at=at(1, "08:45"), ends_at=at(1, "10:15")),  # 2
        add(event, title="C", starts_at=at(1, "10:30"), ends_at=at(1, "12:10")),  # 2
        add(event, title="Rehat", kind="istirahat", starts_at=at(1, "10:15"), ends_at=at(1, "10:30")),  # 0
        add(
            event,
            title="Pembukaan",
            kind="pembukaan",
            starts_at=at(1, "07:30"),
            ends_at=at(1, "08:00"),
            jp_override=1,
        ),  # 1
    ]
    assert total_jp(sessions) == 6
    assert total_jp(agenda_for(event)) == 6


def test_parallel_group_sessions_count_once_for_the_event(event):
    groups = [
        Group(event_id=event.id, name=f"Klaster {c}", cluster=c, position=i)
        for i, c in enumerate(["I", "II"])
    ]
    db.session.add_all(groups)
    db.session.flush()
    add(event, title="Materi", starts_at=at(1, "08:00"), ends_at=at(1, "09:30"))  # 2 JP, everyone
    for group in groups:
        add(
            event,
            title=f"Diskusi {group.name}",
            kind="diskusi_kelompok",
            starts_at=at(2, "08:00"),
            ends_at=at(2, "10:15"),
            room=group.name,
            is_for_everyone=False,
            group_ids=[group.id],
        )  # 3 JP each
    sessions = agenda_for(event)
    assert total_jp(sessions) == 8
    assert services.event_total_jp(sessions) == 5


# ---- time zones and days ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "tz, label, utc_hour, utc_day",
    [
        ("Asia/Jakarta", "WIB", 1, 17),  # 08:00 WIB = 01:00 UTC
        ("Asia/Makassar", "WITA", 0, 17),  # 08:00 WITA = 00:00 UTC
        ("Asia/Jayapura", "WIT", 23, 16),  # 08:00 WIT = 23:00 UTC the day before
    ],
)
def test_local_times_are_stored_as_utc(organiser, tz, label, utc_hour, utc_day):
    event = agenda_event(organiser, timezone=tz, slug=f"kla-{label.lower()}")
    session = add(event, starts_at=at(1, "08:00"), ends_at=at(1, "09:30"))
    db.session.expire_all()
    stored = db.session.get(AgendaSession, session.id)
    assert stored.starts_at == datetime(2026, 11, utc_day, utc_hour, 0, tzinfo=UTC)
    assert event.tz_label == label
    days = agenda_days(event, agenda_for(event))
    assert [d.day for d in days] == [date(2026, 11, 17)]  # still day 1 in the event's own zone
    assert days[0].number == 1


def test_a_session_across_midnight_belongs_to_the_day_it_starts(organiser):
    event = agenda_event(organiser, timezone="Asia/Jayapura")
    late = add(event, title="Malam keakraban", starts_at=at(1, "23:30"), ends_at=at(2, "00:30"))
    early = add(
        event,
        title="Registrasi ulang",
        kind="registrasi_ulang",
        starts_at=at(2, "07:30"),
        ends_at=at(2, "08:00"),
    )
    # 23:30 WIT on the 17th is 14:30 UTC on the 17th; 07:30 WIT on the 18th is 22:30 UTC on the 17th.
    assert late.starts_at.date() == early.starts_at.date() == date(2026, 11, 17)
    days = agenda_days(event, agenda_for(event))
    assert [(d.number, [s.title for s in d.sessions]) for d in days] == [
        (1, ["Malam keakraban"]),
        (2, ["Registrasi ulang"]),
    ]


def test_default_checkin_window_is_30_minutes_before_until_the_end(event):
    session = add(event, starts_at=at(1, "08:00"), ends_at=at(1, "09:30"))
    assert session.checkin_opens_at is None and session.checkin_closes_at is None
    opens, closes = session.checkin_window
    assert opens == datetime(2026, 11, 17, 0, 30, tzinfo=UTC)  # 07:30 WIB
    assert closes == datetime(2026, 11, 17, 2, 30, tzinfo=UTC)  # 09:30 WIB
    assert session.is_checkin_open(opens) and not session.is_checkin_open(opens - timedelta(seconds=1))
    custom = add(
        event,
        title="Pleno",
        starts_at=at(1, "10:00"),
        ends_at=at(1, "11:00"),
        checkin_opens_at=at(1, "09:00"),
        checkin_closes_at=at(1, "10:15"),
    )
    assert custom.checkin_window == (
        datetime(2026, 11, 17, 2, 0, tzinfo=UTC),
        datetime(2026, 11, 17, 3, 15, tzinfo=UTC),
    )


def test_breaks_need_no_checkin_by_default(event):
    assert add(event, kind="istirahat").requires_checkin is False
    assert (
        add(
            event, title="Materi", kind="materi", starts_at=at(1, "10:00"), ends_at=at(1, "11:00")
        ).requires_checkin
        is True
    )
    assert (
        add(
            event,
            title="Wajib hadir",
            kind="istirahat",
            requires_checkin=True,
            starts_at=at(2, "10:00"),
            ends_at=at(2, "10:15"),
        ).requires_checkin
        is True
    )


def test_session_codes_are_short_unique_and_unambiguous(event):
    codes = {
        add(
            event,
            title=f"S{i}",
            starts_at=at(1, "08:00") + timedelta(hours=i),
            ends_at=at(1, "08:45") + timedelta(hours=i),
        ).code
        for i in range(8)
    }
    assert len(codes) == 8
    for code in codes:
        assert len(code) == 8 and set(code) <= set(services.CODE_ALPHABET)
        assert not set(code) & set("01OI")


# ---- hard errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"ends_at": at(1, "08:00")}, "ends_at", "must end after it starts"),
        ({"ends_at": at(1, "07:00")}, "ends_at", "must end after it starts"),
        ({"kind": "seminar"}, "kind", "Choose a kind of session"),
        ({"kind": ""}, "kind", "Choose a kind of session"),
        ({"title": "   "}, "title", "Enter the session's title"),
        ({"starts_at": None}, "starts_at", "Enter when the session starts"),
        ({"ends_at": at(3, "09:00")}, "ends_at", "at most 24 hours"),
        ({"jp_override": 99}, "jp_override", "from 0 to 40"),
        ({"is_for_everyone": False, "group_ids": []}, "groups", "at least one group"),
        (
            {"checkin_opens_at": at(1, "09:00"), "checkin_closes_at": at(1, "08:30")},
            "checkin_closes_at",
            "close after it opens",
        ),
    ],
)
def test_bad_sessions_are_refused_field_by_field(event, overrides, field, message):
    with pytest.raises(SessionRejected) as caught:
        create_session(event, session_data(**overrides), confirm_warnings=True)
    assert any(message in m for m in caught.value.errors[field]), caught.value.errors
    assert db.session.execute(select(AgendaSession)).first() is None


def test_speakers_must_be_narasumber_or_moderator_of_this_event(organiser, event):
    participant = make_attendee(event)  # a peserta
    other_event = agenda_event(organiser, slug="kla-lebak")
    elsewhere = speaker(other_event)
    for bad in (participant, elsewhere):
        with pytest.raises(SessionRejected) as caught:
            create_session(event, session_data(speaker_ids=[bad.id]))
        assert "narasumber" in caught.value.errors["speakers"][0]
    with pytest.raises(SessionRejected) as caught:
        create_session(event, session_data(moderator_id=participant.id))
    assert "moderator" in caught.value.errors["moderator"][0]
    with pytest.raises(SessionRejected):
        create_session(event, session_data(speaker_ids=[987654]))


def test_groups_of_another_event_are_refused(organiser, event):
    other_event = agenda_event(organiser, slug="kla-lebak")
    group = Group(event_id=other_event.id, name="Klaster I")
    db.session.add(group)
    db.session.flush()
    with pytest.raises(SessionRejected) as caught:
        create_session(event, session_data(is_for_everyone=False, group_ids=[group.id]))
    assert "groups of this event" in caught.value.errors["groups"][0]


# ---- warnings -----------------------------------------------------------------------------------


def test_speaker_in_two_sessions_at_once_is_a_warning_to_confirm(event):
    dermawan = speaker(event)
    add(event, title="KHA", speaker_ids=[dermawan.id], starts_at=at(1, "08:00"), ends_at=at(1, "09:30"))
    data = session_data(
        title="Tanya jawab",
        room="Ruang 2",
        moderator_id=dermawan.id,
        starts_at=at(1, "09:00"),
        ends_at=at(1, "10:00"),
    )
    with pytest.raises(SessionRejected) as caught:
        create_session(event, data)
    assert caught.value.errors == {}
    assert caught.value.warnings == [
        "Drs. Dermawan, M.Si. is also in “KHA” at the same time (Tue 17 Nov 08:00 WIB)."
    ]
    assert len(agenda_for(event)) == 1  # nothing stored until confirmed
    session, warnings = create_session(event, data, confirm_warnings=True)
    assert warnings and session.id
    assert services.agenda_warnings(event, agenda_for(event))[session.id] == [
        "Drs. Dermawan, M.Si. is also in “KHA” at the same time (Tue 17 Nov 08:00 WIB)."
    ]


def test_double_booked_room_is_a_warning(event):
    add(event, title="KHA", room="Aula Bappeda")
    with pytest.raises(SessionRejected) as caught:
        create_session(
            event,
            session_data(
                title="Rapat", room="  aula   BAPPEDA ", starts_at=at(1, "09:00"), ends_at=at(1, "10:00")
            ),
        )
    assert caught.value.warnings == ["The room aula BAPPEDA is also booked for “KHA” (Tue 17 Nov 08:00 WIB)."]
    # Back to back is no clash, and neither is another room.
    create_session(event, session_data(title="Sesi 2", starts_at=at(1, "09:30"), ends_at=at(1, "10:30")))
    create_session(
        event, session_data(title="Sesi 3", room="Ruang 2", starts_at=at(1, "08:00"), ends_at=at(1, "09:00"))
    )


@pytest.mark.parametrize(
    "starts, ends",
    [
        (datetime(2026, 11, 16, 8, 0), datetime(2026, 11, 16, 9, 0)),  # the day before
        (datetime(2026, 11, 20, 8, 0), datetime(2026, 11, 20, 9, 0)),  # the day after
        (datetime(2026, 11, 19, 23, 30), datetime(2026, 11, 20, 0, 30)),  # runs past the last day
    ],
)
def test_session_outside_the_event_is_refused_until_confirmed(event, starts, ends):
    with pytest.raises(SessionRejected) as caught:
        create_session(event, session_data(starts_at=starts, ends_at=ends))
    assert caught.value.warnings == [
        "The session is outside the event's dates (Nov 17\u2009–\u200919, 2026)."
    ]
    assert agenda_for(event) == []
    create_session(event, session_data(starts_at=starts, ends_at=ends), confirm_warnings=True)
    assert len(agenda_for(event)) == 1


def test_last_session_ending_at_midnight_is_inside_the_event(event):
    """No "outside the event's dates" warning (it would raise SessionRejected): the session is kept."""
    create_session(
        event, session_data(starts_at=datetime(2026, 11, 19, 22, 0), ends_at=datetime(2026, 11, 20, 0, 0))
    )
    assert len(agenda_for(event)) == 1


def test_editing_a_session_does_not_clash_with_itself(event):
    session = add(event)
    services.update_session(session, session_data(title="KHA (revisi)"))
    assert session.title == "KHA (revisi)"


# ---- speakers, audience and who a session applies to ----------------------------------------


def test_speakers_keep_their_order_and_can_change(event):
    a = speaker(event)
    b = speaker(
        event,
        name="Dr. Hj. Nur Aisyah Lestari, S.Psi., M.Psi.",
        gender="P",
        nip="19750823 200212 2 001",
        phone="0812-8765-4302",
    )
    mod = speaker(
        event,
        name="Ir. Tb. Ahmad Fauzi, M.T.",
        role="moderator",
        nip="19700115 199803 1 004",
        phone="0813-1000-2001",
    )
    session = add(event, speaker_ids=[b.id, a.id], moderator_id=mod.id)
    assert [p.full_name for p in session.speakers] == [b.full_name, a.full_name]
    services.update_session(session, session_data(speaker_ids=[a.id], moderator_id=None))
    db.session.expire_all()
    session = db.session.get(AgendaSession, session.id)
    assert [p.id for p in session.speakers] == [a.id] and session.moderator is None


def test_agenda_for_an_attendee_has_everyone_sessions_and_their_groups(event):
    one = Group(event_id=event.id, name="Klaster I", cluster="I", position=1)
    two = Group(event_id=event.id, name="Klaster II", cluster="II", position=2)
    db.session.add_all([one, two])
    db.session.flush()
    person = make_attendee(event)
    add(event, title="Pembukaan", kind="pembukaan", starts_at=at(1, "08:00"), ends_at=at(1, "08:30"))
    add(
        event,
        title="Diskusi I",
        kind="diskusi_kelompok",
        is_for_everyone=False,
        group_ids=[one.id],
        room="R1",
        starts_at=at(2, "08:00"),
        ends_at=at(2, "09:30"),
    )
    add(
        event,
        title="Diskusi II",
        kind="diskusi_kelompok",
        is_for_everyone=False,
        group_ids=[two.id],
        room="R2",
        starts_at=at(2, "08:00"),
        ends_at=at(2, "09:30"),
    )
    add(
        event,
        title="Pleno I+II",
        kind="pleno",
        is_for_everyone=False,
        group_ids=[one.id, two.id],
        starts_at=at(3, "08:00"),
        ends_at=at(3, "09:30"),
    )
    assert [s.title for s in agenda_for(event)] == ["Pembukaan", "Diskusi I", "Diskusi II", "Pleno I+II"]
    assert [s.title for s in agenda_for(event, person)] == ["Pembukaan"]  # no group yet
    person.group = two
    db.session.flush()
    mine = agenda_for(event, person)
    assert [s.title for s in mine] == ["Pembukaan", "Diskusi II", "Pleno I+II"]
    assert total_jp(mine) == 4


def test_deleting_a_session_removes_its_links(event):
    a = speaker(event)
    session = add(event, speaker_ids=[a.id])
    services.delete_session(session)
    assert agenda_for(event) == []
    assert db.session.get(type(a), a.id) is not None  # the person stays


def test_kind_labels_cover_every_kind(app):
    with app.test_request_context():
        assert set(services.kind_labels()) == {k.value for k in SessionKind}
