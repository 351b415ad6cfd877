"""Evidence files of a report (photos of the activity, a PDF of a decree): checked like every
upload of the app (workshop/core/storage.py): the type from the content, never the name; the size
while copying; a refused file leaves nothing behind, and a file of a rolled-back request goes."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from workshop.core import storage
from workshop.extensions import db
from workshop.followup.models import FollowupEvidence, FollowupReport

FOLDER = "followup"
EVIDENCE_TYPES = ("pdf", "jpg", "png")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_REPORT = 10


class EvidenceError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def add_evidence(
    report: FollowupReport, stream: BinaryIO, filename: str | None, max_bytes: int = EVIDENCE_MAX_BYTES
) -> FollowupEvidence:
    count = db.session.scalar(
        select(func.count(FollowupEvidence.id)).where(FollowupEvidence.report_id == report.id)
    )
    if count >= MAX_FILES_PER_REPORT:
        raise EvidenceError(_l("At most %(n)d files per action.", n=MAX_FILES_PER_REPORT))
    received = storage.receive(FOLDER, stream, filename, max_bytes, error=EvidenceError)
    name, stored_name, target, size = received.name, received.stored_name, received.path, received.size
    file_type = storage.detect_type(target) if size else None
    if file_type not in EVIDENCE_TYPES:
        target.unlink(missing_ok=True)
        raise EvidenceError(
            _l("Evidence must be a photo (JPG, PNG) or a PDF, judged by its content; nothing was stored.")
        )
    storage.delete_after_rollback(db.session(), target)
    evidence = FollowupEvidence(
        event_id=report.event_id,
        report_id=report.id,
        stored_name=stored_name,
        filename=storage.with_extension(name, file_type)[:200],
        file_type=file_type,
        size=size,
    )
    db.session.add(evidence)
    db.session.flush()
    return evidence


def evidence_path(evidence: FollowupEvidence) -> Path:
    return storage.stored_path(FOLDER, evidence.stored_name)


def remove_evidence(evidence: FollowupEvidence) -> None:
    """The row goes now; its file goes when the removal is committed."""
    try:
        storage.delete_after_commit(db.session(), evidence_path(evidence))
    except ValueError:
        pass
    db.session.delete(evidence)
    db.session.flush()


def evidence_of(report_ids: list[int]) -> dict[int, list[FollowupEvidence]]:
    by_report: dict[int, list[FollowupEvidence]] = {}
    if not report_ids:
        return by_report
    for item in db.session.execute(
        select(FollowupEvidence)
        .where(FollowupEvidence.report_id.in_(report_ids))
        .order_by(FollowupEvidence.id)
    ).scalars():
        by_report.setdefault(item.report_id, []).append(item)
    return by_report
