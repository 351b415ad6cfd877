"""Self check-in at /c/<session code>: the code is shown at the venue; the participant's phone
holds their ticket in the remembered-ticket cookie, so one tap checks them in (server time)."""
from __future__ import annotations

import uuid

from flask import abort, current_app, render_template, request
from sqlalchemy import select

from workshop.attendees import services as attendee_services
from workshop.checkin import bp, services
from workshop.checkin.forms import SelfCheckInForm
from workshop.checkin.models import CheckIn
from workshop.core.tokens import hash_token
from workshop.extensions import db, limiter

# Messages for the result of a self check-in.
STATUS_TEMPLATE = "checkin/self.html"


def _ticket_key() -> str:
    ticket = request.cookies.get(current_app.config["TICKET_COOKIE"], "")
    return "self-checkin:" + (hash_token(ticket)[:16] if ticket else (request.remote_addr or "unknown"))


def _load(session_code: str):
    session = services.session_by_code(session_code)
    if session is None:
        abort(404)
    attendee = attendee_services.get_by_ticket(request.cookies.get(current_app.config["TICKET_COOKIE"], ""))
    if attendee is not None and attendee.event_id != session.event_id:
        attendee = None
    return session, attendee


@bp.route("/c/<session_code>", methods=["GET", "POST"])
@limiter.limit("30/minute", key_func=_ticket_key, methods=["POST"])
def self_checkin(session_code: str):
    session, attendee = _load(session_code)
    event = session.event
    form = SelfCheckInForm()
    result = None
    if attendee is not None and form.validate_on_submit():
        result = services.check_in(event, attendee.ticket_code, session.code, str(uuid.uuid4()),
                                   method="self", trust_client_time=False)
        db.session.commit()
    existing = None
    if attendee is not None and result is None:
        existing = db.session.execute(
            select(CheckIn).where(CheckIn.attendee_id == attendee.id, CheckIn.agenda_session_id == session.id)
        ).scalar_one_or_none()
    return render_template(STATUS_TEMPLATE, event=event, session=session, attendee=attendee, form=form,
                           result=result, existing=existing)
