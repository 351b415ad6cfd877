"""What the certificates module does when others tell it something happened
(workshop/core/signals.py): after the event's retention a certificate keeps only what its public
verification page shows; the signatories' NIPs and signature images and the reasons of hand-made
decisions go. One person's erasure blanks their certificate's name too. Receivers flush, never
commit."""

from __future__ import annotations

from sqlalchemy import bindparam, func, select, update

from workshop.attendees.models import Attendee
from workshop.certificates.models import Certificate, CertificateDecision, CertificateSettings
from workshop.certificates.services import image_path
from workshop.core import signals, storage
from workshop.core.personal_data import erases
from workshop.extensions import db

ERASED_NAME = "—"
# What a certificate keeps after retention: what its public verification page shows.
CERTIFICATE_KEPT = ("public_name", "is_child", "role", "jp")
SIGNATURES = ("signatory1_image", "signatory2_image")


def _trim(*conditions, erase_name: bool = False, dry_run: bool = False) -> int:
    """Every matching certificate's data cut to CERTIFICATE_KEPT, in one executemany UPDATE."""
    rows = []
    for certificate_id, data in db.session.execute(
        select(Certificate.id, Certificate.data).where(*conditions)
    ):
        data = data or {}
        kept = {key: data[key] for key in CERTIFICATE_KEPT if key in data}
        kept["public_name"] = (
            ERASED_NAME if erase_name else (data.get("public_name") or data.get("name") or "")
        )
        rows.append({"row_id": certificate_id, "kept": kept})
    if rows and not dry_run:
        table = Certificate.__table__
        db.session.execute(
            update(table).where(table.c.id == bindparam("row_id")).values(data=bindparam("kept")), rows
        )
    return len(rows)


@signals.event_purged.connect
@erases(Certificate, CertificateSettings, CertificateDecision)
def purge_certificates(event, *, dry_run: bool = False, **_) -> dict:
    trimmed = _trim(Certificate.event_id == event.id, dry_run=dry_run)
    files = 0
    settings = db.session.execute(
        select(CertificateSettings).where(CertificateSettings.event_id == event.id)
    ).scalar_one_or_none()
    if settings is not None:
        for field in SIGNATURES:
            path = image_path(settings, field)
            if path is not None:
                files += 1
                if not dry_run:
                    storage.delete_after_commit(db.session(), path)
    if not dry_run:
        db.session.execute(
            update(CertificateSettings)
            .where(CertificateSettings.event_id == event.id)
            .values(signatory1_image=None, signatory2_image=None, signatory1_nip="", signatory2_nip="")
        )
        db.session.execute(
            update(CertificateDecision).where(CertificateDecision.event_id == event.id).values(reason="—")
        )
    return {"certificates": trimmed, "files": files}


@signals.attendee_erased.connect
@erases(Certificate, CertificateDecision)
def erase_certificate(event, *, attendee: Attendee, **_) -> dict:
    trimmed = _trim(Certificate.attendee_id == attendee.id, erase_name=True)
    decided = CertificateDecision.attendee_id == attendee.id
    decisions = db.session.scalar(select(func.count(CertificateDecision.id)).where(decided))
    db.session.execute(update(CertificateDecision).where(decided).values(reason="—"))
    return {"certificates": trimmed, "decisions": decisions}
