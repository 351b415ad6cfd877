"""The participant's side: public registration, the personal ticket, finding a lost ticket, and
a person's rights over their data (UU 27/2022)."""

from flask import Blueprint

bp = Blueprint("registration", __name__)

from workshop.registration import views  # noqa: E402,F401
