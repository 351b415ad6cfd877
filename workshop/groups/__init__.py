"""Discussion groups of an event (one per child-rights cluster in a KLA Bintek): assignment,
facilitators, the discussion notes and the RTL (follow-up plan) with review and plenary view.

The routes (views, api) and the signal receivers (handlers) are imported by create_app, not here:
agenda.models imports groups.models, so this package is loaded early and must stay light."""

from flask import Blueprint

bp = Blueprint("groups", __name__)
