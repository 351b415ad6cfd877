"""Check-in: who was at which session, from scanner phones, staff and self check-in (DESIGN.md §4)."""

from flask import Blueprint

bp = Blueprint("checkin", __name__)

from workshop.checkin import api, views  # noqa: E402,F401
