"""What the signatures module does when others tell it something happened
(workshop/core/signals.py): certificates just issued are signed when the event's signing is set
up (in a job when a person is waiting on a page, at once from the command line and the demo);
the signed PDFs are the person's personal data and go with the event's purge or the person's
erasure, while the record that the certificate was signed, by whom and when stays for /v/<code>.
Receivers flush, never commit."""

from __future__ import annotations

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import select

from workshop.core import signals, storage
from workshop.core.personal_data import erases
from workshop.extensions import db
from workshop.signatures import services
from workshop.signatures.models import CertificateSignature


@signals.certificate_issued.connect
def sign_issued(event, *, certificates, **_) -> None:
    settings = services.get_settings(event)
    if not certificates or not settings.is_configured or not settings.sign_at_issue:
        return
    services.mark_pending(certificates)
    if has_request_context():
        from workshop.jobs import services as job_services

        job_services.enqueue(
            "certificates_sign",
            services.sign_job,
            event_id=event.id,
            created_by_id=current_user.id if current_user.is_authenticated else None,
            base_url=services.base_url(),
            certificate_ids=[c.id for c in certificates],
        )
    else:
        services.sign_certificates(event, certificates)


def _purge_files(condition, dry_run: bool) -> int:
    records = list(db.session.execute(select(CertificateSignature).where(condition)).scalars())
    files = 0
    for record in records:
        if not record.stored_name:
            continue
        files += 1
        if dry_run:
            continue
        try:
            storage.delete_after_commit(
                db.session(), storage.stored_path(services.FOLDER, record.stored_name)
            )
        except ValueError:
            pass
        record.stored_name = None
        record.is_purged = True
    db.session.flush()
    return files


@signals.event_purged.connect
@erases(CertificateSignature)
def purge_signed_pdfs(event, *, dry_run: bool = False, **_) -> dict:
    return {"signed_pdfs": _purge_files(CertificateSignature.event_id == event.id, dry_run)}


@signals.attendee_erased.connect
@erases(CertificateSignature)
def erase_signed_pdf(event, *, attendee, **_) -> dict:
    return {"signed_pdfs": _purge_files(CertificateSignature.attendee_id == attendee.id, False)}
