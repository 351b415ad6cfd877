"""Infrastructure routes: the language switch and the health check."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, jsonify, redirect, request, url_for

bp = Blueprint("core", __name__)

LANG_COOKIE_AGE = 365 * 24 * 3600


def safe_next(target: str | None) -> str:
    """Only a path on this site; never another host."""
    if not target:
        return url_for("events.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("events.index")
    return target


@bp.route("/lang/<code>")
def set_language(code: str):
    response = redirect(safe_next(request.args.get("next")))
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(
            "lang",
            code,
            max_age=LANG_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        )
    return response


@bp.route("/healthz")
def healthz():
    """For the load balancer and monitoring: 200 when the database answers and its schema is
    at the newest migration, else 503. Says nothing about the data."""
    from workshop.core.health import check

    healthy, report = check()
    response = jsonify(report)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
