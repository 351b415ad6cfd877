"""Attendance certificates: settings per event, eligibility with its reason, gap-free numbering,
the PDF (and the ZIP of all of them), and the public verification page /v/<code>."""

from flask import Blueprint

bp = Blueprint("certificates", __name__)

from workshop.certificates import views  # noqa: E402,F401
