"""POST /api/checkins and friends, as scanner phones and staff phones call them (DESIGN.md §5)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.checkin.conftest import device_post, item
from workshop.checkin.models import CheckIn, CheckInVoid
from workshop.extensions import db


def staff_post(client, body, url="/api/checkins", csrf=True):
    headers = {"X-CSRFToken": client.csrf_token()} if csrf else {}
    return client.post(url, json=body, headers=headers)


def rows(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count(CheckIn.id))).scalar_one()


def test_a_device_scan_checks_in(app, client, world, live):
    response = device_post(client, live.token, item(f"https://bintek.example/t/{world.ticket}", live.session))
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["participant"]["name"] == "Muh. Ma'ruf, S.Pd.I."
    assert body["participant"]["role"] == "peserta"
    assert body["participant"]["institution"]
    assert datetime.fromisoformat(body["checked_in_at"]).tzinfo is not None
    assert rows(app) == 1
    with app.app_context():
        from workshop.core.audit import AuditEntry

        entry = db.session.execute(select(AuditEntry).where(AuditEntry.entity == "CheckIn")).scalar_one()
        assert entry.actor.startswith("device:") and entry.actor.endswith("Pintu 1")
    again = device_post(client, live.token, item(world.ticket, live.session)).get_json()
    assert again["status"] == "already_checked_in"
    assert again["checked_in_at"] == body["checked_in_at"]


def test_staff_scan_with_the_csrf_header(app, as_role, world, live):
    staff = as_role("staff")
    response = staff_post(staff, item(world.ticket, live.session, method="manual"))
    assert response.status_code == 200 and response.get_json()["status"] == "ok"
    with app.app_context():
        row = db.session.execute(select(CheckIn)).scalar_one()
        assert (row.method, row.by_user_id, row.device_id) == ("manual", world.users["staff"][0], None)


def test_cookie_auth_without_the_csrf_header_is_refused(app, as_role, world, live):
    """Documented choice: 400 {"error"} when X-CSRFToken is missing or wrong."""
    staff = as_role("staff")
    response = staff_post(staff, item(world.ticket, live.session), csrf=False)
    assert response.status_code == 400 and "error" in response.get_json()
    response = staff.post(
        "/api/checkins", json=item(world.ticket, live.session), headers={"X-CSRFToken": "nope"}
    )
    assert response.status_code == 400
    assert rows(app) == 0


def test_no_auth_is_401(client, world, live):
    response = client.post("/api/checkins", json=item(world.ticket, live.session))
    assert response.status_code == 401 and "error" in response.get_json()
    assert device_post(client, "not-a-token", item(world.ticket, live.session)).status_code == 401


def test_a_token_of_another_event_is_403(app, client, world, live):
    assert device_post(client, live.other_token, item(world.ticket, live.session)).status_code == 403
    batch = {"scans": [item(world.ticket, live.session)]}
    assert device_post(client, live.other_token, batch).status_code == 403
    assert rows(app) == 0


def test_a_user_outside_the_team_is_403(app, as_role, world, live):
    assert staff_post(as_role("other"), item(world.ticket, live.session)).status_code == 403
    assert staff_post(as_role("facilitator"), item(world.ticket, live.session)).status_code == 403
    assert rows(app) == 0


def test_a_batch_with_every_status(app, client, world, live):
    sent = datetime.now(UTC)
    repeated = item(world.ticket, live.session)
    scans = [
        repeated,  # ok
        item(world.ticket, live.session),  # already_checked_in
        repeated,  # duplicate_scan
        item("nonsense", live.session),  # invalid
        item(live.cancelled, live.session),  # cancelled
        item(world.other_ticket, live.session),  # wrong_event
        item(world.ticket, "NOPE"),  # unknown_session
        item(live.child, live.session, scanned_at=(sent - timedelta(hours=5)).isoformat()),  # outside_window
        item(
            live.child,
            live.session,
            scanned_at=(sent + timedelta(hours=1)).isoformat(),
            sent_at=sent.isoformat(),
        ),  # clock_skew
        item(world.ticket, live.other_session),  # another event's session
        {"code": world.ticket},  # missing fields
        "not an object",
    ]
    response = device_post(client, live.token, {"scans": scans})
    assert response.status_code == 200
    statuses = [r["status"] for r in response.get_json()["results"]]
    assert statuses == [
        "ok",
        "already_checked_in",
        "duplicate_scan",
        "invalid",
        "cancelled",
        "wrong_event",
        "unknown_session",
        "outside_window",
        "clock_skew",
        "unknown_session",
        "invalid",
        "invalid",
    ]
    results = response.get_json()["results"]
    assert results[5]["participant"] is None  # nothing about another event's people
    assert rows(app) == 1
    # The same batch again (a phone that did not hear the answer) writes nothing new.
    again = device_post(client, live.token, {"scans": scans}).get_json()["results"]
    assert again[0]["status"] == "duplicate_scan"
    assert again[0]["checked_in_at"] == results[0]["checked_in_at"]
    assert rows(app) == 1


def test_an_offline_batch_keeps_its_scan_times(app, client, world, live):
    scanned = datetime.now(UTC) - timedelta(minutes=4)
    response = device_post(
        client, live.token, {"scans": [item(world.ticket, live.session, scanned_at=scanned.isoformat())]}
    )
    result = response.get_json()["results"][0]
    assert result["status"] == "ok"
    assert abs(datetime.fromisoformat(result["checked_in_at"]) - scanned) < timedelta(seconds=1)


@pytest.mark.parametrize("raw", ["not json", "[1, 2]", "42", '{"scans": "x"}'])
def test_an_unreadable_body_is_400(app, client, live, raw):
    response = device_post(client, live.token, None, raw=raw)
    assert response.status_code == 400 and "error" in response.get_json()


def test_more_than_500_scans_is_400(app, client, world, live):
    response = device_post(client, live.token, {"scans": [item(world.ticket, live.session)] * 501})
    assert response.status_code == 400
    assert rows(app) == 0


def test_void_then_check_in_again(app, as_role, client, world, live):
    first = device_post(client, live.token, item(world.ticket, live.session))
    assert first.get_json()["status"] == "ok"
    with app.app_context():
        checkin_id = db.session.execute(select(CheckIn.id)).scalar_one()
    url = f"/api/checkins/{checkin_id}/void"
    # Devices and staff may not undo; organisers must give a reason.
    assert (
        client.post(url, json={"reason": "x"}, headers={"Authorization": f"Bearer {live.token}"}).status_code
        == 403
    )
    assert staff_post(as_role("staff"), {"reason": "x"}, url=url).status_code == 403
    assert staff_post(as_role("other"), {"reason": "x"}, url=url).status_code == 403
    organiser = as_role("organiser")
    assert staff_post(organiser, {"reason": " "}, url=url).status_code == 422
    response = staff_post(organiser, {"reason": "Scanned the wrong person"}, url=url)
    assert response.status_code == 200
    assert rows(app) == 0
    with app.app_context():
        void = db.session.execute(select(CheckInVoid)).scalar_one()
        assert void.voided_by_id == world.users["organiser"][0]
        from workshop.core.audit import AuditEntry

        entities = {e.entity for e in db.session.execute(select(AuditEntry)).scalars()}
        assert {"CheckIn", "CheckInVoid"} <= entities or {"check_ins", "check_in_voids"} <= entities
    again = device_post(client, live.token, item(world.ticket, live.session)).get_json()
    assert again["status"] == "ok"
    assert staff_post(organiser, {"reason": "again"}, url=url).status_code == 404


def test_roster_has_no_personal_contact_data(app, client, as_role, world, live):
    response = client.get("/api/events/kla-serang/roster", headers={"Authorization": f"Bearer {live.token}"})
    assert response.status_code == 200
    people = response.get_json()["participants"]
    text = response.get_data(as_text=True)
    assert world.ticket not in text
    assert "198609262015051001" not in text and "maruf@dinkes" not in text and "3456" not in text
    from workshop.core.tokens import hash_token

    by_hash = {p["hash"]: p for p in people}
    assert by_hash[hash_token(world.ticket)]["name"] == "Muh. Ma'ruf, S.Pd.I."
    assert by_hash[hash_token(live.cancelled)]["status"] == "cancelled"
    assert by_hash[hash_token(live.child)]["name"] == "N.P.R."
    assert set(by_hash[hash_token(world.ticket)]) == {
        "hash",
        "number",
        "name",
        "institution",
        "group",
        "role",
        "status",
    }
    other = client.get(
        "/api/events/kla-serang/roster", headers={"Authorization": f"Bearer {live.other_token}"}
    )
    assert other.status_code == 403


def test_attendance_counts(app, client, as_role, world, live):
    device_post(client, live.token, item(world.ticket, live.session))
    device_post(client, live.token, item(live.child, live.session))
    response = as_role("organiser").get("/api/events/kla-serang/attendance")
    sessions = {s["title"]: s for s in response.get_json()["sessions"]}
    row = sessions["Konvensi Hak Anak"]
    assert row["checked_in"] == 2
    assert row["by_gender"] == {"L": 1, "P": 1}
    assert row["expected"] == 2  # the cancelled person is not expected
