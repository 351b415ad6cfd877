from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workshop.certificates import services as certificate_services
from workshop.core import ratelimit
from workshop.core.ratelimit import ip_key
from workshop.core.web import not_found, or_404
from workshop.events.access import organiser_required
from workshop.extensions import db, limiter
from workshop.jobs import services as job_services
from workshop.signatures import bp, services
from workshop.signatures.forms import ActionForm, BsreForm, CheckForm, OptionsForm, Pkcs12Form
from workshop.signatures.models import SignatureStatus
from workshop.signatures.pades import SigningError

LIMITS = {"SIGNATURE_CHECK_LIMIT": "20 per minute;200 per day"}  # hashing uploads: per IP
_limit = ratelimit.limits_from(LIMITS)


def _page(event, status=200, **forms):
    settings = services.get_settings(event)
    rows = services.status_rows(event)
    options = forms.get("options_form") or OptionsForm(
        data={"sign_at_issue": settings.sign_at_issue, "position": settings.position}
    )
    bsre = forms.get("bsre_form") or BsreForm(
        data={
            "bsre_url": settings.bsre_url,
            "bsre_user": settings.bsre_user,
            "bsre_subscriber": settings.bsre_subscriber,
        }
    )
    return render_template(
        "signatures/index.html",
        event=event,
        settings=settings,
        rows=rows,
        counts={s: sum(1 for r in rows if r.status == s) for s in services.STATUS_LABELS},
        status_labels=services.STATUS_LABELS,
        pkcs12_form=forms.get("pkcs12_form") or Pkcs12Form(),
        bsre_form=bsre,
        options_form=options,
        action_form=ActionForm(),
    ), status


def _back(event):
    return redirect(url_for("signatures.index", slug=event.slug))


def _field_error(form, error: services.SignatureSettingsError, default: str) -> None:
    target = form[error.field] if error.field in form._fields else form[default]
    target.errors = list(target.errors) + [str(error)]


@bp.route("/manage/events/<slug>/signatures/")
@organiser_required
def index(event):
    return _page(event)


def _save(event, form, page_key: str, default_field: str, save):
    """One of the settings forms: ``save(form)`` stores it and returns what to say; a rule it
    breaks is said by its field and nothing is stored."""
    if form.validate_on_submit():
        try:
            message = save(form)
        except services.SignatureSettingsError as error:
            db.session.rollback()
            _field_error(form, error, default_field)
        else:
            db.session.commit()
            flash(message, "success")
            return _back(event)
    return _page(event, 422, **{page_key: form})


@bp.route("/manage/events/<slug>/signatures/pkcs12", methods=["POST"])
@organiser_required
def upload_pkcs12(event):
    def save(form):
        upload = form.pkcs12.data
        stream = upload.stream if upload is not None and getattr(upload, "filename", "") else None
        settings = services.set_pkcs12(event, services.read_stream(stream), form.passphrase.data or "")
        return _("Signing certificate saved: %(name)s.", name=settings.signer_name)

    return _save(event, Pkcs12Form(), "pkcs12_form", "pkcs12", save)


@bp.route("/manage/events/<slug>/signatures/bsre", methods=["POST"])
@organiser_required
def bsre(event):
    def save(form):
        services.set_bsre(event, form.data)
        return _("BSrE settings saved.")

    return _save(event, BsreForm(), "bsre_form", "bsre_url", save)


@bp.route("/manage/events/<slug>/signatures/options", methods=["POST"])
@organiser_required
def options(event):
    def save(form):
        services.set_options(event, sign_at_issue=bool(form.sign_at_issue.data), position=form.position.data)
        return _("Signing options saved.")

    return _save(event, OptionsForm(), "options_form", "position", save)


@bp.route("/manage/events/<slug>/signatures/bsre/activation", methods=["POST"])
@organiser_required
def bsre_activation(event):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.request_activation(event)
    except SigningError as error:
        flash(str(services.ERRORS.get(error.code, services.ERRORS["bsre_refused"])), "error")
    else:
        flash(
            _("BSrE sends the activation code to the organisation's registered contact: enter it below."),
            "success",
        )
    return _back(event)


@bp.route("/manage/events/<slug>/signatures/stop", methods=["POST"])
@organiser_required
def stop(event):
    if not ActionForm().validate_on_submit():
        abort(400)
    services.stop_signing(event)
    db.session.commit()
    flash(_("Signing stopped; the stored key was removed. Signed certificates stay signed."), "success")
    return _back(event)


def _not_ready(event):
    """A signing button's check (400 when its form is not valid): back to the page, saying why,
    while signing is not set up; else None."""
    if not ActionForm().validate_on_submit():
        abort(400)
    if not services.get_settings(event).is_configured:
        flash(_("Set up signing first: upload a PKCS#12 or set up BSrE."), "error")
        return _back(event)
    return None


def _start(event, certificate_ids=None):
    job = job_services.enqueue(
        "certificates_sign",
        services.sign_job,
        event_id=event.id,
        created_by_id=current_user.id,
        base_url=services.base_url(),
        certificate_ids=certificate_ids,
    )
    db.session.commit()
    return redirect(url_for("jobs.job_page", slug=event.slug, job_id=job.id))


@bp.route("/manage/events/<slug>/signatures/sign", methods=["POST"])
@organiser_required
def sign_all(event):
    not_ready = _not_ready(event)
    if not_ready:
        return not_ready
    todo = services.unsigned(event)
    if not todo:
        flash(_("Every issued certificate is signed."), "success")
        return _back(event)
    services.mark_pending(todo)
    return _start(event, [c.id for c in todo])


@bp.route("/manage/events/<slug>/signatures/<int:certificate_id>/retry", methods=["POST"])
@organiser_required
def retry(event, certificate_id: int):
    certificate = or_404(services.certificate_in_event(event, certificate_id))
    not_ready = _not_ready(event)
    if not_ready:
        return not_ready
    record = services.signature_of(certificate)
    if (
        record is not None
        and record.status == SignatureStatus.SIGNED.value
        and services.is_current(record, certificate)
    ):
        flash(_("Certificate %(number)s is already signed.", number=certificate.number), "success")
        return _back(event)
    services.mark_pending([certificate])
    return _start(event, [certificate.id])


# ---- the public: checking a PDF against what was signed ----------------------------------------


@bp.route("/v/<code>/check", methods=["POST"])
@limiter.limit(_limit("SIGNATURE_CHECK_LIMIT"), key_func=ip_key)
@limiter.limit("20 per 10 minutes", key_func=ip_key, deduct_when=not_found)
def check(code: str):
    certificate = or_404(certificate_services.find_by_code(code))
    form = CheckForm()
    result = None
    status = 200
    if form.validate_on_submit():
        upload = form.pdf.data
        if upload is None or not getattr(upload, "filename", ""):
            form.pdf.errors = list(form.pdf.errors) + [_("Choose the PDF file.")]
            status = 422
        else:
            result = services.check_upload(certificate, upload.stream)
            status = 200 if result.outcome in ("same", "different", "no_signed_copy") else 422
    else:
        status = 400
    return render_template("signatures/check.html", certificate=certificate, form=form, result=result), status
