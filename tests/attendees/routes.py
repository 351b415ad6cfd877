"""The attendees module's rows of the authorisation matrix (see tests/matrix.py).
The organiser list's rows are here; the import pages' rows are in routes_import.py.

Check-in staff may open the list read-only (they look people up at the door); every other page,
export and action is for the event's organisers (and admins). Facilitators get 403."""

from tests.attendees.routes_import import ROUTES as IMPORT_ROUTES
from tests.matrix import LOGIN, ORGANISERS_ONLY, TEAM_ONLY  # noqa: F401

ORGANISERS_AND_STAFF = {**ORGANISERS_ONLY, "staff": 200}
# Actions answer with a redirect to the person's page (or to the list).
ORGANISER_ACTION = {**ORGANISERS_ONLY, "*": 302}

BASE = "/manage/events/{event}/attendees"

ROUTES: dict = {
    **IMPORT_ROUTES,
    "attendees.index": ("GET", BASE, ORGANISERS_AND_STAFF),
    "attendees.new": ("GET", BASE + "/new", ORGANISERS_ONLY),
    "attendees.detail": ("GET", BASE + "/{attendee}", ORGANISERS_ONLY),
    "attendees.edit": ("GET", BASE + "/{attendee}/edit", ORGANISERS_ONLY),
    "attendees.cancel": ("POST", BASE + "/{attendee}/cancel", ORGANISER_ACTION),
    # Restoring someone who is not cancelled changes nothing and explains why, on the person's page.
    "attendees.restore": ("POST", BASE + "/{attendee}/restore", ORGANISER_ACTION),
    "attendees.replace": ("GET", BASE + "/{attendee}/replace", ORGANISERS_ONLY),
    # The matrix's attendee is no child: the page explains that no guardian's consent is needed.
    "attendees.guardian_consent": ("POST", BASE + "/{attendee}/guardian-consent", ORGANISER_ACTION),
    # Without MAIL_SERVER the page explains that email is not set up.
    "attendees.send_email": ("POST", BASE + "/{attendee}/email", ORGANISER_ACTION),
    "attendees.institutions": ("GET", BASE + "/institutions", ORGANISERS_ONLY),
    # Downloads are POSTed forms carrying the list's filters (and the CSRF token).
    "attendees.export_xlsx": ("POST", BASE + "/export.xlsx", ORGANISERS_ONLY),
    "attendees.export_csv": ("POST", BASE + "/export.csv", ORGANISERS_ONLY),
    "attendees.nametags_pdf": ("POST", BASE + "/nametags.pdf", ORGANISERS_ONLY),
    "attendees.whatsapp": ("GET", BASE + "/whatsapp", ORGANISERS_ONLY),
}
