"""Attendees of an event (every person there, whatever their role) and the institutions they come
from: the rules for their data, the organiser's list, import, export, name tags and ticket links."""

from flask import Blueprint

bp = Blueprint("attendees", __name__)

from workshop.attendees import import_views, views  # noqa: E402,F401
