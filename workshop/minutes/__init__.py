"""The minutes (notula) of each session: written by the event's staff as the session runs, saved
as typed (versioned, like the groups' notes), printed per session or for all, and contributed with
the speakers' materials to the activity report and the evidence bundle."""

from flask import Blueprint

bp = Blueprint("minutes", __name__)

from workshop.minutes import api, views  # noqa: E402,F401
