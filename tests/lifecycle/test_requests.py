"""A person's deletion request (from their ticket page) is carried out by an organiser, one person
at a time, audited, with the values in earlier audit entries about them gone too."""

import json

from sqlalchemy import func, select

from tests.conftest import PASSWORD  # noqa: F401
from workshop.attendees.models import Attendee
from workshop.core.audit import AuditEntry
from workshop.extensions import db
from workshop.lifecycle.models import DataErasure


def _ask_for_deletion(client, world):
    client.post_form(f"/t/{world.ticket}/verify", {"proof": "7890", "next": "delete"})
    response = client.post_form(f"/t/{world.ticket}/delete", {"confirm": "y"})
    assert response.status_code in (200, 302)


def test_organiser_erases_one_persons_data_on_request(app, world, as_role, client):
    client.set_cookie("lang", "en")
    organiser = as_role("organiser")
    organiser.set_cookie("lang", "en")
    organiser.post_form(
        f"/manage/events/{world.event_slug}/attendees/{world.attendee_id}/edit",
        {
            "full_name": "Muh. Ma'ruf, S.Pd.I.",
            "gender": "L",
            "category": "PNS",
            "nip": "19860926 201505 1 001",
            "golongan": "III/c",
            "position": "Kepala Seksi",
            "institution": "Dinas Kesehatan Kota Serang",
            "work_unit": "",
            "phone": "0812-3456-7890",
            "email": "baru@dinkes.serangkota.go.id",
            "role": "peserta",
        },
    )
    _ask_for_deletion(client, world)
    page = organiser.get(f"/manage/events/{world.event_slug}/personal-data").get_data(as_text=True)
    assert "Muh. Ma&#39;ruf, S.Pd.I." in page and "Erase personal data" in page
    response = organiser.post_form(
        f"/manage/events/{world.event_slug}/personal-data/{world.attendee_id}/erase"
    )
    assert response.status_code == 302
    with app.app_context():
        person = db.session.get(Attendee, world.attendee_id)
        assert (
            person.full_name == "—" and person.nip is None and person.phone is None and person.email is None
        )
        entries = (
            db.session.execute(
                select(AuditEntry).where(
                    AuditEntry.entity == "Attendee", AuditEntry.entity_id == world.attendee_id
                )
            )
            .scalars()
            .all()
        )
        text = json.dumps([e.changes for e in entries])
        assert "baru@dinkes" not in text and "Kepala Seksi" not in text and "628123456789" not in text
        erase = next(e for e in entries if e.action == "erase")
        assert erase.actor == "organiser@serang.go.id"
        assert db.session.execute(select(DataErasure)).scalar_one().kind == "request"
    # A second click (the fuzz found it: a 500 from the unique erasure row) changes nothing.
    again = organiser.post_form(f"/manage/events/{world.event_slug}/personal-data/{world.attendee_id}/erase")
    assert again.status_code == 302
    with app.app_context():
        assert db.session.execute(select(func.count(DataErasure.id))).scalar_one() == 1
    page = organiser.get(f"/manage/events/{world.event_slug}/personal-data").get_data(as_text=True)
    assert "Erased on" in page and "organiser@serang.go.id" in page
    # The old ticket link opens nothing any more.
    assert client.get(f"/t/{world.ticket}").status_code == 404


def test_nobody_is_erased_without_a_request(app, world, as_role):
    organiser = as_role("organiser")
    organiser.set_cookie("lang", "en")
    response = organiser.post_form(
        f"/manage/events/{world.event_slug}/personal-data/{world.attendee_id}/erase", follow_redirects=True
    )
    assert response.status_code == 200
    assert "This person has not asked for their data to be deleted." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Attendee, world.attendee_id).phone == "+6281234567890"
        assert db.session.execute(select(DataErasure)).first() is None


def test_staff_cannot_erase(app, world, as_role, client):
    _ask_for_deletion(client, world)
    response = as_role("staff").post_form(
        f"/manage/events/{world.event_slug}/personal-data/{world.attendee_id}/erase"
    )
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Attendee, world.attendee_id).phone == "+6281234567890"
