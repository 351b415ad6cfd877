"""The agenda of an event: sessions with their speakers, times, JP and audience, the materials
attached to them, and the public programme (page, partial and .ics calendar)."""

from flask import Blueprint

bp = Blueprint("agenda", __name__)

from workshop.agenda import views  # noqa: E402,F401
