"""Parallel rooms (issue 15): a participant scanned into a breakout of another group is answered
``wrong_group`` with their own group named and nothing written; staff confirm with "confirm": true
and the check-in is recorded flagged; an offline batch records it flagged; the dashboard lists it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.checkin.conftest import device_post, item
from workshop.checkin.models import CheckIn
from workshop.extensions import db


def breakouts(app, world):
    """Two parallel breakouts open now (Klaster I's and Klaster II's); the world's participant is
    in Klaster II. Answers (Klaster I breakout code, Klaster II breakout code, a speaker's ticket)."""
    from tests.conftest import make_attendee
    from workshop.agenda import services as agenda_services
    from workshop.attendees.models import Attendee
    from workshop.events.models import Event
    from workshop.groups import services as group_services

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        groups = group_services.create_default_groups(event)
        person = db.session.execute(select(Attendee).where(Attendee.ticket_code == world.ticket)).scalar_one()
        group_services.move_attendees(event, [person.id], groups[1])
        speaker = make_attendee(
            event,
            full_name="Dr. Hendra Gunawan",
            category="non-ASN",
            nip="",
            golongan="",
            phone="0813-0000-3333",
            email="hendra@example.go.id",
            role="narasumber",
        )
        now = datetime.now(UTC)
        codes = []
        for group in groups[:2]:
            session, _ = agenda_services.create_session(
                event,
                {
                    "title": "Diskusi kelompok",
                    "kind": "diskusi_kelompok",
                    "starts_at": now - timedelta(minutes=10),
                    "ends_at": now + timedelta(minutes=80),
                    "room": "Ruang " + group.cluster,
                    "is_for_everyone": False,
                    "group_ids": [group.id],
                },
                confirm_warnings=True,
            )
            codes.append(session.code)
        db.session.commit()
        return codes[0], codes[1], speaker.ticket_code


def flagged(app) -> list[tuple[bool, str]]:
    with app.app_context():
        return [
            (row.wrong_group, row.method)
            for row in db.session.execute(select(CheckIn).order_by(CheckIn.id)).scalars()
        ]


def test_another_groups_breakout_answers_wrong_group_then_confirm_records_it_flagged(
    app, client, world, live
):
    klaster_1, klaster_2, _speaker = breakouts(app, world)
    body = device_post(client, live.token, item(world.ticket, klaster_1)).get_json()
    assert body["status"] == "wrong_group"
    assert body["participant"]["group"].startswith("Klaster II")
    assert body["checked_in_at"] is None
    assert flagged(app) == []

    body = device_post(client, live.token, item(world.ticket, klaster_1, confirm=True)).get_json()
    assert body["status"] == "ok" and body["flagged"] is True and body["checked_in_at"]
    assert flagged(app) == [(True, "scan")]
    # Scanned again without confirm: already there, no second question.
    again = device_post(client, live.token, item(world.ticket, klaster_1)).get_json()
    assert again["status"] == "already_checked_in" and again["checked_in_at"] == body["checked_in_at"]

    # Their own group's breakout: no question, no flag.
    own = device_post(client, live.token, item(world.ticket, klaster_2)).get_json()
    assert own["status"] == "ok" and own["flagged"] is False
    assert flagged(app) == [(True, "scan"), (False, "scan")]


def test_confirm_must_be_true_itself(app, client, world, live):
    klaster_1, _k2, _speaker = breakouts(app, world)
    for value in ("true", 1, "yes", None):
        body = device_post(client, live.token, item(world.ticket, klaster_1, confirm=value)).get_json()
        assert body["status"] == "wrong_group", value
    assert flagged(app) == []


def test_speakers_go_to_any_room_and_plenaries_ask_nothing(app, client, world, live):
    klaster_1, _k2, speaker = breakouts(app, world)
    assert device_post(client, live.token, item(speaker, klaster_1)).get_json()["status"] == "ok"
    assert device_post(client, live.token, item(world.ticket, live.session)).get_json()["status"] == "ok"
    assert flagged(app) == [(False, "scan"), (False, "scan")]


def test_an_offline_batch_records_the_scan_flagged(app, client, world, live):
    klaster_1, klaster_2, _speaker = breakouts(app, world)
    body = device_post(
        client, live.token, {"scans": [item(world.ticket, klaster_1), item(world.ticket, klaster_2)]}
    ).get_json()
    assert [(r["status"], r["flagged"]) for r in body["results"]] == [("ok", True), ("ok", False)]
    assert flagged(app) == [(True, "scan"), (False, "scan")]


def test_the_dashboard_lists_flagged_check_ins_and_the_session_marks_them(app, client, as_role, world, live):
    klaster_1, _k2, _speaker = breakouts(app, world)
    device_post(client, live.token, item(world.ticket, klaster_1, confirm=True))
    staff = as_role("staff")
    page = staff.get(f"/manage/events/{world.event_slug}/checkin").get_data(as_text=True)
    assert 'id="wrong-group"' in page
    section = page.split('id="wrong-group"', 1)[1].split("</section>", 1)[0]
    assert "Muh. Ma&#39;ruf" in section and "Klaster II" in section and "Diskusi kelompok" in section
    assert "Diskusi kelompok</a> (Klaster I " in section  # which of the parallel rooms
    with app.app_context():
        row = db.session.execute(select(CheckIn)).scalar_one()
        session_id, checkin_id = row.agenda_session_id, row.id
    detail = staff.get(f"/manage/events/{world.event_slug}/checkin/sessions/{session_id}").get_data(
        as_text=True
    )
    entry = detail.split(f'id="checkin-{checkin_id}"', 1)[1].split("</li>", 1)[0]
    assert "badge-warning" in entry


def test_the_dashboard_has_no_review_list_without_flagged_check_ins(app, as_role, world, live):
    page = as_role("staff").get(f"/manage/events/{world.event_slug}/checkin").get_data(as_text=True)
    assert 'id="wrong-group"' not in page


def test_the_roster_names_each_breakouts_groups_and_the_server_time(app, client, world, live):
    breakouts(app, world)
    body = client.get(
        f"/api/events/{world.event_slug}/roster", headers={"Authorization": f"Bearer {live.token}"}
    ).get_json()
    assert abs(datetime.fromisoformat(body["now"]) - datetime.now(UTC)) < timedelta(minutes=1)
    assert body["event"]["timezone"] == "Asia/Jakarta"
    by_room = [(s["groups"], s["clusters"]) for s in body["sessions"]]
    assert ([], []) in by_room  # the plenary
    assert any(
        groups and groups[0].startswith("Klaster I ") and clusters == ["I"] for groups, clusters in by_room
    )


def test_self_check_in_at_another_groups_breakout_names_the_own_group_and_writes_nothing(
    app, client, world, live
):
    from tests.conftest import TICKET_COOKIE

    klaster_1, klaster_2, _speaker = breakouts(app, world)
    client.set_cookie(TICKET_COOKIE, world.ticket)
    page = client.post_form(f"/c/{klaster_1}", {}).get_data(as_text=True)
    assert "Sesi ini untuk kelompok lain" in page and "Klaster II" in page
    assert flagged(app) == []
    page = client.post_form(f"/c/{klaster_2}", {}).get_data(as_text=True)
    assert "Kehadiran Anda tercatat" in page
    assert flagged(app) == [(False, "self")]
