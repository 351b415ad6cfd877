"""The lifecycle module's rows of the authorisation matrix (see tests/matrix.py)."""

from tests.matrix import ORGANISERS_ONLY

ROUTES = {
    "lifecycle.personal_data": ("GET", "/manage/events/{event}/personal-data", ORGANISERS_ONLY),
    # The world's ticket holder has not asked for deletion: back to the page with a message.
    "lifecycle.erase": (
        "POST",
        "/manage/events/{event}/personal-data/{attendee}/erase",
        {**ORGANISERS_ONLY, "*": 302},
    ),
}
