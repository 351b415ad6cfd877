"""The minutes pages: the list of sessions, the editor (autosaves through api.py; a plain form
without JavaScript), and the PDF of one session. Organisers and staff."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workshop.events.access import event_member_required
from workshop.extensions import db
from workshop.minutes import bp, documents, forms, services

MANAGE = "/manage/events/<slug>/minutes"
WRITERS = ("organiser", "staff")


def _session_or_404(event, session_id: int):
    session = services.get_session(event, session_id)
    if session is None:
        abort(404)
    return session


@bp.route(MANAGE + "/")
@event_member_required(*WRITERS)
def index(event):
    return render_template(
        "minutes/index.html",
        event=event,
        sessions=services.sessions_of(event),
        minutes=services.minutes_by_session(event),
    )


@bp.route(MANAGE + "/<int:session_id>", methods=["GET", "POST"])
@event_member_required(*WRITERS)
def edit(event, session_id: int):
    session = _session_or_404(event, session_id)
    current = services.minutes_of(session)
    form = forms.MinutesForm(obj=current)
    prefilled = False
    if not form.is_submitted():
        form.version.data = str(current.version if current else 0)
        if current is None or not current.notulis_name:
            form.notulis_name.data = current_user.name  # a suggestion, saved with the first text
            prefilled = True
    if form.validate_on_submit():
        try:
            version = int(form.version.data or 0)
        except ValueError:
            version = -1
        try:
            services.save_minutes(session, version, form.data, current_user)
        except services.InvalidInput as error:
            db.session.rollback()
            for name, message in error.errors.items():
                target = form[name] if name in form._fields else form.summary
                target.errors = list(target.errors) + [message]
        except services.Conflict as conflict:
            db.session.rollback()
            for name in conflict.fields:
                form[name].errors = list(form[name].errors) + [
                    _("Someone else changed this meanwhile; their text is shown below.")
                ]
            current = conflict.current
        else:
            db.session.commit()
            flash(_("Minutes saved."), "success")
            return redirect(url_for("minutes.edit", slug=event.slug, session_id=session.id))
    status = 422 if form.errors else 200
    return render_template(
        "minutes/edit.html",
        event=event,
        session=session,
        form=form,
        prefilled=prefilled,
        current=current,
        materials=services.materials_of(session),
    ), status


@bp.route(MANAGE + "/<int:session_id>/notula.pdf")
@event_member_required(*WRITERS)
def session_pdf(event, session_id: int):
    session = _session_or_404(event, session_id)
    return send_file(
        io.BytesIO(documents.session_pdf(event, session)),
        mimetype="application/pdf",
        download_name=f"notula-{session.id}-{event.slug}.pdf",
    )
