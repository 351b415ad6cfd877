"""flask data purge: an event past its retention period loses its personal data (attendee fields,
audit values, stored files, ticket links), keeps anonymous counts and the names certificates need;
an event still within its period is untouched."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, time, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from tests.conftest import make_attendee, make_event, make_user
from workshop.agenda import services as agenda
from workshop.attendees.models import Attendee
from workshop.checkin import services as checkin
from workshop.checkin.models import CheckIn
from workshop.core.audit import AuditEntry, acting_as
from workshop.events.models import Event
from workshop.extensions import db
from workshop.lifecycle import services
from workshop.lifecycle.models import DataErasure

PHONE, EMAIL, NIP = "+6281234567890", "maruf@dinkes.serangkota.go.id", "198609262015051001"


def _png() -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 120, 40)).save(data, "PNG")
    data.seek(0)
    return data


@pytest.fixture
def old_event(app):
    """An event that ended two years ago, kept 12 months: due for the purge. People of every kind,
    a speaker photo, a material, a check-in; every change audited (as the app does)."""
    with app.app_context(), acting_as("test"):
        organiser = make_user("panitia@serang.go.id")
        event = make_event(
            organiser,
            slug="kla-2024",
            starts_on=date(2024, 11, 5),
            ends_on=date(2024, 11, 7),
            retention_months=12,
        )
        person = make_attendee(event)
        child = make_attendee(
            event,
            full_name="Nadia Putri Ramadhani",
            gender="P",
            category="Forum Anak",
            nip="",
            golongan="",
            position="",
            phone="0813-0000-2222",
            email="",
            guardian_name="Ibu Ramadhani",
        )
        gone = make_attendee(
            event,
            full_name="Agus Salim",
            category="non-ASN",
            nip="",
            golongan="",
            phone="0813-0000-1111",
            email="agus@example.go.id",
        )
        gone.status = "cancelled"
        speaker = make_attendee(
            event,
            full_name="Drs. Dermawan, M.Si.",
            role="narasumber",
            nip="19680412 199303 1 002",
            phone="0811-1234-5601",
            email="dermawan@kemenpppa.go.id",
        )
        agenda.set_speaker_photo(speaker, _png())
        start = datetime.combine(event.starts_on, time(9, 0))
        session, _ = agenda.create_session(
            event,
            {
                "title": "Konvensi Hak Anak",
                "kind": "materi",
                "starts_at": start,
                "ends_at": start + timedelta(minutes=90),
                "room": "Aula",
            },
            confirm_warnings=True,
        )
        material = agenda.add_material(
            session, io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "Paparan KHA.pdf", title="Paparan"
        )
        db.session.flush()
        when = datetime(2024, 11, 5, 2, 10, tzinfo=UTC)
        checkin.check_in(
            event,
            person.ticket_code,
            session.code,
            "a5c3e1d2-0000-4000-8000-000000000001",
            scanned_at=when,
            now=when,
        )
        db.session.commit()
        files = [agenda.material_path(material), agenda.speaker_photo_path(speaker)]
        recent = make_event(organiser, slug="kla-now", title="Bintek KLA sekarang")
        fresh = make_attendee(
            recent,
            phone="0812-5555-6666",
            email="fresh@example.go.id",
            nip="19900101 201801 2 003",
            full_name="Rina Lestari",
            gender="P",
        )
        db.session.commit()
        return {
            "event_id": event.id,
            "person": person.id,
            "child": child.id,
            "gone": gone.id,
            "speaker": speaker.id,
            "ticket": person.ticket_code,
            "files": files,
            "fresh": fresh.id,
            "recent_id": recent.id,
        }


def _audit_text(event_id: int) -> str:
    entries = db.session.execute(select(AuditEntry).where(AuditEntry.event_id == event_id)).scalars()
    return json.dumps([e.changes for e in entries], ensure_ascii=False)


def test_dry_run_changes_nothing(app, runner, old_event):
    result = runner.invoke(args=["data", "purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "kla-2024" in result.output and "kla-now" not in result.output and "Dry run" in result.output
    with app.app_context():
        assert db.session.get(Attendee, old_event["person"]).phone == PHONE
        assert db.session.execute(select(func.count(DataErasure.id))).scalar_one() == 0
    assert all(path.exists() for path in old_event["files"])


def test_purge_removes_personal_data_and_keeps_counts(app, runner, client, old_event):
    with app.app_context():
        event = db.session.get(Event, old_event["event_id"])
        counts_before = services.anonymous_counts(event)
        assert PHONE in _audit_text(event.id) and EMAIL in _audit_text(event.id)
    result = runner.invoke(args=["data", "purge"])
    assert result.exit_code == 0, result.output
    assert "kla-2024: purged" in result.output
    with app.app_context():
        person = db.session.get(Attendee, old_event["person"])
        assert (person.nip, person.phone, person.email, person.golongan) == (None, None, None, None)
        assert person.position == "" and person.work_unit == "" and person.consent_text is None
        # The name stays for certificate verification; the institution by its canonical name.
        assert person.full_name == "Muh. Ma'ruf, S.Pd.I."
        assert person.institution_text == person.institution.name
        child = db.session.get(Attendee, old_event["child"])
        assert child.full_name == "N.P.R." and child.guardian_name is None and child.phone is None
        assert db.session.get(Attendee, old_event["gone"]).full_name == "—"
        speaker = db.session.get(Attendee, old_event["speaker"])
        assert speaker.photo_path is None and speaker.bio == ""
        # The audit log keeps who changed which field, not the values; the purge is recorded.
        text = _audit_text(old_event["event_id"])
        for secret in (
            PHONE,
            EMAIL,
            NIP,
            "Ibu Ramadhani",
            "agus@example.go.id",
            "Dinas Kesehatan Kota Serang",
        ):
            assert secret not in text
        purge = db.session.execute(select(AuditEntry).where(AuditEntry.action == "purge")).scalar_one()
        assert purge.actor == "cli:data purge" and purge.changes["attendees"] == [None, 4]
        # Anonymous counts and attendance stay.
        event = db.session.get(Event, old_event["event_id"])
        assert services.anonymous_counts(event) == counts_before
        assert db.session.execute(select(func.count(CheckIn.id))).scalar_one() == 1
        # The other event is untouched.
        fresh = db.session.get(Attendee, old_event["fresh"])
        assert fresh.phone == "+6281255556666" and fresh.email == "fresh@example.go.id"
    assert not any(path.exists() for path in old_event["files"])
    # The old ticket link opens nothing.
    assert client.get(f"/t/{old_event['ticket']}").status_code == 404
    again = runner.invoke(args=["data", "purge"])
    assert "No event is past its retention period." in again.output


def test_abandoned_import_uploads_are_removed(app, runner):
    import os

    with app.app_context():
        from workshop.attendees.importing import save_pending

        token = save_pending(app, b"a list of people", "xlsx")
        from workshop.attendees.importing import pending_path

        path = pending_path(app, token, "xlsx")
        fresh_token = save_pending(app, b"today's list", "xlsx")
        fresh = pending_path(app, fresh_token, "xlsx")
    two_days_ago = datetime.now().timestamp() - 2 * 24 * 3600
    os.utime(path, (two_days_ago, two_days_ago))
    result = runner.invoke(args=["data", "purge"])
    assert "1 abandoned import upload" in result.output
    assert not path.exists() and fresh.exists()
    fresh.unlink()


def test_retention_end_adds_calendar_months():
    assert services.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert services.add_months(date(2024, 11, 7), 24) == date(2026, 11, 7)
