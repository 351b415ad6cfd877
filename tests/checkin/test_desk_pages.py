"""The check-in desk through the Flask client: walk-ins, pairing, revoking, rotating and switched-
off self check-in, undoing a check-in, the paper tick-list, the dashboard's flags, the poster and
the scanner page's weight."""

from __future__ import annotations

import gzip
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy import func, select

from tests.checkin.conftest import device_post, item
from tests.checkin.test_api import staff_post
from tests.conftest import TICKET_COOKIE
from tests.pdf_read import pdf_qr_texts, pdf_text
from workshop.agenda.models import AgendaSession
from workshop.attendees.models import Attendee
from workshop.checkin import services
from workshop.checkin.models import CheckIn, CheckInVoid
from workshop.core.audit import AuditEntry
from workshop.extensions import db


def english(client):
    client.set_cookie("lang", "en")
    return client


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def session_id(app, code) -> int:
    with app.app_context():
        return db.session.execute(select(AgendaSession.id).where(AgendaSession.code == code)).scalar_one()


WALK_IN = {
    "full_name": "Ratna Sari, S.Sos.",
    "gender": "P",
    "category": "non-ASN",
    "institution": "Kecamatan Taktakan",
    "position": "Staf Pelayanan",
    "phone": "0813-5555-0101",
}


# ---- walk-ins ----------------------------------------------------------------------------------------


def test_staff_add_a_walk_in_who_can_then_check_in_by_number(app, as_role, live):
    staff = english(as_role("staff"))
    response = staff_post(staff, WALK_IN, url="/api/events/kla-serang/walk-ins")
    assert response.status_code == 201
    person = response.get_json()["participant"]
    assert person["name"] == "Ratna Sari, S.Sos." and person["status"] == "registered"
    assert set(person) == {"hash", "number", "name", "institution", "group", "role", "status"}
    body = {
        "number": person["number"],
        "session": live.session,
        "scan_id": item("", "")["scan_id"],
        "method": "manual",
    }
    assert staff_post(staff, body).get_json()["status"] == "ok"
    with app.app_context():
        added = db.session.execute(
            select(Attendee).where(Attendee.full_name == "Ratna Sari, S.Sos.")
        ).scalar_one()
        assert added.source == "walk-in"
        assert (
            db.session.execute(select(CheckIn.method).where(CheckIn.attendee_id == added.id)).scalar_one()
            == "manual"
        )


def test_a_bad_walk_in_gets_messages_per_field_and_stores_nothing(app, as_role, live):
    staff = english(as_role("staff"))
    before = count(app, Attendee)
    response = staff_post(
        staff,
        {**WALK_IN, "full_name": "<b>", "category": "PNS", "nip": "12345"},
        url="/api/events/kla-serang/walk-ins",
    )
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert "nip" in errors and "NIP" in errors["nip"]
    assert count(app, Attendee) == before
    wrong_types = staff_post(staff, {**WALK_IN, "full_name": ["x"]}, url="/api/events/kla-serang/walk-ins")
    assert wrong_types.status_code == 400
    assert count(app, Attendee) == before


def test_walk_ins_from_a_paired_phone_and_not_from_facilitators_or_other_events(app, client, as_role, live):
    ok = client.post(
        "/api/events/kla-serang/walk-ins", json=WALK_IN, headers={"Authorization": f"Bearer {live.token}"}
    )
    assert ok.status_code == 201
    other = client.post(
        "/api/events/kla-serang/walk-ins",
        json=WALK_IN,
        headers={"Authorization": f"Bearer {live.other_token}"},
    )
    assert other.status_code == 403
    facilitator = as_role("facilitator")
    assert staff_post(facilitator, WALK_IN, url="/api/events/kla-serang/walk-ins").status_code == 403


# ---- pairing -------------------------------------------------------------------------------------------


def test_organiser_pairs_a_phone_once_and_revokes_it(app, as_role, client, live):
    organiser = english(as_role("organiser"))
    page = organiser.post_form("/manage/events/kla-serang/checkin/devices", {"name": "Meja Registrasi"})
    assert page.status_code == 200
    link = re.search(r'<code id="pairing-link">([^<]+)</code>', page.get_data(as_text=True)).group(1)
    path = urlsplit(link).path
    assert path.startswith("/pair/")
    # The phone opens the link and confirms.
    phone = english(client)
    assert "Pair this phone" in phone.get(path).get_data(as_text=True)
    paired = phone.post_form(path)
    html = paired.get_data(as_text=True)
    assert paired.headers["Cache-Control"] == "no-store"
    token = re.search(r'data-token="([^"]+)"', html).group(1)
    assert device_post(client, token, item(live.session and "x", live.session)).status_code == 200
    # The link works once.
    assert "already used" in phone.post_form(path).get_data(as_text=True)
    # A taken name is refused next to the field.
    again = organiser.post_form("/manage/events/kla-serang/checkin/devices", {"name": "Meja Registrasi"})
    assert again.status_code == 422 and "Another phone already has this name." in again.get_data(as_text=True)
    # Revoking stops the phone.
    with app.app_context():
        device = services.device_for_token(token)
        device_id = device.id
    assert (
        organiser.post_form(f"/manage/events/kla-serang/checkin/devices/{device_id}/revoke").status_code
        == 302
    )
    assert device_post(client, token, item("x", live.session)).status_code == 401
    assert count(app, AuditEntry, AuditEntry.entity == "DeviceToken") >= 2  # paired, revoked


def test_an_unknown_pairing_code_is_404(client):
    assert english(client).get("/pair/nope").status_code == 404


# ---- self check-in modes ----------------------------------------------------------------------------------


def test_rotating_self_check_in_needs_a_fresh_code_from_the_screen(app, as_role, client, world, live):
    organiser = as_role("organiser")
    sid = session_id(app, live.session)
    assert (
        organiser.post_form(
            f"/manage/events/kla-serang/checkin/sessions/{sid}/mode", {"mode": "rotating"}
        ).status_code
        == 302
    )
    phone = english(client)
    phone.set_cookie(TICKET_COOKIE, world.ticket)
    # The poster's link (no code) and a stale code are refused.
    assert "This code has expired" in phone.get(f"/c/{live.session}").get_data(as_text=True)
    assert "This code has expired" in phone.post_form(f"/c/{live.session}?k=aaaaaaaaaaaaaaaa").get_data(
        as_text=True
    )
    assert count(app, CheckIn) == 0
    # The screen's QR holds the current code.
    svg = organiser.get(f"/manage/events/kla-serang/checkin/sessions/{sid}/screen.svg")
    assert svg.mimetype == "image/svg+xml" and svg.headers["Cache-Control"] == "no-store"
    secret = app.config["SECRET_KEY"]
    code = services.rotating_code(secret, live.session, services.rotation_window(datetime.now(UTC)))
    page = phone.get(f"/c/{live.session}?k={code}").get_data(as_text=True)
    assert "I am here: check me in" in page and f"k={code}" in page
    done = phone.post_form(f"/c/{live.session}?k={code}")
    assert "You are checked in" in done.get_data(as_text=True)
    assert "bintek_phone=" in done.headers.get("Set-Cookie", "") or phone.get_cookie("bintek_phone")


def test_self_check_in_switched_off(app, as_role, client, world, live):
    sid = session_id(app, live.session)
    as_role("organiser").post_form(f"/manage/events/kla-serang/checkin/sessions/{sid}/mode", {"mode": "off"})
    phone = english(client)
    phone.set_cookie(TICKET_COOKIE, world.ticket)
    page = phone.post_form(f"/c/{live.session}").get_data(as_text=True)
    assert "Self check-in is off for this session" in page
    with app.app_context():
        assert (
            db.session.execute(
                select(func.count(CheckIn.id)).join(AgendaSession).where(AgendaSession.code == live.session)
            ).scalar_one()
            == 0
        )


def test_staff_cannot_change_the_mode_and_a_bad_mode_changes_nothing(app, as_role, live):
    sid = session_id(app, live.session)
    assert (
        as_role("staff")
        .post_form(f"/manage/events/kla-serang/checkin/sessions/{sid}/mode", {"mode": "off"})
        .status_code
        == 403
    )
    as_role("organiser").post_form(
        f"/manage/events/kla-serang/checkin/sessions/{sid}/mode", {"mode": "<script>"}
    )
    with app.app_context():
        assert db.session.get(AgendaSession, sid).self_checkin == "poster"


def test_one_phone_checking_in_two_tickets_is_flagged_on_the_dashboard(app, as_role, client, world, live):
    phone = english(client)
    for ticket in (world.ticket, live.child):
        phone.set_cookie(TICKET_COOKIE, ticket)
        assert phone.post_form(f"/c/{live.session}").status_code == 200
    page = english(as_role("staff")).get("/manage/events/kla-serang/checkin").get_data(as_text=True)
    assert "One phone, several people" in page
    assert "Muh. Ma&#39;ruf" in page and "Nadia Putri Ramadhani" in page
    detail = (
        english(as_role("staff"))
        .get(f"/manage/events/kla-serang/checkin/sessions/{session_id(app, live.session)}")
        .get_data(as_text=True)
    )
    assert detail.count("phone used for several people") == 2
    # Who is still missing, and the counts by gender, category and institution.
    missing = re.search(r"Not here yet \((\d+)\)", detail)
    checked = re.search(r"(\d+) of (\d+) checked in", detail)
    assert missing and checked and int(missing.group(1)) == int(checked.group(2)) - int(checked.group(1))
    assert "By gender, category and institution" in detail


# ---- undo, paper -----------------------------------------------------------------------------------------------


def test_organiser_undoes_a_check_in_with_a_reason_and_the_person_can_check_in_again(
    app, as_role, world, live
):
    staff = as_role("staff")
    staff_post(staff, item(world.ticket, live.session))
    with app.app_context():
        row = db.session.execute(
            select(CheckIn).join(AgendaSession).where(AgendaSession.code == live.session)
        ).scalar_one()
        row_id = row.id
    organiser = english(as_role("organiser"))
    refused = organiser.post_form(
        f"/manage/events/kla-serang/checkin/{row_id}/void", {"reason": ""}, follow_redirects=True
    )
    assert "Say why this check-in is undone." in refused.get_data(as_text=True)
    assert count(app, CheckIn, CheckIn.id == row_id) == 1
    assert (
        staff.post_form(f"/manage/events/kla-serang/checkin/{row_id}/void", {"reason": "salah"}).status_code
        == 403
    )
    done = organiser.post_form(
        f"/manage/events/kla-serang/checkin/{row_id}/void", {"reason": "Salah scan"}, follow_redirects=True
    )
    assert "was undone" in done.get_data(as_text=True)
    assert count(app, CheckIn, CheckIn.id == row_id) == 0
    assert count(app, CheckInVoid, CheckInVoid.void_reason == "Salah scan") == 1
    assert staff_post(staff, item(world.ticket, live.session)).get_json()["status"] == "ok"


def test_paper_tick_list_records_who_signed(app, as_role, world, live):
    staff = english(as_role("staff"))
    sid = session_id(app, live.session)
    page = staff.get(f"/manage/events/kla-serang/checkin/sessions/{sid}/paper").get_data(as_text=True)
    numbers = re.findall(r'name="number" value="(\d+)"', page)
    assert len(numbers) >= 2
    response = staff.post_form(
        f"/manage/events/kla-serang/checkin/sessions/{sid}/paper",
        {"number": numbers[:2]},
        follow_redirects=True,
    )
    assert "2 added" in response.get_data(as_text=True)
    assert count(app, CheckIn, CheckIn.method == "paper") == 2
    nothing = staff.post_form(
        f"/manage/events/kla-serang/checkin/sessions/{sid}/paper", {}, follow_redirects=True
    )
    assert "Tick the people who signed" in nothing.get_data(as_text=True)


# ---- poster, roster, scanner page ----------------------------------------------------------------------------------


def test_poster_is_a_pdf_named_after_the_session(app, as_role, live):
    sid = session_id(app, live.session)
    response = as_role("staff").get(f"/manage/events/kla-serang/agenda/{sid}/poster.pdf")
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    assert f"poster-absensi-{sid}-" in response.headers["Content-Disposition"]


def test_poster_text_is_indonesian_with_one_english_line(app, ctx):
    from tests.checkin.conftest import add_session, checkin_event
    from tests.conftest import make_user
    from workshop.documents import services as documents

    event = checkin_event(make_user("p@serang.go.id"))
    session = add_session(event)
    url = f"https://bintek.example/c/{session.code}"
    poster = documents.poster_content(event, session, url)
    pdf = documents.poster_pdf(event, session, url)
    text = " ".join(pdf_text(pdf)[0].split())
    assert "ABSENSI MANDIRI" in text and url in text and "Konvensi Hak Anak" in text
    assert pdf_qr_texts(pdf, scale=2) == [url]  # what a phone camera reads off the poster
    assert poster.heading == "ABSENSI MANDIRI"
    assert poster.url.endswith(f"/c/{session.code}")
    assert "Selasa, 17 November 2026 · 09:00–10:30 WIB · Aula" == poster.when
    assert poster.second_language.startswith("English: Open your ticket link")


def test_roster_lists_the_sessions_to_choose(app, client, live):
    response = client.get("/api/events/kla-serang/roster", headers={"Authorization": f"Bearer {live.token}"})
    sessions = response.get_json()["sessions"]
    assert live.session in {s["code"] for s in sessions}
    assert response.headers["Cache-Control"] == "no-store"


def test_scanner_page_may_compile_wasm_and_weighs_under_100_kb_without_it(app, as_role):
    staff = as_role("staff")
    response = staff.get("/scan/kla-serang", headers={"Accept-Encoding": "gzip"})
    assert "'wasm-unsafe-eval'" in response.headers["Content-Security-Policy"]
    html = gzip.decompress(response.data).decode()
    assert 'data-mode="user"' in html
    total = len(response.data)
    assets = re.findall(r'<(?:link|script)\b[^>]*\b(?:href|src)="([^"]+)"', html)
    for url in assets:
        asset = staff.get(url, headers={"Accept-Encoding": "gzip"})
        asset.close()
        assert asset.status_code == 200
        total += len(asset.data)
    assert total <= 100 * 1024, f"scanner page is {total} bytes"
    wasm = staff.get("/static/vendor/barcode-detector/zxing_reader.wasm")
    wasm.close()
    assert wasm.status_code == 200 and wasm.mimetype == "application/wasm"
    # Other pages stay without it.
    assert (
        "wasm-unsafe-eval"
        not in staff.get("/manage/events/kla-serang/checkin").headers["Content-Security-Policy"]
    )


def test_scanner_page_without_sign_in_is_the_paired_phone_shell(client, world):
    html = client.get("/scan/kla-serang").get_data(as_text=True)
    assert 'data-mode="device"' in html
    assert client.get("/scan/no-such-event").status_code == 404
    sw = client.get("/scan/sw.js")
    assert sw.headers["Service-Worker-Allowed"] == "/" and b"bintek-offline" in sw.data
