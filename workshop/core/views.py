"""Infrastructure routes: the language switch and the health check."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, jsonify, redirect, request, url_for

bp = Blueprint("core", __name__)

LANG_COOKIE_AGE = 365 * 24 * 3600


def keep_cookie(response, name: str, value: str, max_age: int):
    """A cookie this site sets to remember a choice: never read by scripts, sent on links from
    other sites (Lax), over HTTPS only where the session cookie is."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    return response


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
        keep_cookie(response, "lang", code, LANG_COOKIE_AGE)
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
