"""Requests carrying NUL characters are refused before any view sees them: no form, code or
name legitimately holds one, and PostgreSQL refuses to store or even compare text with NUL, so
letting them through turns a typing accident or a probe into a server error. Uploaded file
contents are not checked (binary files hold NULs)."""

from __future__ import annotations

from flask import Flask, abort, request

NUL = "\x00"


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


def refuse_nul() -> None:
    if NUL in request.path:
        abort(404)
    # request.form only for form bodies: building it for a JSON scan cost more than the check.
    form = request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data")
    for source in (request.args, request.form) if form else (request.args,):
        for key, values in source.lists():
            if (isinstance(key, str) and NUL in key) or any(isinstance(v, str) and NUL in v for v in values):
                abort(400)
    # The JSON API reads bodies whatever their Content-Type (get_json(force=True)): so does this.
    if request.content_length and (request.is_json or request.path.startswith("/api/")):
        if _holds_nul(request.get_json(force=True, silent=True)):
            abort(400)


def init_app(app: Flask) -> None:
    app.before_request(refuse_nul)
