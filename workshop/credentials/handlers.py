"""What the credentials module does when others tell it something happened
(workshop/core/signals.py): an issued or reissued certificate gets a signed Open Badges credential;
a revoked one has its credential's status bit set. When personal data goes (the event's retention
or one person's request) the stored JWTs, which hold the person's name, are dropped and their
credentials revoked: the rows stay, so the bit stays where verifiers look for it. Receivers flush,
never commit."""

from __future__ import annotations

from sqlalchemy import func, select

from workshop.attendees.models import Attendee
from workshop.certificates.models import Certificate
from workshop.core import signals
from workshop.core.personal_data import erases
from workshop.credentials import services
from workshop.credentials.models import Credential
from workshop.extensions import db


@signals.certificate_issued.connect
def credentials_for_issued(event, *, certificates, **_) -> None:
    services.issue_credentials(event, list(certificates))


@signals.certificate_reissued.connect
def credential_for_reissued(event, *, certificate, **_) -> None:
    services.issue_credentials(event, [certificate])


@signals.certificate_revoked.connect
def revoke_credential(event, *, certificate, **_) -> None:
    services.revoke_credentials([certificate.id], services.REVOKED)


def _certificate_ids(*conditions) -> list[int]:
    return list(db.session.execute(select(Certificate.id).where(*conditions)).scalars())


@signals.event_purged.connect
@erases(Credential)
def purge_credentials(event, *, dry_run: bool = False, **_) -> dict:
    held = db.session.scalar(
        select(func.count(Credential.id)).where(
            Credential.event_id == event.id, Credential.token.is_not(None)
        )
    )
    if not dry_run:
        services.revoke_where(Credential.event_id == event.id, services.PURGED, erase=True)
    return {"credentials": held or 0}


@signals.attendee_erased.connect
@erases(Credential)
def erase_credentials(event, *, attendee: Attendee, **_) -> dict:
    ids = _certificate_ids(Certificate.attendee_id == attendee.id)
    held = (
        db.session.scalar(
            select(func.count(Credential.id)).where(
                Credential.certificate_id.in_(ids), Credential.token.is_not(None)
            )
        )
        if ids
        else 0
    )
    services.revoke_credentials(ids, services.ERASED, erase=True)
    return {"credentials": held or 0}
