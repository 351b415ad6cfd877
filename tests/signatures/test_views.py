"""The organiser's signatures page, signing at issue from the certificates page (a job), the
signed copy served for downloads, retry, /v/<code> saying who signed and when, checking an
uploaded PDF there, the CLI command, and the purge of signed PDFs."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from tests.conftest import log_in
from workshop.certificates.models import Certificate
from workshop.demo.signatures import DEMO_PASSPHRASE, DEMO_SIGNER
from workshop.events.models import Event
from workshop.extensions import db
from workshop.signatures import services
from workshop.signatures.models import CertificateSignature


@pytest.fixture
def seeded(app, storage_dir):
    from tests.certificates.conftest import build_setup

    with app.app_context():
        built = build_setup()
        db.session.commit()
        return {"event": built["event"].slug, "organiser": built["organiser"].id, "ani": built["ani"].id}


@pytest.fixture
def organiser(app, seeded):
    client = log_in(app.test_client(), seeded["organiser"])
    client.set_cookie("lang", "en")
    return client


def _event(slug):
    return db.session.execute(select(Event).where(Event.slug == slug)).scalar_one()


def _upload(organiser, slug, key, passphrase=DEMO_PASSPHRASE):
    return organiser.post_form(
        f"/manage/events/{slug}/signatures/pkcs12",
        {"pkcs12": (io.BytesIO(key), "kunci.p12"), "passphrase": passphrase},
        content_type="multipart/form-data",
    )


def _issue(organiser, slug):
    return organiser.post_form(f"/manage/events/{slug}/certificates/issue", {"confirm_early": "y"})


def _certificates(app, slug):
    with app.app_context():
        event = _event(slug)
        return [
            (c.id, c.code, c.attendee_id)
            for c in db.session.execute(select(Certificate).where(Certificate.event_id == event.id)).scalars()
        ]


def test_upload_then_issue_signs_in_a_job_and_downloads_are_the_signed_copy(app, organiser, seeded, demo_key):
    slug = seeded["event"]
    response = _upload(organiser, slug, demo_key)
    assert response.status_code == 302
    page = organiser.get(f"/manage/events/{slug}/signatures/").get_data(as_text=True)
    assert DEMO_SIGNER in page
    assert _issue(organiser, slug).status_code == 302
    certificates = _certificates(app, slug)
    assert certificates
    with app.app_context():
        statuses = {r.status for r in db.session.execute(select(CertificateSignature)).scalars()}
    assert statuses == {"signed"}
    certificate_id, _code, _attendee = certificates[0]
    body = organiser.get(f"/manage/events/{slug}/certificates/{certificate_id}.pdf").data
    assert b"/FT /Sig" in body or b"/FT/Sig" in body
    with app.app_context():
        record = db.session.execute(
            select(CertificateSignature).where(CertificateSignature.certificate_id == certificate_id)
        ).scalar_one()
        import hashlib

        assert hashlib.sha256(body).hexdigest() == record.sha256
    english = organiser.get(f"/manage/events/{slug}/certificates/{certificate_id}.pdf?lang=en").data
    assert b"/FT /Sig" not in english  # only the Indonesian certificate is the signed one
    page = organiser.get(f"/manage/events/{slug}/signatures/").get_data(as_text=True)
    assert 'id="count-signed"' in page and f"Signed: {len(certificates)}" in page


def test_wrong_passphrase_is_said_by_the_field_and_nothing_is_stored(app, organiser, seeded, demo_key):
    response = _upload(organiser, seeded["event"], demo_key, "salah")
    assert response.status_code == 422
    assert "passphrase is wrong" in response.get_data(as_text=True)
    with app.app_context():
        assert not services.get_settings(_event(seeded["event"])).is_configured


def test_failed_signature_shows_the_reason_and_retry_signs_it(app, organiser, seeded, demo_key):
    slug = seeded["event"]
    _upload(organiser, slug, demo_key)
    app.config["SIGNING_SECRET_KEY"] = "rotated"
    try:
        _issue(organiser, slug)
    finally:
        app.config.pop("SIGNING_SECRET_KEY")
    page = organiser.get(f"/manage/events/{slug}/signatures/").get_data(as_text=True)
    assert "cannot be read" in page and "Retry" in page
    certificate_id = _certificates(app, slug)[0][0]
    # The unsigned certificate is still there for the person.
    assert organiser.get(f"/manage/events/{slug}/certificates/{certificate_id}.pdf").status_code == 200
    response = organiser.post_form(f"/manage/events/{slug}/signatures/{certificate_id}/retry")
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    with app.app_context():
        record = db.session.execute(
            select(CertificateSignature).where(CertificateSignature.certificate_id == certificate_id)
        ).scalar_one()
        assert record.status == "signed" and record.attempts == 2
    assert organiser.post_form(f"/manage/events/{slug}/signatures/sign").status_code == 302
    with app.app_context():
        assert {r.status for r in db.session.execute(select(CertificateSignature)).scalars()} == {"signed"}


def test_options_are_saved_and_a_bad_position_is_refused(app, organiser, seeded):
    url = f"/manage/events/{seeded['event']}/signatures/options"
    assert organiser.post_form(url, {"position": "bottom-centre"}).status_code == 302
    with app.app_context():
        settings = services.get_settings(_event(seeded["event"]))
        assert settings.position == "bottom-centre" and settings.sign_at_issue is False
    assert organiser.post_form(url, {"position": "over-the-name"}).status_code == 422


def test_bsre_form_needs_an_address_and_keeps_the_password_secret(app, organiser, seeded):
    url = f"/manage/events/{seeded['event']}/signatures/bsre"
    response = organiser.post_form(url, {"bsre_url": "ftp://x", "bsre_user": "u", "bsre_password": "p"})
    assert response.status_code == 422 and "https://" in response.get_data(as_text=True)
    form = {
        "bsre_url": "https://esign.example.go.id",
        "bsre_user": "bappeda",
        "bsre_password": "rahasia",
        "bsre_subscriber": "SEAL-1",
        "bsre_totp": "123456",
    }
    assert organiser.post_form(url, form).status_code == 302
    page = organiser.get(f"/manage/events/{seeded['event']}/signatures/").get_data(as_text=True)
    assert "rahasia" not in page and "123456" not in page and "esign.example.go.id" in page


def test_verify_page_says_who_signed_and_checks_an_uploaded_file(
    app, organiser, seeded, demo_key, monkeypatch
):
    slug = seeded["event"]
    _upload(organiser, slug, demo_key)
    _issue(organiser, slug)
    certificate_id, code, _attendee = _certificates(app, slug)[0]
    signed = organiser.get(f"/manage/events/{slug}/certificates/{certificate_id}.pdf").data
    visitor = app.test_client()
    visitor.set_cookie("lang", "en")
    page = visitor.get(f"/v/{code}").get_data(as_text=True)
    assert "electronically signed (PAdES)" in page and DEMO_SIGNER in page and "Signed on" in page
    assert f'action="/v/{code}/check"' in page

    def check(data, name="sertifikat.pdf", token=True):
        form = {"pdf": (io.BytesIO(data), name)}
        post = visitor.post_form if token else visitor.post
        response = post(f"/v/{code}/check", data=form, content_type="multipart/form-data")
        text = response.get_data(as_text=True)
        response.close()
        return response.status_code, text

    status, text = check(signed)
    assert status == 200 and 'data-outcome="same"' in text
    assert f"intact electronic signature by {DEMO_SIGNER}" in text
    changed = bytearray(signed)
    changed[len(changed) // 3] ^= 0x01
    status, text = check(bytes(changed))
    assert 'data-outcome="different"' in text and "broken" in text
    status, text = check(b"\x00\xffnot a pdf at all", "x.pdf")
    assert status == 422 and 'data-outcome="not_pdf"' in text
    status, text = check(b"%PDF-1.7\n" + b"\x00" * 500)
    assert status == 200 and 'data-outcome="different"' in text
    # Over the limit (made small here: the test client spools large bodies to files it never closes).
    monkeypatch.setattr(services, "UPLOAD_MAX_BYTES", 4000)
    status, text = check(b"%PDF-1.7\n" + b"0" * 5000)
    assert status == 422 and 'data-outcome="too_large"' in text
    status, _text = check(signed, token=False)
    assert status == 400
    assert visitor.post_form("/v/ABCDEFGHJKLMNPQR/check").status_code == 404


def test_unsigned_certificate_verify_page_says_not_signed(app, organiser, seeded):
    _issue(organiser, seeded["event"])
    _certificate_id, code, _attendee = _certificates(app, seeded["event"])[0]
    visitor = app.test_client()
    visitor.set_cookie("lang", "en")
    assert "not electronically signed" in visitor.get(f"/v/{code}").get_data(as_text=True)


def test_cli_signs_what_is_issued_and_unsigned(app, seeded, demo_key, runner):
    from workshop.certificates import services as certificate_services
    from workshop.signatures.handlers import sign_issued  # noqa: F401  (connected at app creation)

    with app.app_context():
        event = _event(seeded["event"])
        certificate_services.issue_due(event, force=True)
        db.session.commit()
    refused = runner.invoke(args=["certificates", "sign", seeded["event"]])
    assert refused.exit_code != 0 and "not set up" in refused.output
    with app.app_context():
        services.set_pkcs12(_event(seeded["event"]), demo_key, DEMO_PASSPHRASE)
        db.session.commit()
    result = runner.invoke(args=["certificates", "sign", seeded["event"]])
    assert result.exit_code == 0, result.output
    count = len(_certificates(app, seeded["event"]))
    assert f"Signed {count} certificates, 0 failed" in result.output
    again = runner.invoke(args=["certificates", "sign", seeded["event"]])
    assert "Signed 0 certificates" in again.output


def test_purge_removes_the_signed_pdfs_but_verify_still_says_signed(
    app, organiser, seeded, demo_key, storage_dir
):
    from workshop.lifecycle import services as lifecycle_services

    slug = seeded["event"]
    _upload(organiser, slug, demo_key)
    _issue(organiser, slug)
    files = list((storage_dir / "signatures").iterdir())
    assert files
    with app.app_context():
        event = _event(slug)
        plan = lifecycle_services.plan_purge(event)
        assert plan is not None
        lifecycle_services.purge_event(event, plan)
        db.session.commit()
        records = list(db.session.execute(select(CertificateSignature)).scalars())
        assert all(r.stored_name is None and r.is_purged for r in records)
        assert services.unsigned(event) == []  # nothing is signed again after the purge
    assert not list((storage_dir / "signatures").iterdir())
    _certificate_id, code, _attendee = _certificates(app, slug)[0]
    visitor = app.test_client()
    visitor.set_cookie("lang", "en")
    assert DEMO_SIGNER in visitor.get(f"/v/{code}").get_data(as_text=True)


def test_a_persons_erasure_removes_their_signed_pdf(app, organiser, seeded, demo_key):
    from workshop.attendees.models import Attendee
    from workshop.core import signals

    slug = seeded["event"]
    _upload(organiser, slug, demo_key)
    _issue(organiser, slug)
    with app.app_context():
        event = _event(slug)
        ani = db.session.get(Attendee, seeded["ani"])
        counts = signals.collect(signals.attendee_erased, event, attendee=ani)
        db.session.commit()
        assert counts.get("signed_pdfs") == 1
        record = db.session.execute(
            select(CertificateSignature).where(CertificateSignature.attendee_id == ani.id)
        ).scalar_one()
        assert record.stored_name is None


def test_the_zip_of_all_certificates_holds_the_signed_copies(app, organiser, seeded, demo_key):
    import hashlib
    import zipfile

    from workshop.certificates import services as certificate_services

    slug = seeded["event"]
    _upload(organiser, slug, demo_key)
    _issue(organiser, slug)
    with app.app_context():
        event = _event(slug)
        first = certificate_services.issued(event)[0]
        expected = services.signature_of(first).sha256
        buffer = io.BytesIO()
        count = certificate_services.write_zip(event, buffer, "http://localhost/")
        english = io.BytesIO()
        certificate_services.write_zip(event, english, "http://localhost/", "en")
    with zipfile.ZipFile(buffer) as archive:
        names = archive.namelist()
        assert len(names) == count
        assert hashlib.sha256(archive.read(names[0])).hexdigest() == expected
    with zipfile.ZipFile(english) as archive:  # the English ones are rendered, unsigned
        assert b"/FT /Sig" not in archive.read(archive.namelist()[0])
