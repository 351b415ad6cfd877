"""Creating and running jobs. ``enqueue`` only adds the row; the job starts once the request's
transaction is committed (a worker must be able to read the row), in an RQ worker when
REDIS_URL is set, else in a thread of this process; under tests the thread is waited for, so a
test sees the finished job.

A job function takes a ``JobContext`` first and its own keyword arguments (plain JSON values,
plus ``event_id`` when the job belongs to an event):
``def build_zip(job: JobContext, event_id: int) -> None``. It reports progress with
``job.start(total)`` and ``job.advance()``, and writes its file to ``job.result_file(name)``."""

from __future__ import annotations

import importlib
import logging
import threading
import time
from pathlib import Path

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import event as sa_event
from sqlalchemy import update
from sqlalchemy.orm import Session

from workshop.core import storage
from workshop.core.db import utcnow
from workshop.core.tokens import random_token
from workshop.extensions import db
from workshop.jobs.models import Job, JobStatus

log = logging.getLogger(__name__)
FOLDER = "jobs"
PENDING = "jobs_to_start"
PROGRESS_EVERY = 0.25  # seconds between progress writes
RQ_QUEUE = "bintek"
# What each kind of job makes, for its page.
KIND_LABELS = {
    "certificates_zip": _l("All issued certificates as one ZIP file"),
    "kla_bundle": _l("The KLA evidence bundle (ZIP)"),
    "certificates_sign": _l("Electronic signatures on the certificates"),
}


def enqueue(
    kind: str, func, *, event_id: int | None = None, created_by_id: int | None = None, **params
) -> Job:
    """A queued job that runs ``func`` once the current transaction commits."""
    job = Job(
        id=random_token(18),
        kind=kind,
        event_id=event_id,
        created_by_id=created_by_id,
        func=f"{func.__module__}:{func.__qualname__}",
        params=params,
        status=JobStatus.QUEUED.value,
    )
    db.session.add(job)
    db.session.flush()
    session = db.session()
    session.info.setdefault(PENDING, []).append((current_app._get_current_object(), job.id))
    return job


def get_job(job_id: str, event_id: int) -> Job | None:
    job = db.session.get(Job, job_id)
    if job is None or job.event_id != event_id:
        return None
    return job


def result_path(job: Job) -> Path | None:
    if job.status != JobStatus.DONE.value:
        return None
    return storage.existing_file(FOLDER, job.result_path)


@sa_event.listens_for(Session, "after_commit")
def _start_committed(session: Session) -> None:
    for app, job_id in session.info.pop(PENDING, []):
        dispatch(app, job_id)


@sa_event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(PENDING, None)


def dispatch(app: Flask, job_id: str) -> None:
    if app.config.get("REDIS_URL") and not app.testing:
        from redis import Redis
        from rq import Queue

        queue = Queue(
            app.config.get("RQ_QUEUE") or RQ_QUEUE, connection=Redis.from_url(app.config["REDIS_URL"])
        )
        queue.enqueue("workshop.jobs.worker.run", job_id, job_timeout=app.config.get("JOB_TIMEOUT", 3600))
        return
    thread = threading.Thread(
        target=_run_in_thread, args=(app, job_id), name=f"job-{job_id[:8]}", daemon=True
    )
    thread.start()
    if app.testing:
        thread.join()


def _run_in_thread(app: Flask, job_id: str) -> None:
    with app.app_context():
        try:
            run_job(job_id)
        finally:
            db.session.remove()


class JobContext:
    """What a running job may do to its own row: progress (written on a separate connection, so
    the page sees it while the job's own transaction is still reading) and its result file."""

    def __init__(self, job: Job):
        self.job_id = job.id
        self.total = 0
        self.done = 0
        self._written_at = 0.0
        self.stored_name: str | None = None
        self.download_name: str | None = None

    def _write(self, **values) -> None:
        with db.engine.begin() as connection:
            connection.execute(update(Job).where(Job.id == self.job_id).values(**values))
        self._written_at = time.monotonic()

    def start(self, total: int) -> None:
        self.total = total
        self._write(total=total, progress=0)

    def advance(self, count: int = 1) -> None:
        self.done += count
        if time.monotonic() - self._written_at >= PROGRESS_EVERY or self.done >= self.total:
            self._write(progress=self.done)

    def result_file(self, download_name: str) -> Path:
        """Where to write the result; it becomes the job's download once the job succeeds."""
        self.stored_name = storage.random_name()
        self.download_name = download_name
        return storage.folder(FOLDER) / self.stored_name


def run_job(job_id: str) -> None:
    """Run a queued job in the current app context (thread or RQ worker)."""
    job = db.session.get(Job, job_id)
    if job is None or job.status != JobStatus.QUEUED.value:
        return
    job.status = JobStatus.RUNNING.value
    job.started_at = utcnow()
    db.session.commit()
    context = JobContext(job)
    func_path, params = job.func, dict(job.params or {})
    if job.event_id is not None:
        params.setdefault("event_id", job.event_id)
    try:
        module_name, _sep, name = func_path.partition(":")
        func = getattr(importlib.import_module(module_name), name)
        func(context, **params)
    except Exception as error:  # noqa: BLE001 - a failed job is reported on its page
        db.session.rollback()
        log.exception("job %s (%s) failed", job_id, func_path)
        if context.stored_name:
            (storage.folder(FOLDER) / context.stored_name).unlink(missing_ok=True)
        job = db.session.get(Job, job_id)
        job.status = JobStatus.FAILED.value
        job.progress = max(context.done, job.progress)
        job.error = f"{type(error).__name__}: {error}"[:1000]
        job.finished_at = utcnow()
        db.session.commit()
        return
    db.session.rollback()  # whatever the job read; its row is updated fresh
    job = db.session.get(Job, job_id)
    job.status = JobStatus.DONE.value
    job.progress = max(context.done, job.progress)
    job.total = max(context.total, job.total)
    job.result_path = context.stored_name
    job.result_name = context.download_name
    job.finished_at = utcnow()
    db.session.commit()


def status_of(job: Job) -> dict:
    status = {name: getattr(job, name) for name in ("id", "kind", "status", "progress", "total", "percent")}
    status["error"] = job.error if job.status == JobStatus.FAILED.value else None
    return status
