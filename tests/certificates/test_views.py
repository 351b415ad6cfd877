"""The organiser's pages, the ticket page's download, the public verification page, the ZIP job."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import select

from tests.certificates.conftest import pdf_text
from tests.conftest import log_in
from workshop.attendees.models import Attendee
from workshop.certificates import services
from workshop.certificates.models import Certificate, CertificateDecision, CertificateSettings
from workshop.core.audit import AuditEntry
from workshop.events.models import Event
from workshop.extensions import db


@pytest.fixture
def organiser(app, seeded):
    client = log_in(app.test_client(), seeded["organiser"])
    client.set_cookie("lang", "en")
    return client


def _issue(app, slug):
    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == slug)).scalar_one()
        issued = services.issue_due(event, force=True)
        db.session.commit()
        return {c.attendee_id: (c.id, c.code, c.number) for c in issued}


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (60, 40), (10, 120, 200, 255)).save(buffer, "PNG")
    return buffer.getvalue()


def test_list_shows_each_person_with_the_reason(organiser, seeded):
    page = organiser.get(f"/manage/events/{seeded['event']}/certificates/").get_data(as_text=True)
    assert "Budi Santoso" in page and "4 of 5 sessions" in page
    assert "Citra Dewi" in page and "Not eligible: 2 of 5 sessions (needs 80%)" in page


def test_settings_saved_with_a_logo_checked_by_content(app, organiser, seeded, storage_dir):
    url = f"/manage/events/{seeded['event']}/certificates/settings"
    form = {
        "number_format": "{seq:03d}/SERT/{code}/{year}",
        "issue_place": "Serang",
        "issue_date": "",
        "signatory1_title": "Kepala Bappeda",
        "signatory1_name": "Drs. H. Kepala",
        "signatory1_nip": "",
        "receives_peserta": "y",
        "share_peserta": "100",
    }
    fake = organiser.post_form(
        url,
        {**form, "logo_left": (io.BytesIO(b"<svg>not an image</svg>"), "logo.png")},
        content_type="multipart/form-data",
    )
    assert fake.status_code == 200
    assert "The image must be a PNG or JPG file." in fake.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.execute(select(CertificateSettings)).scalar_one().number_format
            != form["number_format"]
        )
    saved = organiser.post_form(
        url, {**form, "logo_left": (io.BytesIO(_png()), "logo.png")}, content_type="multipart/form-data"
    )
    assert saved.status_code == 302
    with app.app_context():
        settings = db.session.execute(select(CertificateSettings)).scalar_one()
        assert settings.number_format == "{seq:03d}/SERT/{code}/{year}"
        assert settings.role_shares == {"peserta": 100}  # speakers no longer receive one
        assert settings.logo_left and (storage_dir / "certificates" / settings.logo_left).exists()
    # The logo is drawn on the certificate.
    issued = _issue(app, seeded["event"])
    certificate_id = issued[seeded["ani"]][0]
    body = organiser.get(f"/manage/events/{seeded['event']}/certificates/{certificate_id}.pdf").get_data()
    assert b"/Subtype /Image" in body and "001/SERT/BINTEK-KLA/2026" in pdf_text(body)[0]


def test_bad_number_format_is_shown_by_the_field(organiser, seeded):
    response = organiser.post_form(
        f"/manage/events/{seeded['event']}/certificates/settings",
        {
            "number_format": "{nomor}",
            "signatory1_title": "Kepala",
            "signatory1_name": "Nama",
            "receives_peserta": "y",
            "share_peserta": "80",
        },
    )
    assert response.status_code == 200 and "Unknown field {nomor}" in response.get_data(as_text=True)


def test_issuing_before_the_end_needs_the_confirmation(app, organiser, seeded):
    url = f"/manage/events/{seeded['event']}/certificates/issue"
    # The fixture's event is in November 2026; "now" is before it on this machine's clock or after;
    # either way, an explicit confirmation always issues.
    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == seeded["event"])).scalar_one()
        early = services.is_before_end(event)
    response = organiser.post_form(url, follow_redirects=True)
    page = response.get_data(as_text=True)
    with app.app_context():
        count = len(db.session.execute(select(Certificate)).scalars().all())
    if early:
        assert "The last session has not ended yet" in page and count == 0
    response = organiser.post_form(url, {"confirm_early": "y"}, follow_redirects=True)
    assert "3 certificates issued" in response.get_data(as_text=True) or not early
    with app.app_context():
        assert len(db.session.execute(select(Certificate)).scalars().all()) == 3


def test_grant_by_hand_needs_a_reason_and_is_audited(app, organiser, seeded):
    url = f"/manage/events/{seeded['event']}/certificates/people/{seeded['citra']}"
    refused = organiser.post_form(url, {"decision": "grant", "reason": ""})
    assert refused.status_code == 422
    assert "Give a reason" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(CertificateDecision)).scalar_one_or_none() is None
    assert (
        organiser.post_form(url, {"decision": "grant", "reason": "Tugas dinas luar, izin atasan"}).status_code
        == 302
    )
    page = organiser.get(url).get_data(as_text=True)
    assert "Granted by hand: Tugas dinas luar, izin atasan" in page
    with app.app_context():
        entry = db.session.execute(
            select(AuditEntry).where(AuditEntry.entity == "CertificateDecision")
        ).scalar_one()
        assert (
            entry.changes["reason"][1] == "Tugas dinas luar, izin atasan"
            and entry.user_id == seeded["organiser"]
        )
    issued = _issue(app, seeded["event"])
    assert seeded["citra"] in issued


def test_verification_shows_name_and_not_nip_then_revoked(app, organiser, seeded):
    issued = _issue(app, seeded["event"])
    certificate_id, code, number = issued[seeded["ani"]]
    public = app.test_client()
    public.set_cookie("lang", "en")
    page = public.get(f"/v/{code}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Valid" in html
    assert "Ani Suryani, S.Sos." in html and number in html and "Pemerintah Kota Serang" in html
    assert (
        "19860926" not in html
        and "0812" not in html
        and "@" not in html.split("<main")[1].split("</main>")[0]
    )
    assert page.headers["Referrer-Policy"] == "no-referrer"
    revoked = organiser.post_form(
        f"/manage/events/{seeded['event']}/certificates/{certificate_id}/revoke",
        {"reason": "Nama peserta salah orang"},
    )
    assert revoked.status_code == 302
    html = public.get(f"/v/{code}").get_data(as_text=True)
    assert "Revoked" in html and "no longer valid" in html
    unknown = public.get("/v/AAAAAAAAAAAAAAAA")
    assert unknown.status_code == 404 and "Unknown" in unknown.get_data(as_text=True)


def test_a_child_is_shown_by_initials(app, seeded):
    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == seeded["event"])).scalar_one()
        from tests.conftest import make_attendee

        child = make_attendee(
            event,
            full_name="Nadia Putri Lestari",
            gender="P",
            category="Forum Anak",
            nip=None,
            golongan=None,
            position="",
            phone="0812-9999-0001",
            email="",
        )
        services.decide(event, child, "grant", "Perwakilan Forum Anak")
        services.issue_due(event, force=True)
        code = services.certificate_of(child).code
        db.session.commit()
    html = app.test_client().get(f"/v/{code}").get_data(as_text=True)
    assert "N.P.L." in html and "Nadia" not in html


def test_guessing_codes_is_rate_limited(app):
    client = app.test_client()
    statuses = [client.get(f"/v/{'A' * 15}{c}").status_code for c in "ABCDEFGHJKLMNPQRSTUVWXYZ"]
    assert statuses[:20] == [404] * 20 and 429 in statuses


def test_ticket_page_offers_the_certificate_once_issued(app, seeded):
    with app.app_context():
        ani = db.session.get(Attendee, seeded["ani"])
        code = ani.ticket_code
        from workshop.attendees.services import record_consent

        record_consent(ani, "Setuju")
        db.session.commit()
    client = app.test_client()
    client.set_cookie("lang", "en")
    assert "Download the certificate" not in client.get(f"/t/{code}").get_data(as_text=True)
    assert client.get(f"/t/{code}/certificate.pdf").status_code == 404
    issued = _issue(app, seeded["event"])
    page = client.get(f"/t/{code}").get_data(as_text=True)
    assert "Download the certificate" in page and issued[seeded["ani"]][2] in page
    response = client.get(f"/t/{code}/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "Ani Suryani" in pdf_text(response.get_data())[0]
    english = client.get(f"/t/{code}/certificate.pdf?lang=en").get_data()
    assert "CERTIFICATE" in pdf_text(english)[0]


def test_download_all_is_a_job_with_progress_and_a_zip(app, organiser, seeded, storage_dir):
    issued = _issue(app, seeded["event"])
    response = organiser.post_form(f"/manage/events/{seeded['event']}/certificates/export")
    assert response.status_code == 302
    job_url = response.headers["Location"]
    page = organiser.get(job_url).get_data(as_text=True)
    assert "<progress" in page and "Ready." in page
    status = organiser.get(job_url + "/status").get_json()
    assert (
        status["status"] == "done" and status["progress"] == status["total"] == 3 and status["percent"] == 100
    )
    download = organiser.get(job_url + "/download")
    assert download.status_code == 200
    body = download.get_data()
    download.close()
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = sorted(archive.namelist())
        assert len(names) == 3 and all(name.endswith(".pdf") for name in names)
        texts = " ".join(pdf_text(archive.read(names[0]))[0].split())
    assert sorted(number for _id, _code, number in issued.values())[0] in texts
    # Another event's organiser cannot see the job.
    assert organiser.get(job_url.replace(seeded["event"], "kla-lebak")).status_code in (403, 404)


def test_ticket_page_says_plainly_when_the_certificate_was_revoked(app, seeded):

    with app.app_context():
        ani = db.session.get(Attendee, seeded["ani"])
        code = ani.ticket_code
        from workshop.attendees.services import record_consent

        record_consent(ani, "Setuju")
        db.session.commit()
    issued = _issue(app, seeded["event"])
    with app.app_context():
        certificate = db.session.execute(
            select(Certificate).where(Certificate.attendee_id == seeded["ani"])
        ).scalar_one()
        services.revoke(certificate, "Tidak hadir di sesi akhir")
        db.session.commit()
    client = app.test_client()
    client.set_cookie("lang", "en")
    page = client.get(f"/t/{code}").get_data(as_text=True)
    number = issued[seeded["ani"]][2]
    assert f"Your certificate no. {number} was revoked by the committee." in page
    assert "Reason: Tidak hadir di sesi akhir" in page
    assert "will appear here" not in page and "needs 0" not in page and "Download the certificate" not in page
