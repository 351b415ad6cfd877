"""Vocabulary of the authorisation matrix. Each module lists its routes in tests/<module>/routes.py
as ``ROUTES = {endpoint: (method, url, {kind: answer})}``; "*" answers for kinds not named.

Kinds of visitor: anonymous; ticket (no account, but holding a ticket: its code and the
remembered-ticket cookie); device (a scanner phone paired with the event: no session, its device
token in an Authorization header); other (organiser of another event); staff, facilitator and
organiser of the event; admin. Answers: a status code, or LOGIN for a redirect to the sign-in page.
A device that is not named gets the anonymous answer (to every page it is a stranger).
URL placeholders are filled from the ``url_values`` fixture in tests/conftest.py.
"""

KINDS = ("anonymous", "ticket", "device", "other", "staff", "facilitator", "organiser", "admin")
LOGIN = "login"
# Answers that refuse the visitor.
REFUSALS = (LOGIN, 401, 403, 404)


def expected_answer(answers: dict, kind: str):
    if kind in answers:
        return answers[kind]
    if kind == "device":
        return answers.get("anonymous", answers.get("*"))
    return answers.get("*")


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
