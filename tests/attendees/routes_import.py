"""The attendee import pages' rows of the authorisation matrix (see tests/matrix.py)."""
from tests.matrix import LOGIN, ORGANISERS_ONLY, TEAM_ONLY  # noqa: F401

ROUTES: dict = {}
