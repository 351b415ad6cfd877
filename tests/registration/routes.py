"""The registration module's rows of the authorisation matrix (see tests/matrix.py).

These pages are public: the event page's slug or the ticket code in the URL is the key, so every
kind of visitor gets the same answer. Changing, exporting or deleting a person's data needs a proof
(NIP or the last four phone digits) on top of the link: without it these pages show the proof
form (200), and a POST without it goes back to that form (302)."""

from tests.matrix import LOGIN, ORGANISERS_ONLY, TEAM_ONLY  # noqa: F401

ROUTES: dict = {
    "registration.register": ("GET", "/e/{event}/register", {"*": 200}),
    "registration.find_ticket": ("GET", "/e/{event}/find-ticket", {"*": 200}),
    "registration.ticket": ("GET", "/t/{ticket}", {"*": 200}),
    # An empty form: the consent box was not ticked, the page is shown again.
    "registration.ticket_consent": ("POST", "/t/{ticket}/consent", {"*": 200}),
    # An empty proof: the proof form again, with its error.
    "registration.verify": ("POST", "/t/{ticket}/verify", {"*": 200}),
    "registration.edit": ("GET", "/t/{ticket}/edit", {"*": 200}),
    # Any ticket of any event: the code is the key, not the visitor's account.
    "registration.download": ("GET", "/t/{other_ticket}/download", {"*": 200}),
    "registration.delete": ("GET", "/t/{ticket}/delete", {"*": 200}),
}
