"""The events module's rows of the authorisation matrix (see tests/test_authorization_matrix.py)."""

from tests.matrix import LOGIN, ORGANISERS_ONLY, TEAM_ONLY

ROUTES = {
    "events.index": ("GET", "/", {"*": 200}),
    "events.public_event": ("GET", "/e/{event}", {"*": 200}),
    "events.manage_index": ("GET", "/manage/", {"anonymous": LOGIN, "ticket": LOGIN, "*": 200}),
    "events.event_new": (
        "GET",
        "/manage/events/new",
        # Staff and facilitators organise no event, so they cannot create one; "other" organises its own.
        {"anonymous": LOGIN, "ticket": LOGIN, "staff": 403, "facilitator": 403, "*": 200},
    ),
    "events.event_overview": ("GET", "/manage/events/{event}/", TEAM_ONLY),
    "events.event_edit": ("GET", "/manage/events/{event}/edit", ORGANISERS_ONLY),
    "events.team": ("GET", "/manage/events/{event}/team", ORGANISERS_ONLY),
    "events.member_remove": (
        "POST",
        "/manage/events/{event}/team/{staff_membership}/remove",
        {**ORGANISERS_ONLY, "*": 302},
    ),
    "events.invitation_revoke": (
        "POST",
        "/manage/events/{event}/invitations/{invitation}/revoke",
        {**ORGANISERS_ONLY, "*": 302},
    ),
    "events.audit_log": ("GET", "/manage/events/{event}/audit", ORGANISERS_ONLY),
    "events.audit_export": ("GET", "/manage/events/{event}/audit.xlsx", ORGANISERS_ONLY),
    # The token is the key: anyone holding a valid link may see the invitation.
    "events.invitation": ("GET", "/invite/{invite_token}", {"*": 200}),
}
