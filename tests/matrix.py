"""Vocabulary of the authorisation matrix. Each module lists its routes in tests/<module>/routes.py
as ``ROUTES = {endpoint: (method, url, {kind: answer})}``; "*" answers for kinds not named.

Kinds of visitor: anonymous; ticket (no account, but holding a ticket: its code and the
remembered-ticket cookie); other (organiser of another event); staff, facilitator and organiser of
the event; admin. Answers: a status code, or LOGIN for a redirect to the sign-in page.
URL placeholders are filled from the ``url_values`` fixture in tests/conftest.py.
"""

KINDS = ("anonymous", "ticket", "other", "staff", "facilitator", "organiser", "admin")
LOGIN = "login"

# Organiser pages of one event.
ORGANISERS_ONLY = {
    "anonymous": LOGIN,
    "ticket": LOGIN,
    "other": 403,
    "staff": 403,
    "facilitator": 403,
    "*": 200,
}
# Pages every member of the event's team may open.
TEAM_ONLY = {"anonymous": LOGIN, "ticket": LOGIN, "other": 403, "*": 200}
