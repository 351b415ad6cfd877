"""Findings of the fuzz tests, pinned as plain tests: NUL characters, ids beyond a database
integer, a form field missing from a post."""

from sqlalchemy import func, select

from tests.checkin.conftest import device_post, item
from workshop.attendees.models import Attendee
from workshop.checkin.models import CheckIn
from workshop.extensions import db


def test_nul_characters_are_refused_before_any_view(app, world, as_role):
    client = as_role("organiser")
    response = client.post_form(f"/manage/events/{world.event_slug}/attendees/new", {"full_name": "Rina\x00"})
    assert response.status_code == 400
    assert client.get(f"/manage/events/{world.event_slug}/attendees?q=a%00b").status_code == 400
    assert client.get("/t/abc%00def").status_code == 404
    with app.app_context():
        assert db.session.execute(select(func.count(Attendee.id))).scalar_one() == 2  # the world's two


def test_nul_in_json_is_a_400_with_a_json_error(app, world, client):
    response = device_post(client, "any-token", item("abc\x00", "S1"))
    assert response.status_code == 400 and "error" in response.json
    with app.app_context():
        assert db.session.execute(select(func.count(CheckIn.id))).scalar_one() == 0


def test_ids_beyond_a_database_integer_are_not_found(app, world, as_role):
    client = as_role("organiser")
    assert (
        client.get(f"/manage/events/{world.event_slug}/attendees/99999999999999999999/edit").status_code
        == 404
    )
    assert client.get(f"/manage/events/{world.event_slug}/audit?page=99999999999999999999").status_code == 200


def test_editing_a_person_without_the_institution_field_keeps_the_institution(app, world, as_role):
    client = as_role("organiser")
    response = client.post_form(
        f"/manage/events/{world.event_slug}/attendees/{world.attendee_id}/edit",
        {"full_name": "Muh. Ma'ruf, S.Pd.I."},
    )
    assert response.status_code == 302  # was a 500: the Institution row went into a text field
    with app.app_context():
        assert db.session.get(Attendee, world.attendee_id).institution_text == "Dinas Kesehatan Kota Serang"


def test_nul_in_an_api_body_is_refused_whatever_its_content_type(client, world):
    body = b'{"code": "a\\u0000b", "session": "X", "scan_id": "x"}'
    response = client.post("/api/checkins", data=body, headers={"Content-Type": "text/plain"})
    assert response.status_code == 400


# ---- issue 16: a hostile probe --------------------------------------------------------------


def test_json_nested_thousands_deep_is_a_400_before_authentication(client, world):
    """5,000 "[" or 900 nested objects made the old NUL check recurse into a RecursionError (500)."""
    for body in (b"[" * 5000 + b"]" * 5000, b'{"a":' * 900 + b"1" + b"}" * 900, b"[" * 5000):
        for url in ("/api/checkins", f"/api/events/{world.event_slug}/walk-ins"):
            response = client.post(url, data=body, headers={"Content-Type": "application/json"})
            assert response.status_code == 400 and response.is_json, (url, response.status_code)


def test_brackets_inside_strings_do_not_count_as_depth(app, world, as_role):
    client = as_role("staff")
    body = '{"full_name": "' + "[" * 3000 + '", "gender": "L"}'
    response = client.post(
        f"/api/events/{world.event_slug}/walk-ins",
        data=body,
        headers={"Content-Type": "application/json", "X-CSRFToken": client.csrf_token()},
    )
    assert response.status_code == 422  # judged as a person (a name of brackets is refused)


def test_json_depth_is_measured_without_recursion():
    from workshop.core.inputs import json_depth

    assert json_depth(b'{"a": [1, {"b": [2]}]}') == 4
    assert json_depth(b'["[[[", "\\"[[[", {"x": "]]]"}]') == 2
    assert json_depth(b"[" * 100_000) == 100_000
    assert json_depth(b'"\\\\"') == 0


def test_oversized_json_bodies_are_refused(app, world, client, monkeypatch):
    monkeypatch.setitem(app.config, "JSON_MAX_BYTES", 1000)  # the app is shared by the whole run
    response = client.post(
        "/api/checkins",
        data=b'{"scans": [' + b'"x",' * 500 + b'"x"]}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413 and response.is_json


def test_nan_huge_numbers_and_lone_surrogates_in_json_are_a_400(app, world, as_role):
    client = as_role("staff")
    headers = {"Content-Type": "application/json", "X-CSRFToken": client.csrf_token()}
    url = f"/api/events/{world.event_slug}/walk-ins"
    for body in (
        b'{"full_name": "Rina", "gender": NaN}',
        b'{"full_name": "Rina", "phone": 1' + b"0" * 30 + b"}",
        b'{"full_name": "Rina \\ud800"}',
        b'{"full_name": "Rina \\uffff"}',
        b'{"full_name": "Rina \\ufdd0"}',
    ):
        response = client.post(url, data=body, headers=headers)
        assert response.status_code == 400, body
    with app.app_context():
        assert db.session.execute(select(func.count(Attendee.id))).scalar_one() == 2


def test_non_characters_in_a_form_field_get_a_message_by_the_field(app, world, as_role):
    client = as_role("organiser")
    client.set_cookie("lang", "en")
    response = client.post_form(f"/manage/events/{world.event_slug}/edit", {"title": "Bintek \ufdd0 KLA"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This text holds a character that cannot be stored or printed." in page
    assert 'class="field-error"' in page
    with app.app_context():
        from workshop.events.models import Event

        assert "\ufdd0" not in db.session.execute(select(Event.title)).scalars().first()


def test_a_scan_at_the_end_of_time_is_invalid_not_a_500(app, world, client, url_values):
    """scanned_at 9999-12-31 with sent_at in year 1 overflowed the clock correction."""
    import uuid

    from workshop.checkin import services
    from workshop.events.models import Event

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        _, token = services.create_device_token(event, "Jam rusak")
        db.session.commit()
    broken = {
        "code": world.ticket,
        "session": url_values["checkin_session"],
        "scan_id": str(uuid.uuid4()),
        "scanned_at": "9999-12-31T23:59:59Z",
        "sent_at": "0001-01-01T00:00:00Z",
    }
    assert device_post(client, token, broken).json["status"] == "invalid"
    offset = {**broken, "scan_id": str(uuid.uuid4()), "scanned_at": "9999-12-31T23:59:59-01:00"}
    del offset["sent_at"]
    assert device_post(client, token, offset).json["status"] == "invalid"
    fine = {**broken, "scan_id": str(uuid.uuid4())}
    del fine["scanned_at"], fine["sent_at"]
    batch = device_post(client, token, {"scans": [broken | {"scan_id": str(uuid.uuid4())}, fine]})
    assert batch.status_code == 200
    statuses = [r["status"] for r in batch.json["results"]]
    assert statuses[0] == "invalid" and statuses[1] != "invalid"


def test_a_non_character_in_one_scan_fails_that_item_not_the_batch(app, world, client, url_values):
    import uuid

    from workshop.checkin import services
    from workshop.events.models import Event

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        _, token = services.create_device_token(event, "Pintu U+FFFF")
        db.session.commit()
    odd = {
        "code": world.ticket + "\uffff",
        "session": url_values["checkin_session"],
        "scan_id": str(uuid.uuid4()),
    }
    fine = {"code": world.ticket, "session": url_values["checkin_session"], "scan_id": str(uuid.uuid4())}
    response = device_post(client, token, {"scans": [odd, fine]})
    assert response.status_code == 200
    statuses = [r["status"] for r in response.json["results"]]
    assert statuses[0] == "invalid" and statuses[1] != "invalid"


def test_a_400_digit_number_in_a_form_gets_a_message_not_a_500(app, world, as_role):
    """Found by the fuzz: WTForms' NumberRange compares through float, which overflows."""
    client = as_role("organiser")
    client.set_cookie("lang", "en")
    response = client.post_form(f"/manage/events/{world.event_slug}/edit", {"capacity": "1" + "0" * 400})
    assert response.status_code == 200
    assert "This number is far too large." in response.get_data(as_text=True)
