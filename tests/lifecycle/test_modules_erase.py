"""Each module erases its own share of a person's data when lifecycle sends attendee_erased, and
says what it erased: the erasure's record holds every module's counts."""

from __future__ import annotations

from sqlalchemy import select, update

from tests.lifecycle.test_purge import old_event  # noqa: F401 (fixture)
from workshop.attendees.models import DELETION_REASON, Attendee
from workshop.certificates.models import CertificateDecision
from workshop.checkin.models import CheckIn
from workshop.core import signals
from workshop.core.audit import acting_as
from workshop.events.models import Event
from workshop.extensions import db
from workshop.lifecycle import services
from workshop.lifecycle.models import DataErasure


def test_a_persons_erasure_reaches_check_ins_and_certificate_decisions(app, old_event):  # noqa: F811
    with app.app_context(), acting_as("test"):
        person = db.session.get(Attendee, old_event["person"])
        person.cancel_reason = DELETION_REASON
        db.session.add(
            CertificateDecision(
                event_id=person.event_id,
                attendee_id=person.id,
                decision="grant",
                reason="Sakit, surat dokter",
            )
        )
        db.session.execute(update(CheckIn).values(phone_key="abc123"))
        db.session.commit()
        event = db.session.get(Event, old_event["event_id"])
        counts = services.erase_attendee(event, db.session.get(Attendee, old_event["person"]))
        db.session.commit()
        assert counts["phone keys"] == 1 and counts["decisions"] == 1 and counts["fields"] > 10
        assert db.session.execute(select(CheckIn.phone_key)).scalars().all() == [None]
        assert db.session.execute(select(CertificateDecision.reason)).scalar_one() == "—"
        assert db.session.execute(select(DataErasure.counts)).scalar_one() == counts
        person = db.session.get(Attendee, old_event["person"])
        assert person.full_name == "—" and person.phone is None and person.cancel_reason == DELETION_REASON
        # The speaker of the same event, who asked nothing, keeps everything.
        assert db.session.get(Attendee, old_event["speaker"]).photo_path is not None


def test_the_purge_reports_what_each_module_erased(app, runner, old_event):  # noqa: F811
    heard = []

    def listener(event, *, dry_run, **_):
        heard.append((event.slug, dry_run))

    signals.event_purged.connect(listener)
    try:
        result = runner.invoke(args=["data", "purge"])
    finally:
        signals.event_purged.disconnect(listener)
    assert result.exit_code == 0, result.output
    assert heard == [("kla-2024", True), ("kla-2024", False)]  # counted first, then erased
    assert "kla-2024: purged" in result.output
    # Each module's own report.
    lines = result.output.splitlines()
    for line in ("  attendees: attendees 4", "  agenda: files 2, materials 1", "  events: invitations 0"):
        assert line in lines
    assert any(line.startswith("  lifecycle: audit_entries ") for line in lines)
    with app.app_context():
        counts = db.session.execute(select(DataErasure.counts)).scalar_one()
        assert counts["attendees"] == 4 and counts["materials"] == 1 and counts["files"] == 2
