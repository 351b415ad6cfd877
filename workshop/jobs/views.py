from flask import abort, jsonify, render_template, send_file

from workshop.events.access import organiser_required
from workshop.jobs import bp, services


def _job_or_404(event, job_id: str):
    job = services.get_job(job_id, event.id)
    if job is None:
        abort(404)
    return job


@bp.route("/manage/events/<slug>/jobs/<job_id>")
@organiser_required
def job_page(event, job_id: str):
    job = _job_or_404(event, job_id)
    return render_template(
        "jobs/job.html",
        event=event,
        job=job,
        status=services.status_of(job),
        ready=services.result_path(job) is not None,
    )


@bp.route("/manage/events/<slug>/jobs/<job_id>/status")
@organiser_required
def job_status(event, job_id: str):
    job = _job_or_404(event, job_id)
    response = jsonify(services.status_of(job))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/manage/events/<slug>/jobs/<job_id>/download")
@organiser_required
def job_download(event, job_id: str):
    job = _job_or_404(event, job_id)
    path = services.result_path(job)
    if path is None:
        abort(404)
    return send_file(
        path,
        mimetype="application/zip" if (job.result_name or "").endswith(".zip") else None,
        as_attachment=True,
        download_name=job.result_name or "result",
    )


@bp.app_template_global()
def job_label(kind: str) -> str:
    return str(services.KIND_LABELS.get(kind, kind))
