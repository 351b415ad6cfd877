"""Correcting, downloading and asking to delete one's data from the ticket: the link alone is not
enough, a proof (NIP or last four phone digits) is asked first and cannot be brute-forced."""

import json
import re

import pytest
from sqlalchemy import select

from tests.conftest import make_attendee, make_event, make_user
from tests.registration.helpers import english, form_data
from workshop.attendees import services as attendee_services
from workshop.attendees.models import Attendee
from workshop.core.audit import AuditEntry
from workshop.extensions import db

NIP = "19860926201505 1 001"


@pytest.fixture
def holder(app):
    """A registered peserta (phone ends in 7890) and a speaker of the same event."""
    with app.app_context():
        organiser = make_user("panitia@serang.go.id")
        event = make_event(organiser, slug="kla-serang")
        person = make_attendee(event)  # NIP 19860926 201505 1 001, phone 0812-3456-7890
        attendee_services.record_consent(person, "the notice")
        speaker = make_attendee(
            event,
            full_name="Prof. Dr. Ahmad",
            role="narasumber",
            nip="19700101 199503 1 001",
            phone="0811-2222-3333",
        )
        attendee_services.record_consent(speaker, "the notice")
        db.session.commit()
        return {"code": person.ticket_code, "id": person.id, "speaker": speaker.ticket_code}


@pytest.fixture
def client(app):
    return english(app.test_client())


def load(code: str) -> Attendee:
    return db.session.execute(select(Attendee).where(Attendee.ticket_code == code)).scalar_one()


def prove(client, code: str, proof: str, action: str = "edit"):
    return client.post_form(f"/t/{code}/verify", {"proof": proof, "next": action})


def person_form(**overrides) -> dict:
    data = form_data(
        **{
            "full_name": "Muh. Ma'ruf, S.Pd.I.",
            "gender": "L",
            "nip": "19860926 201505 1 001",
            "phone": "0812-3456-7890",
            "institution": "Dinas Kesehatan Kota Serang",
            **overrides,
        }
    )
    data.pop("consent")
    return data


@pytest.mark.parametrize("action", ["edit", "download", "delete"])
def test_the_link_alone_shows_only_the_proof_form(app, holder, client, action):
    response = client.get(f"/t/{holder['code']}/{action}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="proof"' in page
    assert "maruf@dinkes" not in page and "198609262015051001" not in page and "7890" not in page
    assert response.headers.get("Content-Disposition") is None
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("proof", ["0000", "7891", "198609262015051002", "", "abcd"])
def test_a_wrong_proof_opens_nothing(app, holder, client, proof):
    response = prove(client, holder["code"], proof)
    assert response.status_code == 200
    assert 'id="proof-error"' in response.get_data(as_text=True)
    assert 'name="proof"' in client.get(f"/t/{holder['code']}/edit").get_data(as_text=True)


@pytest.mark.parametrize("proof", ["7890", NIP, "19860926 201505 1 001"])
def test_the_nip_or_the_last_four_phone_digits_open_the_data(app, holder, client, proof):
    response = prove(client, holder["code"], proof)
    assert response.status_code == 302 and response.headers["Location"] == f"/t/{holder['code']}/edit"
    page = client.get(f"/t/{holder['code']}/edit").get_data(as_text=True)
    assert 'value="Muh. Ma&#39;ruf, S.Pd.I."' in page
    assert 'value="maruf@dinkes.serangkota.go.id"' in page


def test_a_proof_for_one_ticket_does_not_open_another(app, holder, client):
    prove(client, holder["code"], "7890")
    assert 'name="proof"' in client.get(f"/t/{holder['speaker']}/edit").get_data(as_text=True)
    assert 'name="proof"' in client.get(f"/t/{holder['speaker']}/download").get_data(as_text=True)


def test_correcting_my_data_is_stored_and_audited_as_the_ticket_holder(app, holder, client):
    code = holder["code"]
    assert client.post_form(f"/t/{code}/edit", person_form()).status_code == 302  # not proven yet
    with app.app_context():
        assert load(code).position == "Analis Kebijakan Ahli Muda"

    prove(client, code, "7890")
    bad = client.post_form(f"/t/{code}/edit", person_form(full_name="Ma'ruf <b>", position="Kepala Bidang"))
    assert 'id="full_name-error"' in bad.get_data(as_text=True)
    assert 'value="Kepala Bidang"' in bad.get_data(as_text=True)
    response = client.post_form(
        f"/t/{code}/edit", person_form(position="Kepala Bidang", email="maruf@serangkota.go.id")
    )
    assert response.status_code == 302 and response.headers["Location"] == f"/t/{code}"
    assert "Your data has been corrected." in client.get(f"/t/{code}").get_data(as_text=True)
    with app.app_context():
        person = load(code)
        assert (person.position, person.email, person.role) == (
            "Kepala Bidang",
            "maruf@serangkota.go.id",
            "peserta",
        )
        entry = db.session.execute(
            select(AuditEntry).where(AuditEntry.entity == "Attendee", AuditEntry.action == "update")
        ).scalar_one()
        assert entry.actor == f"attendee #{holder['id']} (ticket)"
        assert entry.changes["position"] == ["Analis Kebijakan Ahli Muda", "Kepala Bidang"]


def test_correcting_keeps_a_speaker_a_speaker(app, holder, client):
    prove(client, holder["speaker"], "3333")
    data = person_form(
        full_name="Prof. Dr. Ahmad, M.Si.", nip="19700101 199503 1 001", phone="0811-2222-3333"
    )
    assert client.post_form(f"/t/{holder['speaker']}/edit", data).status_code == 302
    with app.app_context():
        assert (load(holder["speaker"]).role, load(holder["speaker"]).full_name) == (
            "narasumber",
            "Prof. Dr. Ahmad, M.Si.",
        )


def test_correcting_asks_to_confirm_a_nip_that_contradicts_the_gender(app, holder, client):
    code = holder["code"]
    prove(client, code, "7890")
    page = client.post_form(f"/t/{code}/edit", person_form(gender="P")).get_data(as_text=True)
    assert 'id="nip-warning"' in page
    warned = re.search(r'name="warned" value="([^"]*)"', page).group(1)
    client.post_form(f"/t/{code}/edit", person_form(gender="P", warned=warned, confirm_warnings="y"))
    with app.app_context():
        assert load(code).gender == "P"


def test_download_gives_every_field_with_the_consent(app, holder, client):
    code = holder["code"]
    prove(client, code, NIP, action="download")
    response = client.get(f"/t/{code}/download")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="bintek-kla-serang-001.json"'
    assert response.headers["Cache-Control"] == "private, no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["event"]["title"] == "Bintek Peningkatan Kapasitas Gugus Tugas KLA"
    person = data["attendee"]
    assert person["full_name"] == "Muh. Ma'ruf, S.Pd.I."
    assert person["nip"] == "198609262015051001"
    assert person["phone"] == "+6281234567890"
    assert person["consent_text"] == "the notice"
    assert person["consent_at"].startswith("20")
    assert person["institution_name"] == "Dinas Kesehatan"


def test_asking_for_deletion_cancels_the_registration(app, holder, client):
    code = holder["code"]
    client.get(f"/t/{code}")  # remembered on this phone
    assert client.post_form(f"/t/{code}/delete", {"confirm": "y"}).status_code == 302
    with app.app_context():
        assert load(code).status == "registered"
    prove(client, code, "7890", action="delete")
    page = client.post_form(f"/t/{code}/delete", {}).get_data(as_text=True)
    assert 'id="confirm-error"' in page
    response = client.post_form(f"/t/{code}/delete", {"confirm": "y"})
    assert response.status_code == 302 and response.headers["Location"] == f"/t/{code}"
    assert any(c.startswith("bintek_ticket=;") for c in response.headers.getlist("Set-Cookie"))
    page = client.get(f"/t/{code}").get_data(as_text=True)
    assert "Your request to delete your data has been recorded" in page
    assert "This ticket is no longer valid" in page
    with app.app_context():
        person = load(code)
        assert person.status == "cancelled"
        assert person.cancel_reason == "Permintaan penghapusan data oleh peserta"
        entry = db.session.execute(
            select(AuditEntry).where(AuditEntry.entity == "Attendee", AuditEntry.action == "update")
        ).scalar_one()
        assert entry.actor == f"attendee #{holder['id']} (ticket)"
        assert entry.changes["status"] == ["registered", "cancelled"]
    # The proof was used up: a second request needs a new one.
    assert 'name="proof"' in client.get(f"/t/{code}/download").get_data(as_text=True)


def test_proof_attempts_are_limited_per_ticket(app, holder, client):
    code = holder["code"]
    for guess in ("0001", "0002", "0003", "0004", "0005"):
        assert prove(client, code, guess).status_code == 200
    # Even the right digits, and from another phone: the ticket is locked for a while.
    assert prove(client, code, "7890").status_code == 429
    assert prove(english(app.test_client()), code, "7890").status_code == 429
    # Other tickets are not affected.
    assert prove(client, holder["speaker"], "3333").status_code == 302


def test_a_successful_proof_does_not_use_up_attempts(app, holder, client):
    for _ in range(7):
        assert prove(client, holder["code"], "7890").status_code == 302


def test_proof_of_an_unknown_ticket_is_404(app, holder, client):
    assert prove(client, "no-such-ticket-code-at-all", "7890").status_code == 404
