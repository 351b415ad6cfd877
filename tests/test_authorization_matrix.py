"""Every route with the answer each kind of visitor must get. A route that is not listed here
fails the suite: a new page cannot ship without deciding who may see it. See tests/matrix.py."""

import copy

import pytest

from tests.agenda.routes import ROUTES as AGENDA
from tests.attendees.routes import ROUTES as ATTENDEES
from tests.auth.routes import ROUTES as AUTH
from tests.certificates.routes import ROUTES as CERTIFICATES
from tests.checkin.routes import ROUTES as CHECKIN
from tests.documents.routes import ROUTES as DOCUMENTS
from tests.events.routes import ROUTES as EVENTS
from tests.groups.routes import ROUTES as GROUPS
from tests.jobs.routes import ROUTES as JOBS
from tests.lifecycle.routes import ROUTES as LIFECYCLE
from tests.matrix import KINDS, LOGIN
from tests.registration.routes import ROUTES as REGISTRATION

pytestmark = pytest.mark.sqlite_only


# The world is built once per test process and rebuilt only after a row wrote to it (a POST that
# did its work, a GET that logs): see tests/shared_world.py. ``as_role`` uses these.
@pytest.fixture
def app(shared_world):
    return shared_world.app


@pytest.fixture
def world(shared_world):
    return copy.deepcopy(shared_world.world)


@pytest.fixture
def url_values(shared_world):
    return copy.deepcopy(shared_world.url_values)


CORE = {
    "static": ("GET", "/static/css/app.css", {"*": 200}),
    "core.set_language": ("GET", "/lang/en?next=/", {"*": 302}),
    "core.healthz": ("GET", "/healthz", {"*": 200}),
}
MATRIX = {
    **CORE,
    **AUTH,
    **EVENTS,
    **ATTENDEES,
    **REGISTRATION,
    **AGENDA,
    **CHECKIN,
    **DOCUMENTS,
    **CERTIFICATES,
    **JOBS,
    **GROUPS,
    **LIFECYCLE,
}


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - MATRIX.keys())
    assert not missing, f"Routes missing from the authorisation matrix: {missing}"
    stale = sorted(MATRIX.keys() - endpoints)
    assert not stale, f"Matrix lists routes that no longer exist: {stale}"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_route_answers_each_visitor(app, as_role, url_values, endpoint, kind):
    method, url, answers = MATRIX[endpoint]
    expected = answers.get(kind, answers.get("*"))
    client = as_role(kind)
    url = url.format(**url_values)
    if method == "GET":
        response = client.get(url)
    elif method == "POST":
        response = client.post_form(url)
    else:  # PATCH, PUT, DELETE: JSON API routes, with the CSRF header a browser script sends
        response = client.open(url, method=method, headers={"X-CSRFToken": client.csrf_token()})
    response.close()
    if expected == LOGIN:
        assert response.status_code == 302, f"{endpoint} as {kind}: {response.status_code}"
        assert response.headers["Location"].startswith("/login"), response.headers["Location"]
    else:
        assert response.status_code == expected, f"{endpoint} as {kind}: {response.status_code}"
