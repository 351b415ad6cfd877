"""The minutes' JSON API, saved as the notulis types (static/js/minutes.js):
GET/PUT /api/sessions/<id>/minutes, versioned like the groups' notes (DESIGN.md §5). Auth: a
signed-in organiser or staff member of the session's event (or an admin), the session cookie plus
the X-CSRFToken header. No session: 401; someone else: 403; 409 {"error": "conflict", "current"}
when a field it changes was changed since its version."""

from __future__ import annotations

from flask import jsonify, request
from flask_login import current_user

from workshop.agenda.models import AgendaSession
from workshop.events.models import Event
from workshop.events.services import role_in
from workshop.extensions import db
from workshop.minutes import bp, services

WRITERS = ("organiser", "staff")


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _session(session_id: int) -> AgendaSession:
    if not (current_user and current_user.is_authenticated):
        raise ApiError(401, "authentication required")
    session = db.session.get(AgendaSession, session_id)
    if session is None:
        raise ApiError(404, "not found")
    event = db.session.get(Event, session.event_id)
    if not current_user.is_admin and role_in(event, current_user) not in WRITERS:
        raise ApiError(403, "not allowed for this event")
    if services.get_session(event, session.id) is None:
        raise ApiError(404, "not found")
    return session


@bp.route("/api/sessions/<int:session_id>/minutes", methods=["GET"])
def api_minutes_get(session_id: int):
    try:
        session = _session(session_id)
    except ApiError as error:
        return jsonify({"error": error.message}), error.status
    return jsonify({"minutes": services.minutes_json(services.minutes_of(session))})


@bp.route("/api/sessions/<int:session_id>/minutes", methods=["PUT"])
def api_minutes_put(session_id: int):
    try:
        session = _session(session_id)
    except ApiError as error:
        return jsonify({"error": error.message}), error.status
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        return jsonify({"error": "the body must be a JSON object"}), 400
    try:
        minutes = services.save_minutes(session, body.get("version"), body, current_user)
    except services.InvalidInput as error:
        db.session.rollback()
        return jsonify({"error": "invalid", "fields": error.errors}), 422
    except services.Conflict as conflict:
        current = services.minutes_json(conflict.current)
        db.session.rollback()
        return jsonify({"error": "conflict", "fields": conflict.fields, "current": current}), 409
    db.session.commit()
    return jsonify({"minutes": services.minutes_json(minutes)})
