"""The purge also reaches what other modules made from personal data: certificates keep only what
their verification page shows (and that page still answers), report photos and job files (ZIPs,
bundles) are deleted, and self check-ins forget the phone's hashed cookie."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from PIL import Image
from sqlalchemy import select

from tests.lifecycle.test_purge import NIP, old_event  # noqa: F401 (fixture)
from workshop.certificates import services as certificates
from workshop.certificates.models import Certificate
from workshop.checkin.models import CheckIn
from workshop.core.audit import acting_as
from workshop.documents import services as documents
from workshop.events.models import Event
from workshop.extensions import db
from workshop.jobs import services as jobs
from workshop.jobs.models import Job


def test_purge_trims_certificates_and_removes_generated_files(app, runner, client, old_event):  # noqa: F811
    with app.test_request_context(), acting_as("test"):
        event = db.session.get(Event, old_event["event_id"])
        settings = certificates.stored_settings(event)
        settings.role_shares = {role: 0 for role in certificates.ROLES}
        settings.signatory1_name, settings.signatory1_nip = "Drs. H. Kepala, M.Si.", "197001011990031001"
        signature = io.BytesIO()
        Image.new("RGBA", (60, 30), (0, 0, 0, 0)).save(signature, "PNG")
        signature.seek(0)
        certificates.set_image(settings, "signatory1_image", signature)
        signature_path = certificates.image_path(settings, "signatory1_image")
        issued = certificates.issue_due(event, force=True, now=datetime(2024, 11, 8, tzinfo=UTC))
        assert issued and any(NIP[:8] in (c.data.get("nip") or "").replace(" ", "") for c in issued)
        code = next(c.code for c in issued if c.attendee_id == old_event["person"])
        image = io.BytesIO()
        Image.new("RGB", (50, 40), (1, 2, 3)).save(image, "JPEG")
        image.seek(0)
        photo_path = documents.photo_file(documents.add_photo(event, image, "Pembukaan"))
        job = jobs.enqueue("kla_bundle", documents.build_bundle_job, event_id=event.id, base_url="https://x/")
        db.session.execute(CheckIn.__table__.update().values(phone_key="abc123"))
        db.session.commit()
        job_file = jobs.result_path(db.session.get(Job, job.id))
    assert photo_path.exists() and job_file is not None and job_file.exists()
    before = client.get(f"/v/{code}").get_data(as_text=True)
    assert "Muh. Ma&#39;ruf" in before

    result = runner.invoke(args=["data", "purge"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        for certificate in db.session.execute(select(Certificate)).scalars():
            assert set(certificate.data) <= {"public_name", "is_child", "role", "jp"}
        assert db.session.execute(select(CheckIn.phone_key)).scalars().all() == [None]
        assert db.session.execute(select(Job)).first() is None
    assert not photo_path.exists() and not job_file.exists() and not signature_path.exists()
    with app.app_context():
        settings = db.session.execute(select(certificates.CertificateSettings)).scalar_one()
        assert settings.signatory1_nip == "" and settings.signatory1_image is None
        assert settings.signatory1_name == "Drs. H. Kepala, M.Si."  # an official's name and title stay
    # Verification still answers, with the name and nothing else about the person.
    page = client.get(f"/v/{code}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Muh. Ma&#39;ruf" in text and NIP[:8] not in text


def test_generated_files_older_than_a_week_are_removed(app, runner, world):
    from datetime import timedelta

    with app.test_request_context(), acting_as("test"):
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        old = jobs.enqueue("kla_bundle", documents.build_bundle_job, event_id=event.id, base_url="https://x/")
        new = jobs.enqueue("kla_bundle", documents.build_bundle_job, event_id=event.id, base_url="https://x/")
        db.session.commit()
        old_file = jobs.result_path(db.session.get(Job, old.id))
        db.session.get(Job, old.id).created_at = datetime.now(UTC) - timedelta(days=8)
        db.session.commit()
        old_id, new_id = old.id, new.id
    dry = runner.invoke(args=["data", "purge", "--dry-run"])
    assert "1 generated file(s)" in dry.output and old_file.exists()
    result = runner.invoke(args=["data", "purge"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.get(Job, old_id) is None and db.session.get(Job, new_id) is not None
    assert not old_file.exists()
