"""Late registrants (issue 15): registration closes when the last session starts, and someone
who registers after sessions have ended is measured on the sessions still ahead."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tests.certificates.conftest import add_session, attend, configure
from tests.conftest import make_attendee, make_event, make_user
from tests.registration.helpers import english, register
from workshop.attendees.models import Attendee
from workshop.certificates import services
from workshop.core.audit import AuditEntry
from workshop.events.models import Event
from workshop.extensions import db
from workshop.registration import services as registration

TZ = ZoneInfo("Asia/Jakarta")


def local_now() -> datetime:
    return datetime.now(TZ).replace(tzinfo=None, second=0, microsecond=0)


def at(hours: float) -> str:
    """The local time `hours` from now."""
    return local_now() + timedelta(hours=hours)


def add_timed_session(event, title, start: datetime, minutes=60):
    session = add_session(event, title, 0)
    session.starts_at = start.replace(tzinfo=TZ)
    session.ends_at = (start + timedelta(minutes=minutes)).replace(tzinfo=TZ)
    db.session.flush()
    return session


@pytest.fixture
def late_event(app):
    """Five sessions requiring check-in: two ended before the test registers anyone, three ahead."""
    with app.app_context():
        organiser = make_user("panitia@serang.go.id")
        today = local_now().date()
        event = make_event(
            organiser, slug="kla-late", starts_on=today - timedelta(days=1), ends_on=today + timedelta(days=2)
        )
        for title, hours in (("Sesi 1", -6), ("Sesi 2", -3), ("Sesi 3", 2), ("Sesi 4", 4), ("Sesi 5", 26)):
            add_timed_session(event, title, at(hours))
        configure(event)  # participants need 80 %
        early = make_attendee(event)  # listed by the organiser before the event
        db.session.commit()
        return {"slug": event.slug, "early": early.id}


def test_registration_closes_when_the_last_session_starts_unless_the_organiser_sets_a_time(app, late_event):
    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == late_event["slug"])).scalar_one()
        closes = registration.registration_closes_at(event)
        assert abs(closes - at(26).replace(tzinfo=TZ)) < timedelta(minutes=1)
        assert registration.registration_state(event) == "open"
        assert registration.registration_state(event, now=closes + timedelta(minutes=1)) == "ended"
        event.registration_closes_at = at(1).replace(tzinfo=TZ)
        assert registration.registration_state(event, now=closes - timedelta(hours=1)) == "ended"


def test_someone_registered_after_two_sessions_is_told_what_the_certificate_needs(app, late_event):
    client = english(app.test_client())
    response = register(client, late_event["slug"])
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    with app.app_context():
        late = db.session.execute(select(Attendee).where(Attendee.source == "registration")).scalar_one()
        early = db.session.get(Attendee, late_event["early"])
        event = db.session.get(Event, late.event_id)
        standing = services.eligibility_of(event, late)
        # Only the three sessions from their registration on count: 80 % of 3 is 3 sessions.
        assert (standing.total, standing.late_missed, standing.remaining, standing.needed) == (3, 2, 3, 3)
        with force_locale("en"):
            assert standing.attendance == "0 of the 3 sessions since registering"
        # The organiser's own list is measured on all five.
        assert services.eligibility_of(event, early).total == 5
        ticket = late.ticket_code
        # They attend the three sessions ahead: eligible, although they missed the first two.
        sessions = services._required_sessions(event)
        attend(late, *[s for s in sessions if s.title in ("Sesi 3", "Sesi 4", "Sesi 5")])
        db.session.commit()
        assert services.eligibility_of(event, late).eligible
    page = client.get(f"/t/{ticket}").get_data(as_text=True)
    assert "You registered after 2 sessions had been held; they do not count for you." in page
    assert (
        "A certificate needs 80% of the 3 sessions from your registration on: 3 sessions. You attended 3; "
        "3 are still ahead." in page
    )
    assert "of 5 sessions" not in page

    # The organiser may count every session instead (audited): then 3 of 5 is not enough.
    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == late_event["slug"])).scalar_one()
        late = db.session.execute(select(Attendee).where(Attendee.source == "registration")).scalar_one()
        from workshop.core.audit import acting_as

        with acting_as("organiser@test"):
            configure(event, late_count_all=True)
            db.session.commit()
        standing = services.eligibility_of(event, late)
        assert (standing.total, standing.late_missed, standing.eligible) == (5, 0, False)
        entry = (
            db.session.execute(
                select(AuditEntry)
                .where(AuditEntry.entity == "CertificateSettings")
                .order_by(AuditEntry.id.desc())
            )
            .scalars()
            .first()
        )
        assert entry.changes["late_count_all"] == [False, True]
