"""The attendees module's rows of the authorisation matrix (see tests/matrix.py).
The organiser list's rows are here; the import pages' rows are in routes_import.py."""
from tests.attendees.routes_import import ROUTES as IMPORT_ROUTES
from tests.matrix import LOGIN, ORGANISERS_ONLY, TEAM_ONLY  # noqa: F401

ROUTES: dict = {**IMPORT_ROUTES}
