"""The demo's RTL follow-up (the finished batch): the first checkpoint has passed with answers from
most agencies (done, late, cancelled; one agency silent) and evidence photos, the second is ahead;
its monitoring report reads back with every cluster; seeding twice changes nothing."""

from datetime import date

from sqlalchemy import func, select

from tests.pdf_read import pdf_text
from workshop.demo.finished import FINISHED_SLUG
from workshop.demo.followup import SILENT_AGENCY
from workshop.events.models import Event
from workshop.extensions import db
from workshop.followup import exports, monitoring, services
from workshop.followup.models import FollowupEvidence, FollowupReport


def test_demo_followup(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        counts = (
            db.session.scalar(
                select(func.count(FollowupReport.id)).where(FollowupReport.reported_at.is_not(None))
            ),
            db.session.scalar(select(func.count(FollowupEvidence.id))),
        )
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count(FollowupReport.id)).where(FollowupReport.reported_at.is_not(None))
            ),
            db.session.scalar(select(func.count(FollowupEvidence.id))),
        ) == counts
        event = db.session.execute(select(Event).where(Event.slug == FINISHED_SLUG)).scalar_one()
        first, second = services.checkpoints_of(event)
        today = date.today()
        assert first.due_on < today < second.due_on
        result = monitoring.monitoring(event, first, today)
        assert result.total.rows == 10 and 0 < result.total.done < result.total.reported < 10
        assert result.total.late > 0 and result.total.cancelled == 1
        assert [a.name for a in result.silent] == [SILENT_AGENCY]
        assert counts[1] > 0
        text = "\n".join(pdf_text(exports.report_pdf(event, first)))
        for cluster in ("Klaster I ", "Klaster II ", "Klaster III ", "Klaster IV ", "Klaster V "):
            assert cluster in text
        assert SILENT_AGENCY in text
        assert exports.reported_checkpoint(event).id == first.id
