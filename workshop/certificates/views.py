from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workshop.attendees import services as attendee_services
from workshop.attendees.models import Attendee
from workshop.certificates import bp, services
from workshop.certificates.forms import (
    ROLE_FIELDS,
    ActionForm,
    DecisionForm,
    IssueForm,
    RevokeForm,
    SettingsForm,
)
from workshop.core import exporters, ratelimit
from workshop.core.ratelimit import ip_key
from workshop.core.web import add_error, not_found, or_404, posted, save_form, send_bytes
from workshop.events.access import organiser_required
from workshop.events.models import Event
from workshop.extensions import db, limiter
from workshop.jobs import services as job_services

LIMITS = {
    # Every look-up, generously: a room of people may check certificates from one IP.
    "VERIFY_IP_LIMIT": "120 per minute",
    # Unknown codes only: guessing is hopeless (80 bits) and this makes it slow as well.
    "VERIFY_FAILED_LIMIT": "20 per 10 minutes;100 per day",
}
_limit = ratelimit.limits_from(LIMITS)


def _base_url() -> str:
    """Where the QR points: the configured public address, else the address of this request."""
    return current_app.config.get("PUBLIC_BASE_URL") or request.url_root


def _lang() -> str:
    return "en" if request.args.get("lang") == "en" else "id"


@bp.after_request
def private_pages(response):
    response.headers["Cache-Control"] = "private, no-store"
    if request.path.startswith(("/v/", "/t/")):
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.app_template_global()
def ticket_certificate(attendee):
    """For the ticket page: the person's valid certificate, or None."""
    certificate = services.certificate_of(attendee)
    return certificate if certificate is not None and certificate.is_valid else None


@bp.app_template_global()
def ticket_revoked_certificate(attendee):
    """For the ticket page: the person's certificate when it was revoked, or None."""
    certificate = services.certificate_of(attendee)
    return certificate if certificate is not None and not certificate.is_valid else None


@bp.app_template_global()
def ticket_certificate_standing(attendee):
    """For the ticket page before a certificate exists: the person's attendance so far, when
    their role receives a certificate (None otherwise)."""
    event = db.session.get(Event, attendee.event_id)
    standing = services.eligibility_of(event, attendee)
    return standing if standing.required is not None else None


@bp.app_template_global()
def certificate_links(certificate) -> list[tuple[str, str]]:
    """What other modules offer beside a valid certificate (exporters.VERIFY_LINKS)."""
    if certificate is None or not certificate.is_valid:
        return []
    return [
        link
        for contribute in exporters.contributions(exporters.VERIFY_LINKS)
        for link in contribute(certificate)
    ]


@bp.app_template_global()
def certificate_role_name(role: str) -> str:
    return services.role_name(role)


# ---- organiser pages -------------------------------------------------------------------------


@bp.route("/manage/events/<slug>/certificates/")
@organiser_required
def index(event):
    rows = services.eligibility(event)
    settings = services.get_settings(event)
    return render_template(
        "certificates/index.html",
        event=event,
        rows=rows,
        settings=settings,
        configured=settings.id is not None,
        self_signing=services.self_signing_notes(event, rows),
        issue_form=IssueForm(),
        export_form=ActionForm(),
        before_end=services.is_before_end(event),
        last_end=event.local(services.last_session_end(event)),
        counts={
            "eligible": sum(r.eligible for r in rows),
            "due": sum(r.is_due for r in rows),
            "issued": sum(1 for r in rows if r.certificate is not None and r.certificate.is_valid),
            "revoked": sum(1 for r in rows if r.certificate is not None and not r.certificate.is_valid),
        },
    )


@bp.route("/manage/events/<slug>/certificates/settings", methods=["GET", "POST"])
@organiser_required
def settings(event):
    current = services.get_settings(event)
    form = SettingsForm() if request.method == "POST" else SettingsForm(data=SettingsForm.initial(current))

    def save():
        saved = services.save_settings(event, form.to_data())
        for name in SettingsForm.IMAGE_FIELDS:
            upload = form[name].data
            if form[f"remove_{name}"].data:
                services.remove_image(saved, name)
            elif upload is not None and getattr(upload, "filename", ""):
                services.set_image(saved, name, upload.stream)

    done = save_form(
        form,
        save,
        _("Certificate settings saved."),
        url_for("certificates.index", slug=event.slug),
        refused=services.CertificateError,
        rollback=True,
    )
    return done or render_template(
        "certificates/settings.html",
        event=event,
        form=form,
        settings=current,
        role_fields=ROLE_FIELDS,
        image_fields=SettingsForm.IMAGE_FIELDS,
    )


@bp.route("/manage/events/<slug>/certificates/issue", methods=["POST"])
@organiser_required
def issue(event):
    form = IssueForm()
    if not form.validate_on_submit():
        abort(400)
    if services.get_settings(event).id is None:
        flash(_("Fill in the certificate settings (who signs) first."), "error")
        return redirect(url_for("certificates.settings", slug=event.slug))
    try:
        issued = services.issue_due(event, force=bool(form.confirm_early.data), user_id=current_user.id)
    except services.IssueTooEarly:
        db.session.rollback()
        flash(
            _("The last session has not ended yet. Tick the confirmation to issue certificates anyway."),
            "error",
        )
        return redirect(url_for("certificates.index", slug=event.slug))
    db.session.commit()
    if issued:
        flash(
            _(
                "%(count)d certificates issued: numbers %(first)s to %(last)s.",
                count=len(issued),
                first=issued[0].number,
                last=issued[-1].number,
            ),
            "success",
        )
    else:
        flash(_("Nobody is due a certificate."), "warning")
    return redirect(url_for("certificates.index", slug=event.slug))


def _attendee_or_404(event, attendee_id: int) -> Attendee:
    attendee = db.session.get(Attendee, attendee_id)
    if attendee is None or attendee.event_id != event.id:
        abort(404)
    return attendee


@bp.route("/manage/events/<slug>/certificates/people/<int:attendee_id>", methods=["GET", "POST"])
@organiser_required
def person(event, attendee_id: int):
    attendee = _attendee_or_404(event, attendee_id)
    form = DecisionForm()

    def decide():
        decision = None if form.decision.data == "clear" else form.decision.data
        services.decide(event, attendee, decision, form.reason.data or "", user_id=current_user.id)

    done = save_form(
        form,
        decide,
        _("Decision saved."),
        url_for("certificates.person", slug=event.slug, attendee_id=attendee.id),
        refused=services.CertificateError,
        rollback=True,
        # A refusal that names no field of the form is about the reason.
        show=lambda form, error: add_error(
            form, error.field if error.field in form._fields else "reason", str(error)
        ),
    )
    # Shown again after a POST: the decision was not saved.
    return done or (
        render_template(
            "certificates/person.html",
            event=event,
            attendee=attendee,
            standing=services.eligibility_of(event, attendee),
            form=form,
            revoke_form=RevokeForm(),
            action_form=ActionForm(),
        ),
        422 if request.method == "POST" else 200,
    )


def _certificate_or_404(event, certificate_id: int):
    return or_404(services.get_certificate(event, certificate_id))


@bp.route("/manage/events/<slug>/certificates/<int:certificate_id>/reissue", methods=["POST"])
@organiser_required
def reissue(event, certificate_id: int):
    certificate = _certificate_or_404(event, certificate_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.reissue(event, certificate)
    db.session.commit()
    flash(
        _(
            "Certificate %(number)s re-issued with the current data; its number stays.",
            number=certificate.number,
        ),
        "success",
    )
    return redirect(url_for("certificates.person", slug=event.slug, attendee_id=certificate.attendee_id))


@bp.route("/manage/events/<slug>/certificates/<int:certificate_id>/revoke", methods=["POST"])
@organiser_required
def revoke(event, certificate_id: int):
    certificate = _certificate_or_404(event, certificate_id)
    form = RevokeForm()
    posted(
        form,
        lambda: services.revoke(certificate, form.reason.data),
        _("Certificate %(number)s revoked.", number=certificate.number),
        invalid=_("Give a reason (it is kept with the decision)."),
        refused=services.CertificateError,
        rollback=True,
    )
    return redirect(url_for("certificates.person", slug=event.slug, attendee_id=certificate.attendee_id))


def _pdf_response(certificate, event, lang: str):
    # A stored copy (the signed PDF) wins over a new render.
    body = services.stored_copy(certificate, lang) or services.render_certificate(
        event, certificate, lang, _base_url()
    )
    return send_bytes(body, services.file_name(certificate, lang), "application/pdf")


@bp.route("/manage/events/<slug>/certificates/<int:certificate_id>.pdf")
@organiser_required
def download(event, certificate_id: int):
    return _pdf_response(_certificate_or_404(event, certificate_id), event, _lang())


@bp.route("/manage/events/<slug>/certificates/export", methods=["POST"])
@organiser_required
def export(event):
    if not ActionForm().validate_on_submit():
        abort(400)
    lang = "en" if request.form.get("lang") == "en" else "id"
    job = job_services.enqueue(
        "certificates_zip",
        services.build_zip_job,
        event_id=event.id,
        created_by_id=current_user.id,
        base_url=_base_url(),
        lang=lang,
    )
    db.session.commit()
    return redirect(url_for("jobs.job_page", slug=event.slug, job_id=job.id))


# ---- the attendee and the public -------------------------------------------------------------


@bp.route("/t/<code>/certificate.pdf")
def ticket_download(code: str):
    attendee = or_404(attendee_services.get_by_ticket(code))
    certificate = services.certificate_of(attendee)
    if certificate is None or not certificate.is_valid:
        abort(404)
    return _pdf_response(certificate, attendee_services.attendee_event(attendee), _lang())


@bp.route("/v/<code>")
@limiter.limit(_limit("VERIFY_IP_LIMIT"), key_func=ip_key)
@limiter.limit(_limit("VERIFY_FAILED_LIMIT"), key_func=ip_key, deduct_when=not_found)
def verify(code: str):
    certificate = services.find_by_code(code)
    if certificate is None:
        return Response(
            render_template("certificates/verify.html", certificate=None, code=code[:40]), status=404
        )
    event = db.session.get(Event, certificate.event_id)
    return render_template(
        "certificates/verify.html",
        certificate=certificate,
        event=event,
        data=certificate.data or {},
        issued_on=services.issue_date(event, services.get_settings(event)),
        facts=[
            fact for facts in exporters.contributions(exporters.VERIFY_FACTS) for fact in facts(certificate)
        ],
        sections=[section(certificate) for section in exporters.contributions(exporters.VERIFY_SECTIONS)],
    )
