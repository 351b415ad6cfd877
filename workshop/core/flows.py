"""View plumbing beside ``workshop/core/web.py``: for the JSON endpoints that save as people type
(DESIGN.md §5), the body as a JSON object and the versioned save (422 with a message per bad field,
409 with what is stored now, else the commit and the saved state), refused with web's ``ApiError``;
the event's row a URL names, or 404; an upload over the request limit said on the page it came
from."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, jsonify, request
from flask_babel import gettext as _

from workshop.core.web import ApiError
from workshop.extensions import db


def json_object() -> dict:
    """The request's body, which must be a JSON object; 400 otherwise."""
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object")
    return body


def save_versioned(
    save: Callable[[], object],
    as_json: Callable[[object], dict],
    key: str,
    *,
    invalid: type[Exception],
    conflict: type[Exception],
):
    """Runs a versioned write (``save()``, which returns what it saved) and answers for it:
    ``invalid`` (its ``errors``: a message per field) is a 422, ``conflict`` (its ``fields`` and
    ``current``) a 409 with ``as_json`` of what is stored now (read before the rollback); else the
    commit and ``{key: as_json(saved)}``."""
    try:
        saved = save()
    except invalid as error:
        db.session.rollback()
        return jsonify({"error": "invalid", "fields": error.errors}), 422
    except conflict as error:
        current = as_json(error.current)
        db.session.rollback()
        return jsonify({"error": "conflict", "fields": error.fields, "current": current}), 409
    db.session.commit()
    return jsonify({key: as_json(saved)})


def event_row_or_404(event, model, row_id: int):
    """The row of ``model`` with the id a URL names, when it belongs to ``event``; 404 otherwise
    (none, or another event's)."""
    row = db.session.get(model, row_id)
    if row is None or row.event_id != event.id:
        abort(404)
    return row


def too_large_for(endpoint: str, max_bytes: int) -> dict | None:
    """For a blueprint's ``RequestEntityTooLarge`` handler (a file over the request limit never
    reaches the form): when the request went to ``endpoint``, flashes that the file is larger than
    ``max_bytes`` and nothing was stored, and returns its URL values (to go back to the page it came
    from); None for any other request."""
    if request.endpoint != endpoint:
        return None
    flash(_("The file is larger than %(mb)d MB; nothing was stored.", mb=max_bytes // (1024 * 1024)), "error")
    return request.view_args or {}
