"""Events and their teams: creating and editing an event, the public event page, members and
invitations, and the event's audit log."""

from flask import Blueprint

bp = Blueprint("events", __name__)

from workshop.events import views  # noqa: E402,F401
