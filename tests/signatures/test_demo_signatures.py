"""The demo signs the certificates of both its events with the generated demo certificate, which
says plainly that it is a demo; seeding again signs nothing twice."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from workshop.certificates.models import Certificate
from workshop.demo import seed_demo
from workshop.demo.signatures import DEMO_SIGNER
from workshop.events.models import Event
from workshop.extensions import db
from workshop.signatures import pades, services
from workshop.signatures.models import CertificateSignature


def test_demo_certificates_are_signed_with_the_demo_certificate(ctx, storage_dir):
    seed_demo(today=date(2026, 11, 18))
    for slug in ("bintek-kla-serang", "bintek-kla-serang-angkatan-1"):
        event = db.session.execute(select(Event).where(Event.slug == slug)).scalar_one()
        certificates = [
            c
            for c in db.session.execute(select(Certificate).where(Certificate.event_id == event.id)).scalars()
            if c.is_valid
        ]
        assert certificates, slug
        assert services.unsigned(event) == [], slug
        (signature,) = pades.embedded_signatures(services.signed_pdf(certificates[0], "id"))
        assert signature.is_intact and signature.signer_name == DEMO_SIGNER
        assert "DEMO" in services.get_settings(event).signer_name
    hashes = {r.id: r.sha256 for r in db.session.execute(select(CertificateSignature)).scalars()}
    seed_demo(today=date(2026, 11, 18))  # idempotent
    assert {r.id: r.sha256 for r in db.session.execute(select(CertificateSignature)).scalars()} == hashes
