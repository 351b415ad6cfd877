"""The organiser's page of personal data: retention, deletion requests carried out one by one."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from workshop.attendees.models import Attendee
from workshop.events.access import organiser_required
from workshop.extensions import db
from workshop.lifecycle import bp, services


@bp.route("/manage/events/<slug>/personal-data")
@organiser_required
def personal_data(event):
    requests = services.deletion_requests(event)
    done = {e.attendee_id: e for e in services.erasures(event) if e.attendee_id is not None}
    purge = next((e for e in services.erasures(event) if e.kind == "retention"), None)
    return render_template(
        "lifecycle/personal_data.html",
        event=event,
        requests=requests,
        done=done,
        purge=purge,
        retention_ends=services.retention_ends(event),
        form=FlaskForm(),
    )


@bp.route("/manage/events/<slug>/personal-data/<int:attendee_id>/erase", methods=["POST"])
@organiser_required
def erase(event, attendee_id: int):
    if not FlaskForm().validate_on_submit():
        abort(400)
    attendee = db.session.get(Attendee, attendee_id)
    if attendee is None or attendee.event_id != event.id:
        abort(404)
    try:
        services.erase_attendee(event, attendee)
    except services.ErasureError:
        flash(_("This person has not asked for their data to be deleted."), "error")
    else:
        db.session.commit()
        flash(
            _(
                "The personal data of registration %(number)s has been erased.",
                number=f"{attendee.reg_number:03d}",
            ),
            "success",
        )
    return redirect(url_for("lifecycle.personal_data", slug=event.slug))
