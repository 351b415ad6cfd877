"""The jobs module's rows of the authorisation matrix (see tests/matrix.py). A job belongs to one
event: only that event's organisers (and admins) see its progress and download its file."""

from tests.matrix import ORGANISERS_ONLY

ROUTES = {
    "jobs.job_page": ("GET", "/manage/events/{event}/jobs/{job}", ORGANISERS_ONLY),
    "jobs.job_status": ("GET", "/manage/events/{event}/jobs/{job}/status", ORGANISERS_ONLY),
    "jobs.job_download": ("GET", "/manage/events/{event}/jobs/{job}/download", ORGANISERS_ONLY),
}


def extra_url_values(app, world) -> dict:
    """A finished ZIP job of the event (needs the certificate made in tests/certificates/routes.py)."""
    from sqlalchemy import select

    from workshop.certificates import services
    from workshop.events.models import Event
    from workshop.extensions import db
    from workshop.jobs import services as job_services

    with app.test_request_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        job = job_services.enqueue(
            "certificates_zip",
            services.build_zip_job,
            event_id=event.id,
            base_url="http://localhost/",
            lang="id",
        )
        db.session.commit()  # runs the job (waited for under tests)
        return {"job": job.id}
