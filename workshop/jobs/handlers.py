"""What the jobs module does when others tell it something happened (workshop/core/signals.py): the
files jobs made (certificate ZIPs, evidence bundles: personal data) go with the event's personal
data, and any job's file a week after it was made (made again in a minute when needed)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select

from workshop.core import signals, storage
from workshop.core.db import utcnow
from workshop.core.personal_data import erases
from workshop.extensions import db
from workshop.jobs.models import Job
from workshop.jobs.services import FOLDER

RESULTS_KEPT = timedelta(days=7)


def _remove_files(jobs: list[Job], dry_run: bool) -> int:
    files = 0
    for job in jobs:
        if not job.result_path:
            continue
        try:
            path = storage.stored_path(FOLDER, job.result_path)
        except ValueError:
            continue
        files += 1
        if not dry_run:
            storage.delete_after_commit(db.session(), path)
    return files


@signals.event_purged.connect
@erases(Job)
def purge_jobs(event, *, dry_run: bool = False, **_) -> dict:
    jobs = list(db.session.execute(select(Job).where(Job.event_id == event.id)).scalars())
    files = _remove_files(jobs, dry_run)
    if not dry_run:
        db.session.execute(delete(Job).where(Job.event_id == event.id))
    return {"generated_files": files}


@signals.retention_sweep.connect
def old_results(_sender, *, dry_run: bool = False, now: datetime | None = None, **_) -> dict:
    limit = (now or utcnow()) - RESULTS_KEPT
    jobs = list(db.session.execute(select(Job).where(Job.created_at < limit)).scalars())
    if not dry_run:
        _remove_files(jobs, dry_run=False)
        for job in jobs:
            db.session.delete(job)
        db.session.flush()
    return {"generated file(s) (certificate ZIPs, bundles) older than a week": len(jobs)}
