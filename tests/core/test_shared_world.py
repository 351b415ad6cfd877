"""The world shared by the authorisation matrix's rows (tests/shared_world.py) is kept only while
nothing changed it: a row that writes to the database or the storage folder gets the next row a
world built again, so no row's answer depends on what another row did."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.conftest import log_in
from tests.shared_world import is_read
from workshop.agenda.models import AgendaMaterial as Material
from workshop.events.models import Membership
from workshop.extensions import db

pytestmark = pytest.mark.sqlite_only


@pytest.mark.parametrize(
    "statement, read",
    [
        ("SELECT events.id FROM events", True),
        ("  (SELECT 1) UNION (SELECT 2)", True),
        ("SAVEPOINT sa_savepoint_1", True),
        ("INSERT INTO events (title) VALUES (?)", False),
        ("UPDATE attendees SET status=?", False),
        ("DELETE FROM materials WHERE id = ?", False),
        ("WITH gone AS (DELETE FROM jobs RETURNING id) SELECT count(*) FROM gone", False),
        ("TRUNCATE users RESTART IDENTITY CASCADE", False),
    ],
)
def test_only_reads_count_as_reads(statement, read):
    assert is_read(statement) is read


def test_pages_that_only_read_keep_the_world(shared_world):
    builds = shared_world.builds
    organiser = log_in(shared_world.app.test_client(), shared_world.world.users["organiser"][0])
    for url in ("/manage/events/{event}/", "/manage/events/{event}/agenda/", "/manage/events/{event}/audit"):
        assert organiser.get(url.format(**shared_world.url_values)).status_code == 200
    assert not shared_world.dirty
    assert shared_world.fresh().builds == builds


def test_a_write_gets_the_next_test_a_world_built_again(shared_world):
    app, values = shared_world.app, shared_world.url_values
    organiser = log_in(app.test_client(), shared_world.world.users["organiser"][0])
    response = organiser.post_form(
        f"/manage/events/{values['event']}/team/{values['staff_membership']}/remove"
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Membership, values["staff_membership"]) is None
    assert shared_world.dirty

    builds = shared_world.builds
    again = shared_world.fresh()
    assert again.builds == builds + 1 and not again.dirty
    with app.app_context():
        # The staff member is on the team again.
        membership = db.session.get(Membership, again.url_values["staff_membership"])
        assert membership.user_id == again.world.users["staff"][0]


def test_a_deleted_file_gets_the_next_test_a_world_built_again(shared_world):
    app, values = shared_world.app, shared_world.url_values
    organiser = log_in(app.test_client(), shared_world.world.users["organiser"][0])
    url = f"/manage/events/{values['event']}/agenda/materials/{values['material']}"
    assert organiser.post_form(url + "/delete").status_code == 302
    assert organiser.get(url).status_code == 404
    assert shared_world.dirty
    again = shared_world.fresh()
    url = f"/manage/events/{values['event']}/agenda/materials/{again.url_values['material']}"
    response = organiser.get(url)
    response.close()
    assert response.status_code == 200
    with app.app_context():
        assert db.session.execute(select(func.count(Material.id))).scalar_one() == 1


def test_a_write_that_was_rolled_back_still_counts(shared_world):
    with shared_world.app.app_context():
        material = db.session.get(Material, shared_world.url_values["material"])
        material.title = "changed"
        db.session.flush()
        db.session.rollback()
    assert shared_world.dirty


def test_a_file_added_to_the_storage_folder_counts(shared_world):
    assert not shared_world.dirty
    (shared_world._storage / "stray.bin").write_bytes(b"x")
    try:
        assert shared_world.dirty
    finally:
        (shared_world._storage / "stray.bin").unlink()
    shared_world.fresh()
