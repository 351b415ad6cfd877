"""Every route with the answer each kind of visitor must get. A route that is not listed here
fails the suite: a new page cannot ship without deciding who may see it. See tests/matrix.py.

Beyond the listed answers: every route that names an object of an event is asked for that object
through another event's address (the object's event must be checked, not only the visitor's
right to the event in the URL); and a route that takes a write method besides the one listed is
also called with that method, which must refuse whoever the listed answer refuses."""

import copy
import re

import pytest

from tests.agenda.routes import ROUTES as AGENDA
from tests.attendees.routes import ROUTES as ATTENDEES
from tests.auth.routes import ROUTES as AUTH
from tests.certificates.routes import ROUTES as CERTIFICATES
from tests.checkin.routes import ROUTES as CHECKIN
from tests.credentials.routes import ROUTES as CREDENTIALS
from tests.documents.routes import ROUTES as DOCUMENTS
from tests.evaluations.routes import ROUTES as EVALUATIONS
from tests.events.routes import ROUTES as EVENTS
from tests.followup.routes import ROUTES as FOLLOWUP
from tests.groups.routes import ROUTES as GROUPS
from tests.honoraria.routes import ROUTES as HONORARIA
from tests.jobs.routes import ROUTES as JOBS
from tests.letters.routes import ROUTES as LETTERS
from tests.lifecycle.routes import ROUTES as LIFECYCLE
from tests.matrix import KINDS, LOGIN, REFUSALS, expected_answer
from tests.minutes.routes import ROUTES as MINUTES
from tests.registration.routes import ROUTES as REGISTRATION
from tests.signatures.routes import ROUTES as SIGNATURES

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
    **CREDENTIALS,
    **HONORARIA,
    **MINUTES,
    **FOLLOWUP,
    **EVALUATIONS,
    **SIGNATURES,
    **LETTERS,
}


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - MATRIX.keys())
    assert not missing, f"Routes missing from the authorisation matrix: {missing}"
    stale = sorted(MATRIX.keys() - endpoints)
    assert not stale, f"Matrix lists routes that no longer exist: {stale}"


def call(client, method: str, url: str):
    if method == "GET":
        response = client.get(url)
    elif method == "POST":
        response = client.post_form(url)
    else:  # PATCH, PUT, DELETE: JSON API routes, with the CSRF header a browser script sends
        response = client.open(url, method=method, headers={"X-CSRFToken": client.csrf_token()})
    response.close()
    return response


def assert_answer(response, expected, what: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302, f"{what}: {response.status_code}"
        assert response.headers["Location"].startswith("/login"), response.headers["Location"]
    else:
        assert response.status_code == expected, f"{what}: {response.status_code}"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_route_answers_each_visitor(app, as_role, url_values, endpoint, kind):
    method, url, answers = MATRIX[endpoint]
    response = call(as_role(kind), method, url.format(**url_values))
    assert_answer(response, expected_answer(answers, kind), f"{endpoint} as {kind}")


def _methods(app) -> dict[str, set[str]]:
    methods: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        methods.setdefault(rule.endpoint, set()).update(rule.methods - {"HEAD", "OPTIONS"})
    return methods


def _placeholders(url: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", url))


# Routes whose URL names an event and an object of it.
OBJECT_ROUTES = sorted(
    endpoint
    for endpoint, (_m, url, _a) in MATRIX.items()
    if "event" in _placeholders(url) and len(_placeholders(url)) > 1
)


@pytest.mark.parametrize("kind", ["other", "admin", "organiser"])
@pytest.mark.parametrize("endpoint", OBJECT_ROUTES)
def test_an_events_object_is_not_found_through_another_events_address(
    app, as_role, url_values, endpoint, kind
):
    """Event X's object asked for through event Y's address, with every method the route takes:
    404, whoever asks (the organiser of Y, an admin who may open both, the organiser of X)."""
    _method, url, _answers = MATRIX[endpoint]
    target = url.format(**{**url_values, "event": url_values["other_event"]})
    client = as_role(kind)
    for method in sorted(_methods(app)[endpoint]):
        response = call(client, method, target)
        expected = 404 if kind != "organiser" else (404, 403)
        assert response.status_code in (expected if isinstance(expected, tuple) else (expected,)), (
            f"{method} {target} as {kind}: {response.status_code}"
        )


# API routes a paired phone may use, addressed to another event.
DEVICE_EVENT_ROUTES = sorted(
    endpoint
    for endpoint, (_m, url, answers) in MATRIX.items()
    if "event" in _placeholders(url)
    and url.startswith("/api/")
    and expected_answer(answers, "device") not in REFUSALS
)


@pytest.mark.parametrize("endpoint", DEVICE_EVENT_ROUTES)
def test_a_paired_phone_cannot_use_another_events_api(app, as_role, url_values, endpoint):
    method, url, _answers = MATRIX[endpoint]
    response = call(
        as_role("device"), method, url.format(**{**url_values, "event": url_values["other_event"]})
    )
    assert response.status_code == 403, f"{endpoint}: {response.status_code}"


@pytest.mark.parametrize("kind", KINDS)
def test_every_write_method_refuses_whom_the_route_refuses(app, as_role, url_values, kind):
    """Each route is also called with each write method it takes besides the listed one (a form
    page's POST): a visitor the listed answer refuses is refused the same way; anyone else never
    gets a server error."""
    methods = _methods(app)
    problems = []
    client = as_role(kind)
    for endpoint, (listed, url, answers) in sorted(MATRIX.items()):
        expected = expected_answer(answers, kind)
        for method in sorted(methods.get(endpoint, set()) - {listed, "GET"}):
            response = call(client, method, url.format(**url_values))
            status = response.status_code
            if expected == LOGIN:
                refused = status == 302 and response.headers["Location"].startswith("/login")
            else:
                refused = status == expected
            if (expected in REFUSALS and not refused) or status >= 500:
                problems.append(f"{method} {endpoint} as {kind}: {status} (listed: {expected})")
    assert problems == []
