"""The SPJ's rows of the authorisation matrix (see tests/matrix.py): organisers only, since the
pages show NPWP and bank accounts. ``{speaker}`` is the agenda module's speaker (tests/agenda/routes.py)."""

from tests.matrix import ORGANISERS_ONLY

MANAGE = "/manage/events/{event}/spj"

ROUTES = {
    "honoraria.index": ("GET", MANAGE + "/", ORGANISERS_ONLY),
    "honoraria.settings": ("GET", MANAGE + "/settings", ORGANISERS_ONLY),
    "honoraria.person": ("GET", MANAGE + "/people/{speaker}", ORGANISERS_ONLY),
}
