"""Every route with the answer each kind of visitor must get. A route that is not listed here
fails the suite: a new page cannot ship without deciding who may see it.

Answers: a status code, or "login" for a redirect to the sign-in page.
"""
import pytest

KINDS = ("anonymous", "other", "staff", "facilitator", "organiser", "admin")
LOGIN = "login"

# endpoint: (method, url, {kind: answer}); "*" is the answer for kinds not named.
MATRIX = {
    "static": ("GET", "/static/css/app.css", {"*": 200}),
    "core.set_language": ("GET", "/lang/en?next=/", {"*": 302}),
    "events.index": ("GET", "/", {"*": 200}),
    "events.public_event": ("GET", "/e/{event}", {"*": 200}),
    "auth.login": ("GET", "/login", {"anonymous": 200, "*": 302}),
    "auth.logout": ("POST", "/logout", {"*": 302}),
    "auth.change_password": ("GET", "/account/password", {"anonymous": LOGIN, "*": 200}),
    "auth.admin_users": ("GET", "/admin/users", {"anonymous": LOGIN, "admin": 200, "*": 403}),
    "auth.admin_user_new": ("GET", "/admin/users/new", {"anonymous": LOGIN, "admin": 200, "*": 403}),
    "auth.admin_user_edit": ("GET", "/admin/users/{staff_id}", {"anonymous": LOGIN, "admin": 200, "*": 403}),
    "events.manage_index": ("GET", "/manage/", {"anonymous": LOGIN, "*": 200}),
    "events.event_new": (
        "GET", "/manage/events/new",
        # Staff and facilitators organise no event, so they cannot create one; "other" organises its own.
        {"anonymous": LOGIN, "staff": 403, "facilitator": 403, "*": 200},
    ),
    "events.event_overview": (
        "GET", "/manage/events/{event}/", {"anonymous": LOGIN, "other": 403, "*": 200},
    ),
    "events.event_edit": (
        "GET", "/manage/events/{event}/edit",
        {"anonymous": LOGIN, "other": 403, "staff": 403, "facilitator": 403, "*": 200},
    ),
    "events.team": (
        "GET", "/manage/events/{event}/team",
        {"anonymous": LOGIN, "other": 403, "staff": 403, "facilitator": 403, "*": 200},
    ),
    "events.member_remove": (
        "POST", "/manage/events/{event}/team/{staff_membership}/remove",
        {"anonymous": LOGIN, "other": 403, "staff": 403, "facilitator": 403, "*": 302},
    ),
    "events.invitation_revoke": (
        "POST", "/manage/events/{event}/invitations/{invitation}/revoke",
        {"anonymous": LOGIN, "other": 403, "staff": 403, "facilitator": 403, "*": 302},
    ),
    "events.audit_log": (
        "GET", "/manage/events/{event}/audit",
        {"anonymous": LOGIN, "other": 403, "staff": 403, "facilitator": 403, "*": 200},
    ),
    # The token is the key: anyone holding a valid link may see the invitation.
    "events.invitation": ("GET", "/invite/{invite_token}", {"*": 200}),
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
    else:
        response = client.post_form(url)
    response.close()
    if expected == LOGIN:
        assert response.status_code == 302, f"{endpoint} as {kind}: {response.status_code}"
        assert response.headers["Location"].startswith("/login"), response.headers["Location"]
    else:
        assert response.status_code == expected, f"{endpoint} as {kind}: {response.status_code}"
