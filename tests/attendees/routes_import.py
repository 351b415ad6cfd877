"""The attendee import pages' rows of the authorisation matrix (see tests/matrix.py)."""

from tests.matrix import LOGIN, ORGANISERS_ONLY, TEAM_ONLY  # noqa: F401

ROUTES: dict = {
    "attendees.import_upload": ("GET", "/manage/events/{event}/attendees/import", ORGANISERS_ONLY),
    # Without a file waiting, the preview says so (200) and links to the upload.
    "attendees.import_preview": ("GET", "/manage/events/{event}/attendees/import/preview", ORGANISERS_ONLY),
    # Without a file waiting, confirm and cancel send the organiser back to the upload page.
    "attendees.import_confirm": (
        "POST",
        "/manage/events/{event}/attendees/import/confirm",
        {**ORGANISERS_ONLY, "*": 302},
    ),
    "attendees.import_demo": (
        "POST",
        "/manage/events/{event}/attendees/import/demo",
        {**ORGANISERS_ONLY, "*": 302},
    ),
    "attendees.import_cancel": (
        "POST",
        "/manage/events/{event}/attendees/import/cancel",
        {**ORGANISERS_ONLY, "*": 302},
    ),
}
