"""The organiser's follow-up pages: checkpoints, which agency answers for which row, the agencies'
links (with QR and texts to send), the monitoring of each checkpoint and its report."""

from __future__ import annotations

import io
from functools import partial
from urllib.parse import quote

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from workshop.attendees.models import Institution
from workshop.core.db import utcnow
from workshop.core.flows import event_row_or_404
from workshop.core.qr import qr_svg
from workshop.core.web import flash_errors, or_404, posted
from workshop.events.access import organiser_required
from workshop.extensions import db
from workshop.followup import bp, evidence, monitoring, services
from workshop.followup.exports import report_docx, report_pdf
from workshop.followup.forms import ButtonForm, CheckpointForm, CorrectionForm, LinkForm
from workshop.followup.models import FollowupAgency, FollowupEvidence, FollowupRow
from workshop.groups.clusters import format_rupiah

PREFIX = "/manage/events/<slug>/followup"


def _today(event):
    return utcnow().astimezone(event.tz).date()


def _back(event, anchor: str = ""):
    return redirect(url_for("followup.manage", slug=event.slug) + anchor)


# A follow-up rule from a posted form (core.web): committed and said when it holds, its
# FollowupError's message flashed instead.
_posted = partial(posted, refused=services.FollowupError, explain=lambda error: str(error.message))


def _checkpoint(event, checkpoint_id: int):
    return or_404(services.get_checkpoint(event, checkpoint_id))


def _manage_page(event, link=None, status: int = 200):
    lines = services.lines(event)
    by_agency: dict[int, list[services.Line]] = {}
    for line in lines:
        by_agency.setdefault(line.agency.id, []).append(line)
    agencies = services.agencies_of(event)
    correction = CorrectionForm()
    correction.institution.choices = [(i.id, i.name) for i in services.event_institutions(event)]
    return (
        render_template(
            "followup/manage.html",
            event=event,
            checkpoints=services.checkpoints_of(event),
            adopted=len(services.adopted_rows(event)),
            lines=lines,
            by_agency=by_agency,
            agencies=agencies,
            now=utcnow(),
            checkpoint_form=CheckpointForm(formdata=None),
            link_form=LinkForm(formdata=None, valid_until=services.default_link_expiry(event)),
            correction=correction,
            button=ButtonForm(),
            link=link,
        ),
        status,
    )


@bp.route(f"{PREFIX}/")
@organiser_required
def manage(event):
    return _manage_page(event)


@bp.route(f"{PREFIX}/setup", methods=["POST"])
@organiser_required
def setup(event):
    if ButtonForm().validate_on_submit():
        count = services.sync_rows(event) if services.checkpoints_of(event) else None
        if count is None:
            services.set_up(event)
            count = len(services.lines(event))
        db.session.commit()
        flash(_("%(n)d adopted RTL rows are followed up.", n=count), "success")
    return _back(event)


def _checkpoint_date(event, rule, said: str):
    """The checkpoint form's date handed to ``rule(due_on)`` (the form's errors flashed); back to
    the checkpoints."""
    form = CheckpointForm()
    _posted(form, lambda: rule(form.due_on.data), said, invalid=flash_errors)
    return _back(event, "#checkpoints")


@bp.route(f"{PREFIX}/checkpoints", methods=["POST"])
@organiser_required
def checkpoint_add(event):
    return _checkpoint_date(
        event, lambda due_on: services.add_checkpoint(event, due_on), _("Checkpoint added.")
    )


@bp.route(f"{PREFIX}/checkpoints/<int:checkpoint_id>", methods=["POST"])
@organiser_required
def checkpoint_move(event, checkpoint_id: int):
    checkpoint = _checkpoint(event, checkpoint_id)
    return _checkpoint_date(
        event, lambda due_on: services.move_checkpoint(checkpoint, event, due_on), _("Checkpoint moved.")
    )


@bp.route(f"{PREFIX}/checkpoints/<int:checkpoint_id>/delete", methods=["POST"])
@organiser_required
def checkpoint_delete(event, checkpoint_id: int):
    checkpoint = _checkpoint(event, checkpoint_id)
    _posted(ButtonForm(), lambda: services.delete_checkpoint(checkpoint, event), _("Checkpoint removed."))
    return _back(event, "#checkpoints")


@bp.route(f"{PREFIX}/rows/<int:row_id>/agency", methods=["POST"])
@organiser_required
def row_agency(event, row_id: int):
    row = event_row_or_404(event, FollowupRow, row_id)
    form = CorrectionForm()
    form.institution.choices = [(i.id, i.name) for i in services.event_institutions(event)]

    def correct():
        services.correct_agency(event, row, db.session.get(Institution, form.institution.data))
        services.sync_rows(event)

    posted(form, correct, _("The agency responsible was corrected."), invalid=flash_errors)
    return _back(event, "#agencies")


def share_texts(event, agency: FollowupAgency, url: str) -> dict:
    """The messages to send the agency (always Indonesian: they go to the agency)."""
    with force_locale("id"):
        message = _(
            "Dear focal person of %(agency)s,\nafter %(event)s your agency is responsible for %(what)s. "
            "Please report the progress of each action (status, realisation, budget used, evidence) "
            "through this link, no account needed:\n%(url)s\nThe link works until %(date)s. Keep it "
            "to yourself: whoever has it can fill in the report.",
            agency=agency.name,
            event=event.title,
            what=_("the actions of the follow-up plan (RTL)"),
            url=url,
            date=format_date(event.local(agency.link_expires_at).date(), "d MMMM yyyy"),
        )
        subject = _("RTL follow-up report: %(event)s", event=event.title)
    return {
        "message": message,
        "whatsapp": "https://wa.me/?text=" + quote(message, safe=""),
        "mailto": f"mailto:?subject={quote(subject, safe='')}&body={quote(message, safe='')}",
        "subject": subject,
    }


@bp.route(f"{PREFIX}/agencies/<int:agency_id>/link", methods=["POST"])
@organiser_required
def link_create(event, agency_id: int):
    agency = event_row_or_404(event, FollowupAgency, agency_id)
    form = LinkForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return _back(event, "#agencies")
    try:
        token = services.issue_link(agency, event, form.valid_until.data)
    except services.FollowupError as error:
        flash(str(error.message), "error")
        return _back(event, "#agencies")
    db.session.commit()
    url = url_for("followup.agency_page", token=token, _external=True)
    # The token is shown this once (only its hash is kept): the page with it is not cached.
    body, status = _manage_page(
        event,
        link={
            "agency": agency,
            "url": url,
            "qr": qr_svg(url, _("QR code of the link for %(agency)s", agency=agency.name)),
            **share_texts(event, agency, url),
        },
    )
    return body, status, {"Cache-Control": "no-store"}


@bp.route(f"{PREFIX}/agencies/<int:agency_id>/revoke", methods=["POST"])
@organiser_required
def link_revoke(event, agency_id: int):
    agency = event_row_or_404(event, FollowupAgency, agency_id)
    posted(
        ButtonForm(),
        lambda: services.revoke_link(agency),
        _("The link of %(agency)s no longer opens anything.", agency=agency.name),
    )
    return _back(event, "#agencies")


@bp.route(f"{PREFIX}/monitoring")
@organiser_required
def monitoring_page(event):
    checkpoints = services.checkpoints_of(event)
    today = _today(event)
    chosen = services.get_checkpoint(event, request.args.get("checkpoint", type=int))
    chosen = chosen or services.latest_passed_checkpoint(checkpoints, today)
    result = monitoring.monitoring(event, chosen, today) if chosen else None
    files = evidence.evidence_of([e.report.id for e in result.entries if e.report]) if result else {}
    return render_template(
        "followup/monitoring.html",
        event=event,
        checkpoints=checkpoints,
        result=result,
        chart=monitoring.chart_svg(result) if result else None,
        reminders={a.id: monitoring.reminder_text(event, chosen, a) for a in result.silent} if result else {},
        files=files,
        status_labels=monitoring.status_labels(),
        rupiah=rupiah,
    )


def rupiah(amount) -> str:
    return format_rupiah(amount) if amount is not None else ""


def _document(event, checkpoint_id: int, make, mimetype: str, extension: str):
    checkpoint = _checkpoint(event, checkpoint_id)
    data = make(event, checkpoint)
    return send_file(
        io.BytesIO(data),
        mimetype=mimetype,
        as_attachment=True,
        download_name=f"monitoring-rtl-{event.slug}-{checkpoint.due_on.isoformat()}.{extension}",
        max_age=0,
    )


@bp.route(f"{PREFIX}/checkpoints/<int:checkpoint_id>/report.pdf")
@organiser_required
def report_pdf_view(event, checkpoint_id: int):
    return _document(event, checkpoint_id, report_pdf, "application/pdf", "pdf")


@bp.route(f"{PREFIX}/checkpoints/<int:checkpoint_id>/report.docx")
@organiser_required
def report_docx_view(event, checkpoint_id: int):
    return _document(
        event,
        checkpoint_id,
        report_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    )


def send_evidence(item: FollowupEvidence):
    try:
        path = evidence.evidence_path(item)
    except ValueError:
        abort(404)
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype={"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}[item.file_type],
        as_attachment=True,
        download_name=item.filename,
        max_age=0,
        etag=False,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route(f"{PREFIX}/evidence/<int:evidence_id>")
@organiser_required
def evidence_file(event, evidence_id: int):
    return send_evidence(event_row_or_404(event, FollowupEvidence, evidence_id))
