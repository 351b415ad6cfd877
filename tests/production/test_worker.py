"""`make worker`: a certificate ZIP job handed to Redis by the web app is run by the RQ worker
(a separate process that makes its own app from the environment), and the job's page sees it
done with its file. Skips with the reason when Redis is not reachable."""

from __future__ import annotations

import os
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from redis import Redis
from rq import Queue

from tests.conftest import redis_url, rq_queue
from tests.production.servers import ROOT, redis_problem

# This test process's own Redis database and queue: parallel runs never take each other's jobs.
REDIS_URL = redis_url()
RQ_QUEUE = rq_queue()


@pytest.fixture
def redis_up():
    problem = redis_problem(REDIS_URL)
    if problem:
        pytest.skip(problem)
    queue = Queue(RQ_QUEUE, connection=Redis.from_url(REDIS_URL))
    queue.empty()
    yield
    queue.delete(delete_jobs=True)


def test_certificate_zip_job_runs_in_make_worker(tmp_path, redis_up):
    from tests.conftest import make_attendee, make_event, make_user
    from workshop import create_app
    from workshop.certificates import services as certificates
    from workshop.extensions import db
    from workshop.jobs import services as jobs
    from workshop.jobs.models import Job

    database = f"sqlite:///{tmp_path}/worker.db"
    storage = tmp_path / "storage"
    app = create_app(
        {
            "CONFIG_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": database,
            "REDIS_URL": REDIS_URL,
            "RQ_QUEUE": RQ_QUEUE,
            "STORAGE_DIR": str(storage),
        },
        instance_path=str(tmp_path / "instance"),
    )
    with app.app_context():
        db.create_all()
        event = make_event(make_user("panitia@serang.go.id"), slug="kla-serang")
        for n in range(3):
            make_attendee(
                event,
                full_name=["Dr. Ani", "Dr. Budi", "Dr. Citra"][n],
                role="narasumber",
                category="non-ASN",
                nip="",
                golongan="",
                phone=f"0813-4444-000{n}",
                email=f"n{n}@example.go.id",
            )
        issued = certificates.issue_due(event, force=True, now=datetime.now(UTC) - timedelta(days=1))
        assert len(issued) == 3
        app.testing = False  # as in production: jobs go to Redis, not to a thread
        job = jobs.enqueue(
            "certificates_zip",
            certificates.build_zip_job,
            event_id=event.id,
            base_url="https://bintek.example.go.id",
            lang="id",
        )
        db.session.commit()
        job_id = job.id
        assert Queue(RQ_QUEUE, connection=Redis.from_url(REDIS_URL)).count == 1
        assert db.session.get(Job, job_id).status == "queued"

    env = {
        **os.environ,
        "REDIS_URL": REDIS_URL,
        "RQ_QUEUE": RQ_QUEUE,
        "DATABASE_URL": database,
        "STORAGE_DIR": str(storage),
        "BINTEK_CONFIG": "development",
        "BINTEK_INSTANCE_PATH": str(tmp_path / "instance"),
        "WORKER_ARGS": "--burst",
    }
    done = subprocess.run(
        ["make", "--no-print-directory", "worker", "WORKER_ARGS=--burst"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]

    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job.status == "done", (job.status, job.error)
        path = jobs.result_path(job)
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
        assert len(names) == 3 and all(name.endswith(".pdf") for name in names)
    make = subprocess.run(
        ["make", "--no-print-directory", "worker"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "REDIS_URL"},
        timeout=60,
    )
    assert make.returncode != 0 and "needs REDIS_URL" in make.stdout
