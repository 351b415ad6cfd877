"""Discussion groups of an event (one per child-rights cluster in a KLA Bintek): assignment,
facilitators, the discussion notes and the RTL (follow-up plan) with review and plenary view."""
from flask import Blueprint

bp = Blueprint("groups", __name__)

from workshop.groups import api, views  # noqa: E402,F401
