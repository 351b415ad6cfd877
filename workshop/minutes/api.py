"""The minutes' JSON API, saved as the notulis types (static/js/minutes.js):
GET/PUT /api/sessions/<id>/minutes, versioned like the groups' notes (DESIGN.md §5). Auth: a
signed-in organiser or staff member of the session's event (or an admin), the session cookie plus
the X-CSRFToken header. No session: 401; someone else: 403; 409 {"error": "conflict", "current"}
when a field it changes was changed since its version."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from workshop.agenda.models import AgendaSession
from workshop.core.flows import json_object, save_versioned
from workshop.core.web import ApiError, api_error, api_found, api_signed_in
from workshop.events.models import Event
from workshop.events.services import role_in
from workshop.extensions import db
from workshop.minutes import bp, services

WRITERS = ("organiser", "staff")

bp.register_error_handler(ApiError, api_error)


def _session(session_id: int) -> AgendaSession:
    api_signed_in()
    session = api_found(db.session.get(AgendaSession, session_id))
    event = db.session.get(Event, session.event_id)
    if not current_user.is_admin and role_in(event, current_user) not in WRITERS:
        raise ApiError(403, "not allowed for this event")
    return api_found(services.get_session(event, session.id))


@bp.route("/api/sessions/<int:session_id>/minutes", methods=["GET"])
def api_minutes_get(session_id: int):
    session = _session(session_id)
    return jsonify({"minutes": services.minutes_json(services.minutes_of(session))})


@bp.route("/api/sessions/<int:session_id>/minutes", methods=["PUT"])
def api_minutes_put(session_id: int):
    session = _session(session_id)
    body = json_object()
    return save_versioned(
        lambda: services.save_minutes(session, body.get("version"), body, current_user),
        services.minutes_json,
        "minutes",
        invalid=services.InvalidInput,
        conflict=services.Conflict,
    )
