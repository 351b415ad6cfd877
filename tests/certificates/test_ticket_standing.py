"""The ticket page before a certificate is issued: where it will appear and the attendance so far."""

from __future__ import annotations


def test_ticket_shows_attendance_until_the_certificate_is_issued(app, client, world):
    from workshop.attendees import services as attendee_services
    from workshop.attendees.models import Attendee
    from workshop.extensions import db

    with app.app_context():
        attendee_services.record_consent(db.session.get(Attendee, world.attendee_id), "Saya setuju.")
        db.session.commit()
    client.set_cookie("lang", "en")
    page = client.get(f"/t/{world.ticket}").get_data(as_text=True)
    assert "Your certificate will appear here once the committee issues it" in page
    assert "Download the certificate" not in page
