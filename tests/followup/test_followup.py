"""The RTL follow-up: matching rows to agencies, the agency's link (its own rows only, closed when
expired or revoked), saving without losing an edit, evidence checks, the monitoring report, and
the personal data of the focal persons."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.followup.helpers import followed_event, png_bytes
from tests.pdf_read import pdf_text
from workshop.core import storage
from workshop.core.audit import AuditEntry
from workshop.core.db import utcnow
from workshop.extensions import db
from workshop.followup import evidence, exports, services
from workshop.followup.models import FollowupAgency, FollowupEvidence, FollowupReport

ACTIVITY = "Sosialisasi akta kelahiran"  # Dinas Kesehatan's (written "Dinkes")
PARTNERED = "Konseling pranikah"  # "DP3AKB, Dinas Kesehatan": DP3A leads
OTHERS = "Pelatihan pengasuhan"  # Dinas Sosial's


@pytest.fixture
def followed(app):
    return followed_event(app)


def patch(client, token, report_id, **body):
    return client.open(
        f"/api/followup/{token}/reports/{report_id}",
        method="PATCH",
        json={"reporter_name": "Rina Marlina", "reporter_phone": "0812-3456-7890", **body},
        headers={"X-CSRFToken": client.csrf_token()},
    )


def test_rows_are_matched_to_the_event_institutions_by_alias(app, followed):
    from workshop.attendees.models import Institution

    with app.app_context():
        agencies = {a.name: a for a in db.session.execute(select(FollowupAgency)).scalars()}
        dinkes = db.session.execute(
            select(Institution).where(Institution.name == "Dinas Kesehatan")
        ).scalar_one()
        assert agencies["Dinas Kesehatan"].institution_id == dinkes.id
        assert "Dinas Pemberdayaan Perempuan dan Perlindungan Anak" in agencies  # DP3AKB, the lead
        assert services.lead_agency_text("DP3AKB, Dinas Kesehatan") == "DP3AKB"
        assert (
            services.lead_agency_text("Dinas Pendidikan dan Kebudayaan") == "Dinas Pendidikan dan Kebudayaan"
        )


def test_the_organiser_corrects_a_match(app, followed):
    from workshop.attendees.models import Institution
    from workshop.followup.models import FollowupRow

    with app.app_context():
        event_id = db.session.execute(select(FollowupAgency.event_id)).scalars().first()
        from workshop.events.models import Event

        event = db.session.get(Event, event_id)
        line = next(line for line in services.lines(event) if line.rtl.activity == PARTNERED)
        dinkes = db.session.execute(
            select(Institution).where(Institution.name == "Dinas Kesehatan")
        ).scalar_one()
        services.correct_agency(event, line.row, dinkes)
        services.sync_rows(event)  # a corrected match stays
        db.session.commit()
        row = db.session.get(FollowupRow, line.row.id)
        assert row.is_corrected and row.agency.name == "Dinas Kesehatan"


def test_a_link_shows_and_changes_only_its_own_rows(app, client, followed):
    page = client.get(f"/f/{followed.token}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert ACTIVITY in text and OTHERS not in text and PARTNERED not in text
    assert (
        patch(client, followed.token, followed.reports[ACTIVITY], version=1, status="in_progress").status_code
        == 200
    )
    # Another agency's row through this link: not found, and nothing changed.
    answer = patch(client, followed.token, followed.reports[OTHERS], version=1, status="done")
    assert answer.status_code == 404
    upload = client.post_form(
        f"/f/{followed.token}/reports/{followed.reports[OTHERS]}/evidence",
        data={"reporter_name": "Rina", "file": (io.BytesIO(png_bytes()), "x.png")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 404
    with app.app_context():
        assert db.session.get(FollowupReport, followed.reports[OTHERS]).status == "not_started"
        saved = db.session.get(FollowupReport, followed.reports[ACTIVITY])
        assert (saved.status, saved.reporter_name, saved.reporter_phone) == (
            "in_progress",
            "Rina Marlina",
            "+6281234567890",
        )
        # Audited under the name the focal person gave.
        actors = (
            db.session.execute(select(AuditEntry.actor).where(AuditEntry.entity == "FollowupReport"))
            .scalars()
            .all()
        )
        assert any(a.startswith("Rina Marlina") for a in actors)


@pytest.mark.parametrize("how", ["revoked", "expired", "unknown"])
def test_a_closed_link_opens_nothing(app, client, followed, how):
    token = followed.token
    with app.app_context():
        agency = db.session.execute(
            select(FollowupAgency).where(FollowupAgency.name == "Dinas Kesehatan")
        ).scalar_one()
        if how == "revoked":
            services.revoke_link(agency)
        elif how == "expired":
            agency.link_expires_at = utcnow() - timedelta(minutes=1)
        else:
            token = ("y" if token[0] == "x" else "x") + token[1:]  # another token, whatever it began with
        db.session.commit()
    assert client.get(f"/f/{token}").status_code == 404
    assert patch(client, token, followed.reports[ACTIVITY], version=1, status="done").status_code == 404
    with app.app_context():
        assert db.session.get(FollowupReport, followed.reports[ACTIVITY]).status == "not_started"


def test_two_focal_persons_never_lose_an_edit_silently(app, client, followed):
    report = followed.reports[ACTIVITY]
    assert patch(client, followed.token, report, version=1, note="Sudah rapat koordinasi").status_code == 200
    # The second person's edit was based on version 1 too: another field merges ...
    merged = patch(client, followed.token, report, version=1, realisation_pct="40")
    assert merged.status_code == 200
    assert merged.get_json()["report"]["note"] == "Sudah rapat koordinasi"
    # ... the same field is a conflict, with what is saved now, and nothing is written.
    conflict = patch(client, followed.token, report, version=1, note="Belum ada kegiatan")
    assert conflict.status_code == 409
    body = conflict.get_json()
    assert body["fields"] == ["note"] and body["current"]["note"] == "Sudah rapat koordinasi"
    with app.app_context():
        saved = db.session.get(FollowupReport, report)
        assert (saved.note, saved.realisation_pct, saved.version) == ("Sudah rapat koordinasi", 40, 3)
    # Based on the current version, the edit goes through.
    assert patch(client, followed.token, report, version=3, note="Belum ada kegiatan").status_code == 200


@pytest.mark.parametrize(
    "body, field",
    [
        ({"status": "cancelled"}, "cancel_reason"),
        ({"status": "finished"}, "status"),
        ({"realisation_pct": "120"}, "realisation_pct"),
        ({"budget_realised": "banyak"}, "budget_realised"),
        ({"reporter_name": ""}, "reporter_name"),
        ({"version": "1"}, "version"),
    ],
)
def test_bad_values_are_refused_by_field(app, client, followed, body, field):
    answer = patch(client, followed.token, followed.reports[ACTIVITY], **{"version": 1, **body})
    assert answer.status_code == 422
    assert field in answer.get_json()["fields"]
    with app.app_context():
        assert db.session.get(FollowupReport, followed.reports[ACTIVITY]).version == 1


def test_a_cancelled_action_with_its_reason_is_saved(app, client, followed):
    answer = patch(
        client,
        followed.token,
        followed.reports[ACTIVITY],
        version=1,
        status="cancelled",
        cancel_reason="Digabung dengan kegiatan provinsi",
    )
    assert answer.status_code == 200


@pytest.mark.parametrize(
    "content, name, accepted",
    [
        (png_bytes(), "foto.png", True),
        (b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "sk.pdf", True),
        (b"MZ\x90\x00 not a photo", "foto.jpg", False),
        (b"<html><script>alert(1)</script>", "foto.png", False),
        (b"", "kosong.pdf", False),
    ],
)
def test_evidence_is_checked_by_its_content(app, client, followed, content, name, accepted):
    answer = client.post_form(
        f"/f/{followed.token}/reports/{followed.reports[ACTIVITY]}/evidence",
        data={"reporter_name": "Rina", "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    with app.app_context():
        files = db.session.execute(select(FollowupEvidence)).scalars().all()
        assert len(files) == (1 if accepted else 0)
        if accepted:
            assert evidence.evidence_path(files[0]).read_bytes() == content
            download = client.get(f"/f/{followed.token}/evidence/{files[0].id}")
            assert download.data == content
            download.close()
            assert client.get(f"/f/{followed.other_token}/evidence/{files[0].id}").status_code == 404


def test_evidence_over_the_size_limit_leaves_nothing(app, followed):
    with app.app_context():
        report = db.session.get(FollowupReport, followed.reports[ACTIVITY])
        before = set(storage.folder(evidence.FOLDER).iterdir())
        with pytest.raises(evidence.EvidenceError, match="MB"):
            evidence.add_evidence(
                report, io.BytesIO(png_bytes() + b"\0" * (2 * 1024 * 1024)), "big.png", max_bytes=1024 * 1024
            )
        assert set(storage.folder(evidence.FOLDER).iterdir()) == before


def _event(app, slug):
    from workshop.events.models import Event

    return db.session.execute(select(Event).where(Event.slug == slug)).scalar_one()


def test_the_reports_totals_equal_the_rows(app, client, followed):
    patch(
        client,
        followed.token,
        followed.reports[ACTIVITY],
        version=1,
        status="done",
        budget_realised="8.500.000",
    )
    patch(client, followed.other_token, followed.reports[OTHERS], version=1, status="in_progress")
    with app.app_context():
        event = _event(app, followed.slug)
        checkpoint = services.get_checkpoint(event, followed.checkpoints[0])
        data = exports.report_data(event, checkpoint, today=checkpoint.due_on + timedelta(days=1))
        rows = [row for section in data.sections for row in section.rows]
        assert len(rows) == 3
        total = data.summary[-1]
        assert total[1:] == [
            "3",
            "2",
            "1",
            "1",
            "0",
            "0",
            "2",
        ]  # actions, reported, done, in progress, ..., late
        assert sum(int(r[1]) for r in data.summary[:-1]) == 3
        text = "\n".join(pdf_text(exports.render_pdf(data)))
        for name in ("Klaster I", "Klaster II", ACTIVITY, OTHERS, PARTNERED, "Rp 8.500.000"):
            assert name in text
        from docx import Document

        document = Document(io.BytesIO(exports.render_docx(data)))
        words = "\n".join(p.text for p in document.paragraphs) + "\n".join(
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        )
        for name in ("Klaster I", "Klaster II", ACTIVITY, OTHERS, PARTNERED, "Rp 8.500.000"):
            assert name in words
        # As Word shows it: the organising body as author (never "python-docx"), the body in the
        # kop's font, page numbers in the footer.
        assert document.core_properties.author == event.issuing_body
        assert document.styles["Normal"].font.name == "Arial"
        assert "PAGE" in document.sections[0].footer._element.xml


def test_retention_runs_from_the_last_checkpoint(app, followed):
    from workshop.lifecycle.services import add_months, retention_ends

    with app.app_context():
        event = _event(app, followed.slug)
        last = services.last_checkpoint_day(event)
        assert last == add_months(event.ends_on, 6)
        assert retention_ends(event) == add_months(last, event.retention_months)


def test_the_purge_removes_the_focal_persons_and_their_files(app, client, followed):
    from workshop.lifecycle.services import purge_event

    patch(client, followed.token, followed.reports[ACTIVITY], version=1, status="done")
    client.post_form(
        f"/f/{followed.token}/reports/{followed.reports[ACTIVITY]}/evidence",
        data={"reporter_name": "Rina Marlina", "file": (io.BytesIO(png_bytes()), "foto.png")},
        content_type="multipart/form-data",
    )
    with app.app_context():
        path = evidence.evidence_path(db.session.execute(select(FollowupEvidence)).scalar_one())
        assert path.exists()
        purge_event(_event(app, followed.slug))
        db.session.commit()
        report = db.session.get(FollowupReport, followed.reports[ACTIVITY])
        assert (report.reporter_name, report.reporter_phone, report.status) == ("", "", "done")
        assert db.session.execute(select(FollowupEvidence)).first() is None
        assert not path.exists()
        actors = db.session.execute(
            select(AuditEntry.actor).where(AuditEntry.entity.like("Followup%"))
        ).scalars()
        assert not any("Rina" in a for a in actors)


def test_organiser_pages(app, client, followed):
    from tests.conftest import log_in

    log_in(client, followed.organiser_id)
    client.set_cookie("lang", "en")
    page = client.get(
        f"/manage/events/{followed.slug}/followup/monitoring?checkpoint={followed.checkpoints[0]}"
    )
    assert page.status_code == 200
    assert b"<svg" in page.data and b"Dinas Sosial" in page.data
    with app.app_context():
        agency = db.session.execute(
            select(FollowupAgency).where(FollowupAgency.name == "Dinas Sosial")
        ).scalar_one()
    until = (date.today() + timedelta(days=10)).isoformat()
    answer = client.post_form(
        f"/manage/events/{followed.slug}/followup/agencies/{agency.id}/link", data={"valid_until": until}
    )
    assert answer.status_code == 200
    assert b"/f/" in answer.data and b"wa.me" in answer.data
    # The old link no longer opens anything; the new one does.
    assert client.get(f"/f/{followed.other_token}").status_code == 404


def test_the_link_never_reaches_the_logs(followed):
    from workshop.core.logs import redact

    for path in (f"/f/{followed.token}", f"/api/followup/{followed.token}/reports/1"):
        assert followed.token not in redact(f"GET {path} 200")
