"""The certificates module's rows of the authorisation matrix (see tests/matrix.py)."""

from tests.matrix import LOGIN, ORGANISERS_ONLY

ORGANISER_POSTS = {"anonymous": LOGIN, "ticket": LOGIN, "other": 403, "staff": 403, "facilitator": 403}

ROUTES = {
    "certificates.index": ("GET", "/manage/events/{event}/certificates/", ORGANISERS_ONLY),
    "certificates.settings": ("GET", "/manage/events/{event}/certificates/settings", ORGANISERS_ONLY),
    "certificates.person": ("GET", "/manage/events/{event}/certificates/people/{attendee}", ORGANISERS_ONLY),
    "certificates.download": (
        "GET",
        "/manage/events/{event}/certificates/{certificate}.pdf",
        ORGANISERS_ONLY,
    ),
    # Issuing redirects back to the list with what happened (here: before the end, not confirmed).
    "certificates.issue": (
        "POST",
        "/manage/events/{event}/certificates/issue",
        {**ORGANISER_POSTS, "*": 302},
    ),
    "certificates.reissue": (
        "POST",
        "/manage/events/{event}/certificates/{certificate}/reissue",
        {**ORGANISER_POSTS, "*": 302},
    ),
    # Without a reason nothing is revoked: back to the person's page with the message.
    "certificates.revoke": (
        "POST",
        "/manage/events/{event}/certificates/{certificate}/revoke",
        {**ORGANISER_POSTS, "*": 302},
    ),
    "certificates.export": (
        "POST",
        "/manage/events/{event}/certificates/export",
        {**ORGANISER_POSTS, "*": 302},
    ),
    # The ticket link is the key: whoever holds it gets that person's certificate, nobody else's.
    "certificates.ticket_download": ("GET", "/t/{ticket}/certificate.pdf", {"*": 200}),
    # Public by design: printed on the certificate as a QR code.
    "certificates.verify": ("GET", "/v/{certificate_code}", {"*": 200}),
}


def extra_url_values(app, world) -> dict:
    """The ticket holder of the world's event holds an issued certificate."""
    from sqlalchemy import select

    from tests.certificates.conftest import configure
    from workshop.attendees.models import Attendee
    from workshop.certificates import services
    from workshop.events.models import Event
    from workshop.extensions import db

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        configure(event)
        holder = db.session.get(Attendee, world.attendee_id)
        services.decide(event, holder, "grant", "Hadir penuh menurut daftar hadir kertas")
        services.issue_due(event, force=True)
        certificate = services.certificate_of(holder)
        db.session.commit()
        return {"certificate": certificate.id, "certificate_code": certificate.code}
