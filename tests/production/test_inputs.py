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
