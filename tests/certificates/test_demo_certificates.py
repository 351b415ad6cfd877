"""The demo issues its certificates: to whoever is eligible while the event is in progress."""

from datetime import date

from sqlalchemy import select

from workshop.attendees.models import Attendee
from workshop.certificates import services
from workshop.certificates.models import Certificate
from workshop.demo import seed_demo
from workshop.extensions import db


def test_demo_issues_certificates_to_those_eligible_now(ctx):
    event, _ = seed_demo(today=date(2026, 11, 18))
    mine = Certificate.event_id == event.id  # (the demo's finished batch has its own)
    certificates = (
        db.session.execute(select(Certificate).where(mine).order_by(Certificate.seq)).scalars().all()
    )
    roles = {db.session.get(Attendee, c.attendee_id).role for c in certificates}
    assert roles == {"narasumber", "moderator", "fasilitator", "panitia"}
    assert [c.seq for c in certificates] == list(range(1, len(certificates) + 1))
    assert certificates[0].number.endswith("/BINTEK-KLA/Bappeda/XI/2026")
    settings = services.get_settings(event)
    assert (
        settings.signatory1_name == "Ir. Tb. Ahmad Fauzi, M.T."
        and settings.signatory2_title == "Ketua Panitia"
    )
    # Participants have one day of three behind them: not yet eligible, with the reason.
    participant = next(e for e in services.eligibility(event) if e.attendee.role == "peserta")
    assert not participant.eligible and "sessions" in participant.reason
    seed_demo(today=date(2026, 11, 18))  # idempotent
    assert len(db.session.execute(select(Certificate).where(mine)).scalars().all()) == len(certificates)
