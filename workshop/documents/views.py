import io
from functools import partial

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workshop.agenda import queries as agenda_queries
from workshop.agenda.queries import session_or_404
from workshop.checkin import queries as checkin_queries
from workshop.core import exporters
from workshop.core.flows import event_row_or_404
from workshop.core.web import save_form
from workshop.documents import bp, forms, services
from workshop.documents import letterhead as letterhead_services
from workshop.documents.models import ReportPhoto
from workshop.events.access import event_member_required
from workshop.extensions import db
from workshop.jobs import services as job_services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The letterhead form's save (core.web): a LetterheadError always names one of the form's fields.
_save = partial(save_form, refused=letterhead_services.LetterheadError, rollback=True)


@bp.route("/manage/events/<slug>/agenda/<int:session_id>/daftar-hadir.pdf")
@event_member_required("organiser", "staff")
def daftar_hadir(event, session_id: int):
    session = session_or_404(event, session_id)
    kind = request.args.get("list", "peserta")
    if kind not in services.LISTS:
        abort(404)
    # Before the session: blank, for signatures. Once anyone has checked in: with their times.
    checked_in = checkin_queries.checked_in_for(session)
    pdf = services.daftar_hadir_pdf(
        event, session, kind, checked_in, signatory=services.committee_head(event)
    )
    day = event.local(session.starts_at).date().isoformat()
    name = (
        f"daftar-hadir-{services.slug_for_file(session.title)}-{day}-{kind}.pdf"  # as in the evidence bundle
    )
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", download_name=name)


@bp.route("/manage/events/<slug>/agenda/<int:session_id>/poster.pdf")
@event_member_required("organiser", "staff")
def poster(event, session_id: int):
    """The A4 self check-in poster of a session (its QR opens /c/<session code>)."""
    session = session_or_404(event, session_id)
    url = url_for("checkin.self_checkin", session_code=session.code, _external=True)
    pdf = services.poster_pdf(event, session, url)
    day = event.local(session.starts_at).date().isoformat()
    return send_file(
        io.BytesIO(pdf), mimetype="application/pdf", download_name=f"poster-absensi-{session.id}-{day}.pdf"
    )


# ---- the organiser's documents page ---------------------------------------------------------------


@bp.route("/manage/events/<slug>/documents")
@event_member_required("organiser")
def index(event):
    sessions = [s for s in agenda_queries.agenda_for(event) if s.requires_checkin]
    exports = exporters.available_for(event)
    return render_template(
        "documents/index.html",
        event=event,
        sessions=sessions,
        report=services.get_report(event),
        photos=services.photos_of(event),
        exports=exports,
        evidence=[e for e in exports if e.kind.startswith("evidence-")],
    )


@bp.route("/manage/events/<slug>/documents/export/<kind>")
@event_member_required("organiser")
def export(event, kind: str):
    """Any document of the exporter registry (the same as `flask documents make SLUG KIND OUT`)."""
    return _send_export(event, kind)


def _send_export(event, kind: str):
    item = exporters.get(kind)
    if item is None or not item.is_available(event):
        abort(404)
    base_url = current_app.config.get("PUBLIC_BASE_URL") or request.url_root
    data = item.make(event, base_url)
    return send_file(io.BytesIO(data), mimetype=item.mimetype, download_name=item.download_name(event))


@bp.route("/manage/events/<slug>/documents/attendance-recap.xlsx")
@event_member_required("organiser")
def recap(event):
    data = services.recap_xlsx(event)
    return send_file(io.BytesIO(data), mimetype=XLSX, download_name=f"rekap-kehadiran-{event.slug}.xlsx")


def _report_page(event, form, photo_form, status: int):
    return render_template(
        "documents/report.html",
        event=event,
        form=form,
        photo_form=photo_form,
        delete_form=forms.DeleteForm(),
        photos=services.photos_of(event),
    ), status


@bp.route("/manage/events/<slug>/documents/report", methods=["GET", "POST"])
@event_member_required("organiser")
def report(event):
    form = forms.ReportForm(obj=services.get_report(event))
    photo_form = forms.PhotoForm()
    if form.validate_on_submit():
        services.save_report(event, form.data)
        db.session.commit()
        flash(_("The report's texts are saved."), "success")
        return redirect(url_for("documents.report", slug=event.slug))
    return _report_page(event, form, photo_form, 422 if form.errors else 200)


@bp.route("/manage/events/<slug>/documents/report/photos", methods=["POST"])
@event_member_required("organiser")
def add_photo(event):
    form = forms.ReportForm(obj=services.get_report(event), formdata=None)
    photo_form = forms.PhotoForm()
    if photo_form.validate_on_submit():
        try:
            services.add_photo(event, photo_form.photo.data.stream, photo_form.caption.data)
        except services.PhotoRefused as refused:
            db.session.rollback()
            photo_form.photo.errors.append(str(refused))
        else:
            db.session.commit()
            flash(_("Photo added."), "success")
            return redirect(url_for("documents.report", slug=event.slug) + "#photos")
    return _report_page(event, form, photo_form, 422)


@bp.route("/manage/events/<slug>/documents/report/photos/<int:photo_id>")
@event_member_required("organiser")
def photo(event, photo_id: int):
    path = services.photo_file(event_row_or_404(event, ReportPhoto, photo_id))
    if path is None or not path.exists():
        abort(404)
    response = send_file(io.BytesIO(path.read_bytes()), mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@bp.route("/manage/events/<slug>/documents/report/photos/<int:photo_id>/delete", methods=["POST"])
@event_member_required("organiser")
def delete_photo(event, photo_id: int):
    photo = event_row_or_404(event, ReportPhoto, photo_id)
    if forms.DeleteForm().validate_on_submit():
        services.remove_photo(photo)
        db.session.commit()
        flash(_("Photo removed."), "success")
    return redirect(url_for("documents.report", slug=event.slug) + "#photos")


@bp.route("/manage/events/<slug>/documents/report.pdf")
@event_member_required("organiser")
def report_pdf(event):
    pdf = services.report_pdf(event)
    return send_file(
        io.BytesIO(pdf), mimetype="application/pdf", download_name=f"laporan-kegiatan-{event.slug}.pdf"
    )


@bp.route("/manage/events/<slug>/documents/rtl.pdf")
@event_member_required("organiser")
def rtl_pdf(event):
    """Every group's RTL in one document: a cover, a section per group, a summary."""
    return _send_export(event, "rtl")


@bp.route("/manage/events/<slug>/documents/rtl.docx")
@event_member_required("organiser")
def rtl_docx(event):
    return _send_export(event, "rtl-docx")


@bp.route("/manage/events/<slug>/documents/report.docx")
@event_member_required("organiser")
def report_docx(event):
    return _send_export(event, "report-docx")


@bp.route("/manage/events/<slug>/documents/bundle", methods=["POST"])
@event_member_required("organiser")
def bundle(event):
    """The KLA evidence bundle, built as a job: the job page shows its progress and the download."""
    if not forms.DeleteForm().validate_on_submit():
        abort(400)
    base_url = current_app.config.get("PUBLIC_BASE_URL") or request.url_root
    job = job_services.enqueue(
        "kla_bundle",
        services.build_bundle_job,
        event_id=event.id,
        created_by_id=current_user.id,
        base_url=base_url,
    )
    db.session.commit()
    return redirect(url_for("jobs.job_page", slug=event.slug, job_id=job.id))


@bp.route("/manage/events/<slug>/documents/letterhead", methods=["GET", "POST"])
@event_member_required("organiser")
def letterhead(event):
    """The letterhead (kop) of the event's documents and the daftar hadir's "Mengetahui" block."""
    current = letterhead_services.get_document_settings(event)
    form = forms.LetterheadForm(obj=current)

    def save():
        letterhead_services.save_document_settings(event, form.data)
        upload = form.logo.data
        if form.remove_logo.data:
            letterhead_services.remove_logo(event)
        elif upload is not None and getattr(upload, "filename", ""):
            letterhead_services.set_logo(event, upload.stream.read(letterhead_services.LOGO_MAX_BYTES + 1))

    done = _save(form, save, _("Letterhead saved."), url_for("documents.letterhead", slug=event.slug))
    if done:
        return done
    status = 422 if form.errors else 200
    return render_template("documents/letterhead.html", event=event, form=form, settings=current), status


@bp.route("/manage/events/<slug>/documents/letterhead.pdf")
@event_member_required("organiser")
def letterhead_pdf(event):
    """A sample page with the letterhead and the signing protocol, to check them before printing."""
    return send_file(
        io.BytesIO(letterhead_services.sample_pdf(event)),
        mimetype="application/pdf",
        download_name=f"kop-{event.slug}.pdf",
    )
