"""The generic job runner: progress, result file, failure, and access per event."""

import pytest

from tests.conftest import make_event, make_user
from workshop.extensions import db
from workshop.jobs import services
from workshop.jobs.models import Job


def count_to(job, event_id: int, upto: int) -> None:
    job.start(upto)
    with job.result_file("angka.txt").open("w") as f:
        for i in range(upto):
            f.write(f"{i}\n")
            job.advance()


def explode(job, event_id: int) -> None:
    job.start(3)
    job.advance()
    raise RuntimeError("disk full")


@pytest.fixture
def event_id(app, tmp_path):
    app.config["STORAGE_DIR"] = str(tmp_path / "storage")
    with app.app_context():
        event = make_event(make_user("panitia@serang.go.id"), slug="kla-serang")
        db.session.commit()
        yield event.id
    app.config["STORAGE_DIR"] = None


def test_a_job_runs_after_commit_with_progress_and_its_file(app, event_id):
    with app.test_request_context():
        job = services.enqueue("test", count_to, event_id=event_id, upto=5)
        assert job.status == "queued" and len(job.id) >= 24
        db.session.commit()
        db.session.expire_all()
        job = db.session.get(Job, job.id)
        assert (job.status, job.progress, job.total, job.percent) == ("done", 5, 5, 100)
        assert services.result_path(job).read_text().splitlines() == ["0", "1", "2", "3", "4"]
        assert job.result_name == "angka.txt" and job.finished_at is not None


def test_a_rolled_back_job_never_runs(app, event_id, monkeypatch):
    """A job enqueued in a transaction that is rolled back is forgotten: the next commit of the
    same session starts nothing (it used to start the job id of a row that never existed)."""
    started = []
    monkeypatch.setattr(services, "dispatch", lambda app, job_id: started.append(job_id))
    with app.test_request_context():
        job_id = services.enqueue("test", count_to, event_id=event_id, upto=2).id
        db.session.rollback()
        assert db.session.get(Job, job_id) is None
        make_user("lain@serang.go.id")
        db.session.commit()
        assert started == []
        # The same steps without the rollback do start the job (so the check above can fail).
        kept = services.enqueue("test", count_to, event_id=event_id, upto=2).id
        db.session.commit()
        assert started == [kept]


def test_a_failing_job_is_marked_failed_with_its_error(app, event_id):
    with app.test_request_context():
        job = services.enqueue("test", explode, event_id=event_id)
        db.session.commit()
        db.session.expire_all()
        job = db.session.get(Job, job.id)
        assert job.status == "failed" and "disk full" in job.error and job.progress == 1
        assert services.result_path(job) is None


def test_the_rq_entry_point_is_importable():
    from workshop.jobs.worker import run

    assert callable(run)
