"""The minutes' rows of the authorisation matrix (see tests/matrix.py): the committee (organisers
and staff) writes the minutes; facilitators and strangers do not."""

from tests.matrix import LOGIN

MANAGE = "/manage/events/{event}/minutes"
WRITERS = {"anonymous": LOGIN, "ticket": LOGIN, "other": 403, "facilitator": 403, "*": 200}
API_READ = {"anonymous": 401, "ticket": 401, "other": 403, "facilitator": 403, "*": 200}
# An empty body: 400 for whoever may write.
API_WRITE = {"anonymous": 401, "ticket": 401, "other": 403, "facilitator": 403, "*": 400}

ROUTES = {
    "minutes.index": ("GET", MANAGE + "/", WRITERS),
    "minutes.edit": ("GET", MANAGE + "/{agenda_session}", WRITERS),
    "minutes.session_pdf": ("GET", MANAGE + "/{agenda_session}/notula.pdf", WRITERS),
    "minutes.api_minutes_get": ("GET", "/api/sessions/{agenda_session}/minutes", API_READ),
    "minutes.api_minutes_put": ("PUT", "/api/sessions/{agenda_session}/minutes", API_WRITE),
}
