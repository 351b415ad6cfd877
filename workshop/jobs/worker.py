"""The RQ entry point: ``rq worker bintek`` calls ``workshop.jobs.worker.run(job_id)``, which makes
its own app (configured from the environment, like the web process) and runs the job."""

from __future__ import annotations


def run(job_id: str) -> None:
    from workshop import create_app
    from workshop.extensions import db
    from workshop.jobs.services import run_job

    app = create_app()
    with app.app_context():
        try:
            run_job(job_id)
        finally:
            db.session.remove()
