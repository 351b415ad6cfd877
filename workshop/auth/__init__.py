"""Accounts: signing in and out, passwords, login throttling, and admins managing accounts.
Accounts are separate from attendees; what an account may do in an event comes from events.Membership."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from workshop.auth import views  # noqa: E402,F401
