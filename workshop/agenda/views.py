from functools import partial

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from workshop.agenda import bp, services
from workshop.agenda.forms import MaterialForm, SessionForm, SpeakerForm
from workshop.agenda.queries import session_or_404
from workshop.attendees.services import get_by_ticket
from workshop.core.db import utcnow
from workshop.core.web import add_error, or_404, save_form
from workshop.events.access import event_member_required, organiser_required
from workshop.events.services import get_public_event
from workshop.extensions import db

# A form with a file: a refused file (UploadError) is shown by its field.
_save_upload = partial(save_form, refused=services.UploadError)


def _max_material_bytes() -> int:
    return current_app.config.get("MATERIAL_MAX_BYTES", services.MATERIAL_MAX_BYTES)


@bp.app_template_global()
def agenda_days(event, attendee=None):
    """For templates/agenda/_agenda.html: the programme that applies, by day, with the total JP."""
    sessions = services.agenda_for(event, attendee)
    total = services.total_jp(sessions) if attendee is not None else services.event_total_jp(sessions)
    return services.agenda_days(event, sessions), total


@bp.app_template_global()
def agenda_kind_label(kind: str) -> str:
    return services.kind_label(kind)


@bp.app_template_global()
def agenda_day_label(day) -> str:
    return services.day_label(day)


@bp.app_template_global()
def agenda_local_time(event, moment) -> str:
    return moment.astimezone(event.tz).strftime("%H:%M") if moment else ""


@bp.app_template_global()
def agenda_file_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


# ---- organiser pages -------------------------------------------------------------------------


@bp.route("/manage/events/<slug>/agenda/")
@event_member_required()
def manage(event):
    sessions = services.agenda_for(event)
    return render_template(
        "agenda/manage.html",
        event=event,
        days=services.agenda_days(event, sessions),
        warnings=services.agenda_warnings(event, sessions),
        total=services.event_total_jp(sessions),
        can_edit=g.event_role == "organiser",
    )


def _prepare(form: SessionForm, event) -> None:
    people = services.speakers_of(event)
    form.speakers.choices = [(p.id, f"{p.full_name} ({p.role})") for p in people]
    form.moderator.choices = [("", _("— none —"))] + [(p.id, f"{p.full_name} ({p.role})") for p in people]
    form.groups.choices = [(grp.id, grp.name) for grp in services.groups_of(event)]


def _edit_session(event, session=None):
    if request.method == "POST":
        form = SessionForm()
    elif session is not None:
        form = SessionForm(data=SessionForm.initial(services.session_form_data(event, session)))
    else:
        starts, ends = services.suggested_slot(event)
        form = SessionForm(
            data={
                "starts_at": starts,
                "ends_at": ends,
                "kind": "materi",
                "requires_checkin": True,
                "audience": "everyone",
            }
        )
    _prepare(form, event)
    warnings = []
    if form.validate_on_submit():
        try:
            if session is None:
                session, confirmed = services.create_session(
                    event, form.to_data(), confirm_warnings=form.confirm_warnings.data
                )
            else:
                session, confirmed = services.update_session(
                    session, form.to_data(), confirm_warnings=form.confirm_warnings.data
                )
        except services.SessionRejected as rejected:
            for name, messages in rejected.errors.items():
                add_error(form, name, *messages)
            warnings = rejected.warnings
        else:
            db.session.commit()
            flash(_("Session saved."), "success")
            for warning in confirmed:
                flash(warning, "warning")
            return redirect(url_for("agenda.manage", slug=event.slug) + f"#session-{session.id}")
    return render_template(
        "agenda/session_form.html", event=event, form=form, session=session, warnings=warnings
    )


@bp.route("/manage/events/<slug>/agenda/new", methods=["GET", "POST"])
@organiser_required
def session_new(event):
    return _edit_session(event)


@bp.route("/manage/events/<slug>/agenda/<int:session_id>/edit", methods=["GET", "POST"])
@organiser_required
def session_edit(event, session_id: int):
    return _edit_session(event, session_or_404(event, session_id))


@bp.route("/manage/events/<slug>/agenda/<int:session_id>/delete", methods=["POST"])
@organiser_required
def session_delete(event, session_id: int):
    session = session_or_404(event, session_id)
    title = session.title
    services.delete_session(session)
    db.session.commit()
    flash(_("The session “%(title)s” was deleted.", title=title), "success")
    return redirect(url_for("agenda.manage", slug=event.slug))


def _materials_page(event, session, form, status=200):
    return render_template(
        "agenda/materials.html",
        event=event,
        session=session,
        form=form,
        can_edit=g.event_role == "organiser",
        now=utcnow(),
    ), status


@bp.route("/manage/events/<slug>/agenda/<int:session_id>/materials")
@event_member_required()
def session_materials(event, session_id: int):
    return _materials_page(event, session_or_404(event, session_id), MaterialForm(formdata=None))


@bp.route("/manage/events/<slug>/agenda/<int:session_id>/materials", methods=["POST"])
@organiser_required
def material_upload(event, session_id: int):
    session = session_or_404(event, session_id)
    form = MaterialForm()

    def upload():
        file = form.file.data
        return services.add_material(
            session,
            file.stream,
            file.filename,
            title=form.title.data or "",
            is_hidden_until_start=form.is_hidden_until_start.data,
            uploaded_by=current_user,
            max_bytes=_max_material_bytes(),
            reported_size=file.content_length or None,
        )

    done = _save_upload(
        form,
        upload,
        lambda material: _("“%(name)s” was uploaded.", name=material.filename),
        url_for("agenda.session_materials", slug=event.slug, session_id=session.id),
    )
    return done or _materials_page(event, session, form)


@bp.route("/manage/events/<slug>/agenda/materials/<int:material_id>/delete", methods=["POST"])
@organiser_required
def material_delete(event, material_id: int):
    material = or_404(services.get_material(event, material_id))
    session_id, name = material.session_id, material.filename
    services.delete_material(material)
    db.session.commit()
    flash(_("“%(name)s” was deleted.", name=name), "success")
    return redirect(url_for("agenda.session_materials", slug=event.slug, session_id=session_id))


def _send_material(material):
    path = services.material_path(material)
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=material.content_type,
        as_attachment=True,
        download_name=material.filename,
        max_age=0,
        conditional=True,
        etag=False,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/manage/events/<slug>/agenda/materials/<int:material_id>")
@event_member_required()
def material_download(event, material_id: int):
    """The team may always download, also before the session starts."""
    return _send_material(or_404(services.get_material(event, material_id)))


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(error):
    """A file over the request limit never reaches the form: say so on the page it came from."""
    args = request.view_args or {}
    megabyte = 1024 * 1024
    if request.endpoint == "agenda.material_upload" and "slug" in args:
        message = _(
            "The file is larger than %(mb)d MB; nothing was stored.", mb=_max_material_bytes() // megabyte
        )
        back = url_for("agenda.session_materials", slug=args["slug"], session_id=args["session_id"])
    elif request.endpoint == "agenda.speaker_edit" and "slug" in args:
        message = _("The photo is larger than %(mb)d MB.", mb=services.PHOTO_MAX_BYTES // megabyte)
        back = url_for("agenda.speaker_edit", slug=args["slug"], attendee_id=args["attendee_id"])
    else:
        return render_template("errors/error.html", code=413, message=_("The file is too large.")), 413
    flash(message, "error")
    return redirect(back, 303)


@bp.route("/manage/events/<slug>/agenda/speakers")
@organiser_required
def speakers(event):
    return render_template("agenda/speakers.html", event=event, people=services.speakers_of(event))


@bp.route("/manage/events/<slug>/agenda/speakers/<int:attendee_id>", methods=["GET", "POST"])
@organiser_required
def speaker_edit(event, attendee_id: int):
    person = or_404(services.get_speaker(event, attendee_id))
    form = SpeakerForm(obj=person)

    def save():
        services.update_speaker(person, form.bio.data)
        if form.remove_photo.data:
            services.remove_speaker_photo(person)
        elif form.photo.data and getattr(form.photo.data, "filename", ""):
            services.set_speaker_photo(person, form.photo.data.stream)

    done = _save_upload(form, save, _("Saved."), url_for("agenda.speakers", slug=event.slug), rollback=True)
    return done or render_template("agenda/speaker_form.html", event=event, person=person, form=form)


# ---- public pages ----------------------------------------------------------------------------


def _public_event_or_404(slug: str):
    return or_404(get_public_event(slug))


@bp.route("/e/<slug>/agenda")
def public_agenda(slug: str):
    event = _public_event_or_404(slug)
    people = [p for p in services.speakers_of(event) if p.bio or p.photo_path]
    return render_template("agenda/public_agenda.html", event=event, people=people)


@bp.route("/e/<slug>/agenda.ics")
def public_ics(slug: str):
    event = _public_event_or_404(slug)
    text = services.agenda_ics(event, services.agenda_for(event), host=request.host.split(":")[0])
    return Response(
        text,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{event.slug}.ics"'},
    )


@bp.route("/e/<slug>/speakers/<int:attendee_id>/photo")
def speaker_photo(slug: str, attendee_id: int):
    event = _public_event_or_404(slug)
    person = services.get_speaker(event, attendee_id)
    path = services.speaker_photo_path(person) if person is not None and person.is_active else None
    if path is None or not path.is_file():
        abort(404)
    return send_file(path, mimetype="image/jpeg", max_age=3600)


@bp.route("/t/<ticket_code>/materials/<int:material_id>")
def ticket_material(ticket_code: str, material_id: int):
    """A participant downloads a material of their own event with their ticket link."""
    material = or_404(services.material_for_ticket(get_by_ticket(ticket_code), material_id))
    now = utcnow()
    if not material.is_available(now):
        event = material.agenda_session.event
        return render_template("agenda/material_not_yet.html", event=event, material=material), 403
    return _send_material(material)


@bp.app_template_global()
def agenda_now():
    return utcnow()
