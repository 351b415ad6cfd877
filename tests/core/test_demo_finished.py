"""The demo's second event (workshop/demo/finished.py): the first batch, finished a month before
the demo is seeded, with certificates for its eligible participants, all five groups' RTL adopted,
and the KLA evidence documents on its documents page, in `documents make` and in the bundle."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.pdf_read import pdf_text
from workshop.attendees.models import Attendee
from workshop.auth.models import User
from workshop.certificates import services as certificates
from workshop.certificates.models import Certificate
from workshop.checkin.models import CheckIn
from workshop.demo import ORGANISER_EMAIL, seed_demo
from workshop.demo.finished import FINISHED_SLUG, RTL
from workshop.demo.letterhead import KOP
from workshop.documents import evidence, letterhead, services
from workshop.events.models import Event, Membership
from workshop.extensions import db
from workshop.groups.models import Group, RtlRow

TODAY = date(2026, 11, 18)


def finished() -> Event:
    return db.session.execute(select(Event).where(Event.slug == FINISHED_SLUG)).scalar_one()


def counts(event: Event) -> tuple[int, ...]:
    return tuple(
        db.session.execute(select(func.count(model.id)).where(model.event_id == event.id)).scalar_one()
        for model in (Attendee, CheckIn, Certificate, Group)
    ) + (
        db.session.execute(
            select(func.count(RtlRow.id))
            .join(Group, Group.id == RtlRow.group_id)
            .where(Group.event_id == event.id)
        ).scalar_one(),
    )


def test_the_finished_batch_has_certificates_adopted_rtl_and_evidence(ctx):
    main, _ = seed_demo(today=TODAY)
    event = finished()
    assert (event.starts_on, event.ends_on) == (TODAY - timedelta(days=30), TODAY - timedelta(days=29))
    organiser = db.session.execute(
        select(Membership.role)
        .join(User, User.id == Membership.user_id)
        .where(Membership.event_id == event.id, User.email == ORGANISER_EMAIL)
    ).scalar_one()
    assert organiser == "organiser"

    participants = [e for e in certificates.eligibility(event) if e.attendee.role == "peserta"]
    assert 20 <= len(participants) <= 25
    eligible = {e.attendee.id for e in participants if e.eligible}
    assert 2 <= len(participants) - len(eligible) <= 3  # two left after the first day
    issued = db.session.execute(select(Certificate).where(Certificate.event_id == event.id)).scalars().all()
    by_role = {}
    for certificate in issued:
        by_role.setdefault(db.session.get(Attendee, certificate.attendee_id).role, set()).add(
            certificate.attendee_id
        )
    assert by_role["peserta"] == eligible
    assert {"narasumber", "moderator", "panitia"} <= set(by_role)
    assert all(c.number.endswith("/BINTEK-KLA-1/Bappeda/X/2026") for c in issued)  # 19–20 October

    groups = db.session.execute(select(Group).where(Group.event_id == event.id)).scalars().all()
    assert sorted(g.cluster for g in groups) == sorted(RTL)
    assert all(g.is_adopted and g.chair_name for g in groups)
    # The same letterhead as the main demo.
    settings = letterhead.get_document_settings(event)
    assert {k: getattr(settings, k) for k in KOP} == KOP and settings.logo

    served = {q.kind for q in evidence.served(event)}
    assert "evidence-trained" in served
    assert {"evidence-kla-4-5", "evidence-kla-15-4", "evidence-kla-19-4", "evidence-kla-8-5"} <= served
    # The main demo is in progress: its participants hold no certificates, so it serves none.
    assert evidence.served(main) == []

    before = counts(event)
    seed_demo(today=TODAY)
    assert counts(event) == before
    assert db.session.execute(select(func.count(Event.id))).scalar_one() == 2


def test_documents_make_evidence_trained_lists_the_trained_members(app, runner, tmp_path):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    with app.app_context():
        event = finished()
        rows = [e for e in certificates.eligibility(event) if e.attendee.role == "peserta"]
        trained = [e.attendee.full_name for e in rows if e.certificate is not None]
        absent = [e.attendee.full_name for e in rows if not e.eligible]
        assert db.session.execute(select(func.count(Event.id))).scalar_one() == 2
    assert trained and absent
    out = tmp_path / "trained.pdf"
    result = runner.invoke(args=["documents", "make", FINISHED_SLUG, "evidence-trained", str(out)])
    assert result.exit_code == 0, result.output
    pages = pdf_text(out.read_bytes())
    listing = " ".join(" ".join(page.split()) for page in pages[:3])
    assert "DAFTAR ANGGOTA YANG TELAH TERLATIH" in listing
    for name in trained:
        assert name in listing, name
    for name in absent:
        assert name not in listing, name

    # The organiser's documents page offers the evidence of this event.
    client = app.test_client()
    email, password = (Path(app.instance_path) / "demo-login.txt").read_text().split("\n")[:2]
    assert client.post_form("/login", {"email": email, "password": password}).status_code == 302
    page = client.get(f"/manage/events/{FINISHED_SLUG}/documents").get_data(as_text=True)
    assert f"/manage/events/{FINISHED_SLUG}/documents/export/evidence-trained" in page
    assert f"/manage/events/{FINISHED_SLUG}/documents/export/evidence-kla-15-4" in page


@pytest.mark.sqlite_only  # renders every certificate and document: the queries run on both above
def test_the_bundle_of_the_finished_batch_has_the_evidence(ctx):
    seed_demo(today=TODAY)
    event = finished()
    target = io.BytesIO()
    names = services.write_bundle(event, target, "https://bintek.example")
    in_evidence = [n for n in names if n.startswith("evidence/")]
    assert "evidence/bukti-kla-indikator-2-2.pdf" in in_evidence
    assert "evidence/bukti-kla-rtl.pdf" in in_evidence
    assert len([n for n in in_evidence if n.startswith("evidence/bukti-kla-indikator-")]) >= 6
    assert zipfile.ZipFile(target).read("evidence/bukti-kla-indikator-15-4.pdf").startswith(b"%PDF")
