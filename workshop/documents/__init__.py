"""Documents an organiser must hand in or print: the daftar hadir (attendance list) per session,
and later the RTL documents, recap, activity report and the KLA evidence bundle."""

from flask import Blueprint

bp = Blueprint("documents", __name__)

from workshop.documents import views  # noqa: E402,F401
