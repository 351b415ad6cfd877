"""The groups JSON API (DESIGN.md §5): RTL rows and discussion notes, saved as a facilitator types.

Auth: a signed-in organiser of the event (or an admin), or a facilitator assigned to the group;
the session cookie plus the X-CSRFToken header (checked by Flask-WTF on every write). No session:
401; someone else: 403; the group's output locked: 423 on every write.
"""

from __future__ import annotations

from flask import jsonify, request
from flask_login import current_user

from workshop.core.web import ApiError, api_error, api_found, api_signed_in
from workshop.events.models import Event
from workshop.events.services import role_in
from workshop.extensions import db
from workshop.groups import bp, services
from workshop.groups.models import Group, GroupNotes

bp.register_error_handler(ApiError, api_error)


def _group(group_id: int) -> Group:
    api_signed_in()
    group = api_found(db.session.get(Group, group_id))
    event = db.session.get(Event, group.event_id)
    if not services.may_work_on(group, current_user, role_in(event, current_user)):
        raise ApiError(403, "not allowed for this group")
    return group


def _row(row_id: int):
    api_signed_in()
    row = api_found(services.get_row(row_id))
    return row, _group(row.group_id)


def _body() -> dict:
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object")
    return body


# What the services refuse, answered the same way by every write below.
@bp.errorhandler(services.Locked)
def _locked(_error):
    return jsonify({"error": "locked"}), 423


@bp.errorhandler(services.Gone)
def _gone(_error):
    return jsonify({"error": "not found"}), 404


@bp.errorhandler(services.InvalidInput)
def _invalid(error: services.InvalidInput):
    return jsonify({"error": "invalid", "fields": error.errors}), 422


def _current_json(current) -> dict:
    return services.notes_json(current) if isinstance(current, GroupNotes) else services.row_json(current)


@bp.errorhandler(services.Conflict)
def _conflict(conflict: services.Conflict):
    return jsonify(
        {"error": "conflict", "fields": conflict.fields, "current": _current_json(conflict.current)}
    ), 409


@bp.errorhandler(services.StaleVersion)
def _stale(stale: services.StaleVersion):
    return jsonify({"error": "conflict", "current": _current_json(stale.current)}), 409


@bp.route("/api/groups/<int:group_id>/rtl", methods=["GET"])
def api_rtl_list(group_id: int):
    group = _group(group_id)
    return jsonify(
        {"rows": [services.row_json(row) for row in services.rtl_rows(group)], "status": group.output_status}
    )


@bp.route("/api/groups/<int:group_id>/rtl", methods=["POST"])
def api_rtl_create(group_id: int):
    group = _group(group_id)
    body = _body()
    row, created = services.create_row(group, body.get("client_id"), body, current_user)
    db.session.commit()
    return jsonify({"row": services.row_json(row), "created": created}), 201 if created else 200


@bp.route("/api/rtl/<int:row_id>", methods=["PATCH"])
def api_rtl_update(row_id: int):
    row, _group_ = _row(row_id)
    body = _body()
    row = services.update_row(row, body.get("version"), body, current_user)
    db.session.commit()
    return jsonify({"row": services.row_json(row)})


@bp.route("/api/rtl/<int:row_id>", methods=["DELETE"])
def api_rtl_delete(row_id: int):
    row, _group_ = _row(row_id)
    services.delete_row(row, request.args.get("version", type=int), current_user)
    db.session.commit()
    return "", 204


@bp.route("/api/groups/<int:group_id>/notes", methods=["GET"])
def api_notes_get(group_id: int):
    group = _group(group_id)
    return jsonify({"notes": services.notes_json(services.notes_of(group)), "status": group.output_status})


@bp.route("/api/groups/<int:group_id>/notes", methods=["PUT"])
def api_notes_put(group_id: int):
    group = _group(group_id)
    body = _body()
    notes = services.save_notes(group, body.get("version"), body, current_user)
    db.session.commit()
    return jsonify({"notes": services.notes_json(notes)})
