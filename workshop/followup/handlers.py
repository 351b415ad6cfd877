"""What the follow-up module does when others tell it something happened (workshop/core/signals.py):
the purge forgets the focal persons (their names and phone numbers in the reports, the history
and the audit log's actor) and removes the evidence files. Receivers flush, never commit; files
go once the purge is committed."""

from __future__ import annotations

from sqlalchemy import delete, func, or_, select, update

from workshop.core import signals, storage
from workshop.core.audit import AuditEntry
from workshop.core.personal_data import erases
from workshop.extensions import db
from workshop.followup.evidence import evidence_path
from workshop.followup.models import FollowupEvidence, FollowupReport, FollowupRevision

AUDITED = ("FollowupReport", "FollowupEvidence")
ERASED_ACTOR = "(focal person)"


@signals.event_purged.connect
@erases(FollowupReport, FollowupRevision, FollowupEvidence)
def purge_followup(event, *, dry_run: bool = False, **_) -> dict:
    named = (
        FollowupReport.event_id == event.id,
        or_(FollowupReport.reporter_name != "", FollowupReport.reporter_phone != ""),
    )
    people = db.session.scalar(select(func.count(FollowupReport.id)).where(*named)) or 0
    files = list(
        db.session.execute(select(FollowupEvidence).where(FollowupEvidence.event_id == event.id)).scalars()
    )
    if not dry_run:
        db.session.execute(update(FollowupReport).where(*named).values(reporter_name="", reporter_phone=""))
        db.session.execute(
            update(FollowupRevision).where(FollowupRevision.event_id == event.id).values(reporter_name="")
        )
        # The audit log names the focal person as the actor of their changes.
        db.session.execute(
            update(AuditEntry)
            .where(
                AuditEntry.event_id == event.id, AuditEntry.entity.in_(AUDITED), AuditEntry.user_id.is_(None)
            )
            .values(actor=ERASED_ACTOR)
        )
        for item in files:
            try:
                storage.delete_after_commit(db.session(), evidence_path(item))
            except ValueError:
                continue
        db.session.execute(delete(FollowupEvidence).where(FollowupEvidence.event_id == event.id))
    return {"followup_focal_persons": people, "files": len(files)}
