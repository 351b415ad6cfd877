"""The demo's SPJ (its Kemen PPPA speaker, the provincial speaker and the moderator) and minutes
(the Kemen PPPA session and both plenaries); seeding twice changes nothing."""

from sqlalchemy import func, select

from workshop.demo import DEMO_SLUG
from workshop.demo.finished import FINISHED_SLUG
from workshop.events.models import Event
from workshop.extensions import db
from workshop.honoraria import services
from workshop.minutes.models import SessionMinutes


def test_demo_has_the_spj_and_minutes(app, runner):
    for _ in range(2):
        result = runner.invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == DEMO_SLUG)).scalar_one()
        lines = {line.attendee.full_name: line for line in services.spj_lines(event)}
        kemen = lines["Drs. Dermawan, M.Si."]
        assert "Kementerian Pemberdayaan Perempuan" in kemen.attendee.institution_name
        assert (kemen.category, kemen.golongan, kemen.rate) == ("eselon-2", "IV", 1_000_000)
        assert kemen.tax == kemen.gross * 15 // 100 and kemen.account_number and kemen.npwp
        assert lines["Ir. Tb. Ahmad Fauzi, M.T."].category == "moderator"
        totals = services.totals_of(list(lines.values()))
        assert totals.net == sum(line.net for line in lines.values()) > 0
        # The finished event's SPJ, the one an organiser files after the event, has its amounts.
        finished = db.session.execute(select(Event).where(Event.slug == FINISHED_SLUG)).scalar_one()
        paid = {line.attendee.full_name: line for line in services.spj_lines(finished)}
        assert set(paid) == {"Dra. Ratih Wulandari, M.Si.", "Ir. Tb. Ahmad Fauzi, M.T."}
        assert paid["Dra. Ratih Wulandari, M.Si."].rate == 900_000
        assert all(line.gross > 0 and line.net > 0 for line in paid.values())
        titles = db.session.execute(
            select(SessionMinutes.notulis_name, func.count())
            .where(SessionMinutes.event_id == event.id)
            .group_by(SessionMinutes.notulis_name)
        ).all()
        assert len(titles) == 1 and titles[0][1] == 3 and titles[0][0]
