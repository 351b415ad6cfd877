"""The agency's page, opened by its link (no account): the followed rows of that agency only, saved
as typed (static/js/followup.js: autosave per field to /api/followup/<token>/…, JSON like the rest
of the API, kept in IndexedDB while offline), evidence
files per row. A link that is unknown, expired or revoked opens nothing (404), and a report of
another agency through this link is a 404 too.

Every change is audited under the name the focal person gave (``acting_as``)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from workshop.core.audit import acting_as
from workshop.core.db import utcnow
from workshop.core.flows import json_object, save_versioned, too_large_for
from workshop.core.web import ApiError, api_error, api_found, or_404
from workshop.events.models import Event
from workshop.extensions import db
from workshop.followup import bp, evidence, monitoring, services
from workshop.followup.forms import EvidenceForm
from workshop.followup.models import FollowupEvidence
from workshop.followup.views import rupiah, send_evidence

LINK = "/f/<token>"

bp.register_error_handler(ApiError, api_error)


def _agency_or_404(token: str):
    agency = or_404(services.agency_for_token(token))
    return agency, db.session.get(Event, agency.event_id)


def _actor(agency, name: str) -> str:
    return f"{name} ({agency.name})"[:255]


@bp.route(LINK)
def agency_page(token: str):
    agency, event = _agency_or_404(token)
    checkpoints = services.checkpoints_of(event)
    today = utcnow().astimezone(event.tz).date()
    chosen = services.get_checkpoint(event, request.args.get("checkpoint", type=int))
    chosen = chosen or services.current_checkpoint(checkpoints, today)
    lines = services.lines(event, agency)
    reports = services.reports_by_row(chosen) if chosen else {}
    if chosen is not None and any(line.row.id not in reports for line in lines):
        services.sync_rows(event)  # a row adopted after the checkpoints were set
        db.session.commit()
        reports = services.reports_by_row(chosen)
    files = evidence.evidence_of([r.id for r in reports.values()])
    latest = max(
        (r for r in reports.values() if r.reporter_name and r.row.agency_id == agency.id),
        key=lambda r: r.updated_at,
        default=None,
    )
    response = render_template(
        "followup/agency.html",
        event=event,
        agency=agency,
        token=token,
        checkpoints=checkpoints,
        checkpoint=chosen,
        lines=lines,
        reports=reports,
        files=files,
        status_labels=monitoring.status_labels(),
        evidence_form=EvidenceForm(),
        reporter=latest,
        today=today,
        rupiah=rupiah,
        max_mb=evidence.EVIDENCE_MAX_BYTES // (1024 * 1024),
    )
    return response, 200, {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


@bp.route("/api/followup/<token>/reports/<int:report_id>", methods=["PATCH"])
def agency_save(token: str, report_id: int):
    agency = api_found(services.agency_for_token(token))
    report = api_found(services.report_of_agency(agency, report_id))
    body = json_object()

    def save():
        reporter = services.clean_reporter(body.get("reporter_name"), body.get("reporter_phone"))
        fields = {k: v for k, v in body.items() if k in services.REPORT_FIELDS}
        with acting_as(_actor(agency, reporter[0])):
            services.save_report(report, body.get("version"), fields, reporter)
        return report

    return save_versioned(
        save, services.report_json, "report", invalid=services.InvalidInput, conflict=services.Conflict
    )


def _back(token: str, report):
    return redirect(
        url_for("followup.agency_page", token=token, checkpoint=report.checkpoint_id) + f"#report-{report.id}"
    )


@bp.route(f"{LINK}/reports/<int:report_id>/evidence", methods=["POST"])
def agency_evidence_add(token: str, report_id: int):
    agency, _event = _agency_or_404(token)
    report = or_404(services.report_of_agency(agency, report_id))
    form = EvidenceForm()
    if not form.validate_on_submit():
        flash(_("The form has expired; please try again."), "error")
        return _back(token, report)
    try:
        name, _phone = services.clean_reporter(request.form.get("reporter_name"), "")
    except services.InvalidInput:
        flash(_("Enter your name first: every change is recorded with it."), "error")
        return _back(token, report)
    upload = form.file.data
    if upload is None or not getattr(upload, "filename", ""):
        flash(_("Choose a file to upload."), "error")
        return _back(token, report)
    try:
        with acting_as(_actor(agency, name)):
            evidence.add_evidence(report, upload.stream, upload.filename)
    except evidence.EvidenceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return _back(token, report)
    db.session.commit()
    flash(_("The file was added."), "success")
    return _back(token, report)


def _evidence(agency, evidence_id: int) -> FollowupEvidence:
    item = db.session.get(FollowupEvidence, evidence_id)
    if item is None or services.report_of_agency(agency, item.report_id) is None:
        abort(404)
    return item


@bp.route(f"{LINK}/evidence/<int:evidence_id>")
def agency_evidence(token: str, evidence_id: int):
    agency, _event = _agency_or_404(token)
    return send_evidence(_evidence(agency, evidence_id))


@bp.route(f"{LINK}/evidence/<int:evidence_id>/delete", methods=["POST"])
def agency_evidence_delete(token: str, evidence_id: int):
    agency, _event = _agency_or_404(token)
    item = _evidence(agency, evidence_id)
    report = services.report_of_agency(agency, item.report_id)
    if EvidenceForm().validate_on_submit():
        name = (request.form.get("reporter_name") or "").strip()[:200] or agency.name
        with acting_as(_actor(agency, name)):
            evidence.remove_evidence(item)
        db.session.commit()
        flash(_("The file was removed."), "success")
    return _back(token, report)


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(error):
    """A file over the request limit never reaches the form: say so on the page it came from."""
    args = too_large_for("followup.agency_evidence_add", evidence.EVIDENCE_MAX_BYTES)
    if args is None:
        return error
    return redirect(url_for("followup.agency_page", token=args["token"]))
