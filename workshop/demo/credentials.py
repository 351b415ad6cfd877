"""The demo's Open Badges credentials: every valid certificate of both demo events has one. They
are made as the certificates are issued (credentials/handlers.py); this catches certificates a
database held from before the credentials module, and does nothing once all have one."""

from __future__ import annotations

from sqlalchemy import select

from workshop.certificates.models import Certificate, CertificateStatus
from workshop.credentials import services
from workshop.credentials.models import Credential
from workshop.events.models import Event
from workshop.extensions import db


def seed_credentials(*slugs: str) -> int:
    """Credentials for the events' valid certificates that have none; how many were made."""
    made = 0
    for event in db.session.execute(select(Event).where(Event.slug.in_(slugs))).scalars():
        missing = db.session.scalars(
            select(Certificate)
            .where(
                Certificate.event_id == event.id,
                Certificate.status == CertificateStatus.VALID.value,
                ~select(Credential.id).where(Credential.certificate_id == Certificate.id).exists(),
            )
            .order_by(Certificate.seq)
        ).all()
        made += len(services.issue_credentials(event, missing))
    return made
