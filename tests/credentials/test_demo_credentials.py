"""The demo's issued certificates have Open Badges credentials, in both events."""

from datetime import date

from sqlalchemy import select

from tests.credentials.conftest import validate_open_badge, verify
from workshop.certificates.models import Certificate
from workshop.credentials import keys
from workshop.credentials.models import Credential
from workshop.demo import seed_demo
from workshop.demo.credentials import seed_credentials
from workshop.events.models import Event
from workshop.extensions import db


def test_every_demo_certificate_has_a_credential(ctx):
    seed_demo(today=date(2026, 11, 18))
    for slug in ("bintek-kla-serang", "bintek-kla-serang-angkatan-1"):
        event = db.session.execute(select(Event).where(Event.slug == slug)).scalar_one()
        certificate_ids = set(
            db.session.execute(select(Certificate.id).where(Certificate.event_id == event.id)).scalars()
        )
        held = list(db.session.execute(select(Credential).where(Credential.event_id == event.id)).scalars())
        assert certificate_ids and {c.certificate_id for c in held} == certificate_ids, slug
        credential = verify(held[0].token, keys.jwks())
        validate_open_badge(credential)
        assert credential["credentialSubject"]["achievement"]["name"] == event.title
    assert seed_credentials("bintek-kla-serang", "bintek-kla-serang-angkatan-1") == 0  # idempotent
