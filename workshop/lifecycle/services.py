"""Erasing personal data: whole events after their retention period, single people at their
request. Services flush, never commit.

What an erasure keeps: the attendee row (so counts of registrations, check-ins, genders, roles
and institutions stay right), the check-in rows, and, for a purge after retention, the person's
name as it appears on a certificate (certificate verification shows the name only; a child keeps
initials only). What it removes: every other personal field, the consent text, the guardian's
name, the speaker photo and the event's stored files, the values in the event's audit log (the
field names stay, so the log still says what was changed and by whom), and the ticket link (a new
random code, so the old link opens nothing).

The erasure writes its rows with plain UPDATE statements, past the audit listener: an audit entry
of the change would hold the very values being erased. One audit entry per erasure records who
did it and the counts.
"""

from __future__ import annotations

import calendar
import secrets
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, select, update

from workshop.agenda import services as agenda_services
from workshop.agenda.models import AgendaMaterial
from workshop.attendees.models import Attendee, AttendeeStatus
from workshop.core import storage
from workshop.core.audit import AuditEntry, _current_actor
from workshop.core.db import utcnow
from workshop.events.models import Event, Invitation
from workshop.extensions import db
from workshop.lifecycle.models import DataErasure

# What the registration module writes when a person asks for deletion from their ticket page.
from workshop.registration.services import DELETION_REASON

ERASED_NAME = "—"
# Uploaded participant lists wait in storage/imports between preview and confirm; one older
# than this was abandoned.
PENDING_IMPORT_MAX_AGE_SECONDS = 24 * 3600

# Personal fields and the value they get on erasure.
CLEARED = {
    "nip": None,
    "golongan": None,
    "position": "",
    "work_unit": "",
    "phone": None,
    "email": None,
    "bio": "",
    "photo_path": None,
    "consent_text": None,
    "guardian_name": None,
    "cancel_reason": None,
}


class ErasureError(Exception):
    pass


@dataclass
class Plan:
    """What an erasure removes (counted before it happens, for --dry-run and the audit entry)."""

    event: Event
    attendees: int = 0
    audit_entries: int = 0
    files: list[Path] = field(default_factory=list)
    materials: int = 0
    invitations: int = 0
    certificates: int = 0  # trimmed to what verification shows
    generated_files: int = 0  # report photos, job results (ZIPs, bundles)

    def counts(self) -> dict:
        return {
            "attendees": self.attendees,
            "audit_entries": self.audit_entries,
            "files": len(self.files),
            "materials": self.materials,
            "invitations": self.invitations,
            "certificates": self.certificates,
            "generated_files": self.generated_files,
        }


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retention_ends(event: Event) -> date:
    """The last day the event's personal data is kept: its end date plus the retention period."""
    return add_months(event.ends_on, event.retention_months)


def is_purged(event: Event) -> bool:
    return (
        db.session.execute(
            select(DataErasure.id).where(DataErasure.event_id == event.id, DataErasure.kind == "retention")
        ).first()
        is not None
    )


def due_events(today: date | None = None) -> list[Event]:
    """Events past their retention period and not purged yet, oldest first."""
    today = today or utcnow().date()
    events = db.session.execute(select(Event).where(Event.ends_on < today).order_by(Event.ends_on)).scalars()
    return [event for event in events if retention_ends(event) < today and not is_purged(event)]


def _event_files(event: Event) -> tuple[list[Path], int]:
    files, materials = [], 0
    for material in db.session.execute(
        select(AgendaMaterial).where(AgendaMaterial.event_id == event.id)
    ).scalars():
        materials += 1
        try:
            files.append(agenda_services.material_path(material))
        except ValueError:
            pass
    for attendee in db.session.execute(
        select(Attendee).where(Attendee.event_id == event.id, Attendee.photo_path.is_not(None))
    ).scalars():
        path = agenda_services.speaker_photo_path(attendee)
        if path is not None:
            files.append(path)
    return [f for f in files if f.exists()], materials


def plan_purge(event: Event) -> Plan:
    files, materials = _event_files(event)
    return Plan(
        event=event,
        attendees=len(db.session.execute(select(Attendee.id).where(Attendee.event_id == event.id)).all()),
        audit_entries=len(
            db.session.execute(select(AuditEntry.id).where(AuditEntry.event_id == event.id)).all()
        ),
        files=files,
        materials=materials,
        invitations=len(
            db.session.execute(
                select(Invitation.id).where(Invitation.event_id == event.id, Invitation.label != "")
            ).all()
        ),
    )


def _kept_name(attendee: Attendee) -> str:
    """After retention: the name a certificate carries, for verification; a child's initials; and
    nothing for people who were cancelled or replaced (they get no certificate)."""
    if attendee.status != AttendeeStatus.REGISTERED.value:
        return ERASED_NAME
    return attendee.public_name


def _erase_rows(attendees: list[Attendee], *, keep_name: bool, **extra) -> None:
    for attendee in attendees:
        if attendee.photo_path:
            path = agenda_services.speaker_photo_path(attendee)
            if path is not None:
                storage.delete_after_commit(db.session(), path)
        values = dict(CLEARED)
        values["full_name"] = _kept_name(attendee) if keep_name else ERASED_NAME
        values["institution_text"] = attendee.institution.name if attendee.institution else ""
        values["ticket_code"] = secrets.token_urlsafe(24)
        values["updated_at"] = utcnow()
        values.update(extra)
        db.session.execute(update(Attendee).where(Attendee.id == attendee.id).values(**values))


def _clear_audit_values(*conditions) -> int:
    """Keep who changed which field when; drop what the values were."""
    entries = db.session.execute(select(AuditEntry.id, AuditEntry.changes).where(*conditions)).all()
    for entry_id, changes in entries:
        cleared = {name: [None, None] for name in (changes or {})}
        db.session.execute(update(AuditEntry).where(AuditEntry.id == entry_id).values(changes=cleared))
    return len(entries)


def _record(
    event: Event,
    kind: str,
    action: str,
    entity: str,
    entity_id: int,
    counts: dict,
    attendee_id: int | None = None,
) -> None:
    user_id, actor = _current_actor()
    actor = actor or "system"
    db.session.add(
        DataErasure(event_id=event.id, attendee_id=attendee_id, kind=kind, actor=actor, counts=counts)
    )
    db.session.execute(
        AuditEntry.__table__.insert(),
        [
            {
                "created_at": utcnow(),
                "user_id": user_id,
                "actor": actor,
                "event_id": event.id,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "changes": {name: [None, value] for name, value in counts.items()},
            }
        ],
    )


# What a certificate keeps after retention: what its public verification page shows.
CERTIFICATE_KEPT = ("public_name", "is_child", "role", "jp")


def _trim_certificates(*conditions, erase_name: bool = False) -> int:
    from workshop.certificates.models import Certificate

    certificates = db.session.execute(select(Certificate).where(*conditions)).scalars().all()
    for certificate in certificates:
        data = certificate.data or {}
        kept = {key: data[key] for key in CERTIFICATE_KEPT if key in data}
        kept["public_name"] = (
            ERASED_NAME if erase_name else (data.get("public_name") or data.get("name") or "")
        )
        db.session.execute(update(Certificate).where(Certificate.id == certificate.id).values(data=kept))
    return len(certificates)


def _clear_certificate_settings(event: Event) -> None:
    """The signatories' signature images and NIPs (the daftar hadir's "Mengetahui" NIP too), and
    the reasons given for hand-made decisions (they may say why someone was absent): not needed
    once no certificate is made again."""
    from workshop.certificates import services as certificates
    from workshop.certificates.models import CertificateDecision, CertificateSettings

    settings = db.session.execute(
        select(CertificateSettings).where(CertificateSettings.event_id == event.id)
    ).scalar_one_or_none()
    if settings is not None:
        for field in ("signatory1_image", "signatory2_image"):
            path = certificates.image_path(settings, field)
            if path is not None:
                storage.delete_after_commit(db.session(), path)
        db.session.execute(
            update(CertificateSettings)
            .where(CertificateSettings.event_id == event.id)
            .values(signatory1_image=None, signatory2_image=None, signatory1_nip="", signatory2_nip="")
        )
    db.session.execute(
        update(CertificateDecision).where(CertificateDecision.event_id == event.id).values(reason="—")
    )
    from workshop.documents.models import DocumentSettings  # the daftar hadir's "Mengetahui" NIP

    db.session.execute(
        update(DocumentSettings).where(DocumentSettings.event_id == event.id).values(witness_nip="")
    )


def _generated_files(event: Event) -> int:
    """Report photos and the files jobs made (certificate ZIPs, evidence bundles): deleted with
    their rows once the purge commits."""
    from workshop.documents import services as documents
    from workshop.documents.models import ReportPhoto
    from workshop.jobs import services as jobs
    from workshop.jobs.models import Job

    count = 0
    for photo in documents.photos_of(event):
        path = documents.photo_file(photo)
        if path is not None:
            storage.delete_after_commit(db.session(), path)
            count += 1
    db.session.execute(delete(ReportPhoto).where(ReportPhoto.event_id == event.id))
    for job in db.session.execute(select(Job).where(Job.event_id == event.id)).scalars():
        if job.result_path:
            try:
                storage.delete_after_commit(db.session(), storage.stored_path(jobs.FOLDER, job.result_path))
                count += 1
            except ValueError:
                pass
    db.session.execute(delete(Job).where(Job.event_id == event.id))
    return count


def purge_event(event: Event, plan: Plan | None = None) -> Plan:
    """Erase the event's personal data (its retention period is over). ``plan``: the one the
    caller already made with ``plan_purge`` (made here otherwise)."""
    if is_purged(event):
        raise ErasureError("already purged")
    plan = plan or plan_purge(event)
    db.session.flush()  # pending ORM changes first: nothing may be written back over the erasure
    attendees = db.session.execute(select(Attendee).where(Attendee.event_id == event.id)).scalars().all()
    _erase_rows(attendees, keep_name=True)
    for material in db.session.execute(
        select(AgendaMaterial).where(AgendaMaterial.event_id == event.id)
    ).scalars():
        try:
            storage.delete_after_commit(db.session(), agenda_services.material_path(material))
        except ValueError:
            pass
    db.session.execute(delete(AgendaMaterial).where(AgendaMaterial.event_id == event.id))
    db.session.execute(update(Invitation).where(Invitation.event_id == event.id).values(label=""))
    from workshop.certificates.models import Certificate
    from workshop.checkin.models import CheckIn, CheckInVoid

    plan.certificates = _trim_certificates(Certificate.event_id == event.id)
    _clear_certificate_settings(event)
    plan.generated_files = _generated_files(event)
    for model in (CheckIn, CheckInVoid):  # the hashed phone cookie of self check-ins
        db.session.execute(update(model).where(model.event_id == event.id).values(phone_key=None))
    plan.audit_entries = _clear_audit_values(AuditEntry.event_id == event.id)
    _record(event, "retention", "purge", "Event", event.id, plan.counts())
    db.session.expire_all()
    db.session.flush()
    return plan


def deletion_requests(event: Event) -> list[Attendee]:
    """People of the event who asked for their data to be deleted, oldest request first."""
    return (
        db.session.execute(
            select(Attendee)
            .where(Attendee.event_id == event.id, Attendee.cancel_reason == DELETION_REASON)
            .order_by(Attendee.cancelled_at)
        )
        .scalars()
        .all()
    )


def erasures(event: Event) -> list[DataErasure]:
    return (
        db.session.execute(
            select(DataErasure).where(DataErasure.event_id == event.id).order_by(DataErasure.done_at.desc())
        )
        .scalars()
        .all()
    )


def erase_attendee(event: Event, attendee: Attendee) -> dict:
    """Carry out one person's deletion request: every personal field, the name too, and the
    values in the audit entries about them."""
    if attendee.event_id != event.id or attendee.cancel_reason != DELETION_REASON:
        raise ErasureError("no deletion request")
    db.session.flush()
    attendee_id = attendee.id
    # The fixed reason stays (it says nothing about the person): the request is shown as done.
    _erase_rows([attendee], keep_name=False, cancel_reason=DELETION_REASON)
    from workshop.certificates.models import Certificate

    _trim_certificates(Certificate.attendee_id == attendee_id, erase_name=True)
    cleared = _clear_audit_values(
        AuditEntry.event_id == event.id, AuditEntry.entity == "Attendee", AuditEntry.entity_id == attendee_id
    )
    counts = {"fields": len(CLEARED) + 2, "audit_entries": cleared}
    _record(event, "request", "erase", "Attendee", attendee_id, counts, attendee_id=attendee_id)
    db.session.expire_all()
    db.session.flush()
    return counts


JOB_RESULTS_KEPT = timedelta(days=7)


def stale_job_results(now: datetime | None = None) -> list:
    """Jobs whose result file (a certificate ZIP, an evidence bundle: personal data) is older
    than a week: made again in a minute when needed, not kept lying around."""
    from workshop.jobs.models import Job

    limit = (now or utcnow()) - JOB_RESULTS_KEPT
    return list(db.session.execute(select(Job).where(Job.created_at < limit)).scalars())


def remove_jobs(jobs_to_remove: list) -> int:
    from workshop.jobs import services as jobs

    for job in jobs_to_remove:
        if job.result_path:
            try:
                storage.delete_after_commit(db.session(), storage.stored_path(jobs.FOLDER, job.result_path))
            except ValueError:
                pass
        db.session.delete(job)
    db.session.flush()
    return len(jobs_to_remove)


def stale_import_uploads(now: float | None = None) -> list[Path]:
    """Uploaded participant lists abandoned between preview and confirm."""
    folder = (
        Path(current_app.config.get("STORAGE_DIR") or Path(current_app.instance_path) / "storage") / "imports"
    )
    if not folder.is_dir():
        return []
    limit = (now or time.time()) - PENDING_IMPORT_MAX_AGE_SECONDS
    return sorted(path for path in folder.iterdir() if path.is_file() and path.stat().st_mtime < limit)


def anonymous_counts(event: Event) -> dict:
    """What stays countable after a purge: people by role, gender and status."""
    rows = db.session.execute(
        select(Attendee.role, Attendee.gender, Attendee.status).where(Attendee.event_id == event.id)
    ).all()
    counts: dict = {"total": len(rows)}
    for role, gender, status in rows:
        for key in (f"role:{role}", f"gender:{gender}", f"status:{status}"):
            counts[key] = counts.get(key, 0) + 1
    return counts
