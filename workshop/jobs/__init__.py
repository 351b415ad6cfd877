"""Long jobs (a ZIP of certificates, later the evidence bundle): a row with progress and a result
file; run by an RQ worker when REDIS_URL is set, else in a background thread (DESIGN.md §4)."""

from flask import Blueprint

bp = Blueprint("jobs", __name__)

from workshop.jobs import views  # noqa: E402,F401
