"""The documents module's rows of the authorisation matrix (see tests/matrix.py)."""
from tests.matrix import LOGIN

ROUTES = {
    # Printed before a session for signatures and afterwards with check-in times: the check-in
    # staff at the door need it too.
    "documents.daftar_hadir": (
        "GET", "/manage/events/{event}/agenda/{agenda_session}/daftar-hadir.pdf",
        {"anonymous": LOGIN, "ticket": LOGIN, "other": 403, "facilitator": 403, "*": 200},
    ),
    "documents.poster": (
        "GET", "/manage/events/{event}/agenda/{agenda_session}/poster.pdf",
        {"anonymous": LOGIN, "ticket": LOGIN, "other": 403, "facilitator": 403, "*": 200},
    ),
}
