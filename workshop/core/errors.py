"""Error pages in the user's language, and JSON errors under /api/."""

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from workshop.extensions import db


def _wants_json() -> bool:
    # The API, and a script that sent JSON elsewhere (a ticket page's answers endpoint).
    return request.path.startswith("/api/") or request.is_json


def _messages():
    return {
        400: _("The request could not be understood."),
        401: _("Please sign in first."),
        403: _("You do not have access to this page."),
        404: _("The page you asked for does not exist."),
        405: _("This address does not accept that kind of request."),
        413: _("The file is too large."),
        429: _("Too many attempts. Please wait a moment and try again."),
        500: _("Something went wrong on our side. The error has been recorded; please try again."),
    }


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        message = _(
            "The form has expired or was not sent from this site. Please reload the page and try again."
        )
        if _wants_json():
            return jsonify(error=message), 400
        return render_template("errors/error.html", code=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        message = _messages().get(code, error.description)
        if _wants_json():
            return jsonify(error=message), code
        response = error.get_response()
        response.data = render_template("errors/error.html", code=code, message=message)
        response.content_type = "text/html; charset=utf-8"
        return response

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        db.session.rollback()
        app.logger.exception("Unhandled error on %s %s", request.method, request.endpoint)
        message = _messages()[500]
        if _wants_json():
            return jsonify(error=message), 500
        return render_template("errors/error.html", code=500, message=message), 500
