"""The demo event's programme: three days in WIB, five cluster groups, idempotent."""

from collections import Counter
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from workshop.agenda.models import AgendaMaterial, AgendaSession
from workshop.agenda.services import agenda_days, agenda_for, event_total_jp, total_jp
from workshop.attendees.models import Attendee
from workshop.demo import seed_demo
from workshop.demo.agenda import seed_agenda
from workshop.extensions import db
from workshop.groups.models import Group


def test_demo_agenda_over_three_days(ctx, storage_dir):
    event, _ = seed_demo(today=date(2026, 11, 18))
    assert seed_agenda(event) == []  # seed_demo made the programme; a second run adds nothing
    mine = AgendaSession.event_id == event.id  # (the demo's finished batch has its own programme)
    sessions = db.session.execute(select(AgendaSession).where(mine)).scalars().all()
    assert (
        len(sessions) == db.session.execute(select(func.count(AgendaSession.id)).where(mine)).scalar_one() > 0
    )

    days = agenda_days(event, agenda_for(event))
    assert [(d.day, d.number) for d in days] == [
        (date(2026, 11, 17), 1),
        (date(2026, 11, 18), 2),
        (date(2026, 11, 19), 3),
    ]
    for day in days:
        first = day.sessions[0]
        assert first.kind == "registrasi_ulang" and first.jp == 0
        assert first.starts_at.astimezone(event.tz).strftime("%H:%M") == "07:30"
    opening = next(s for s in days[0].sessions if s.kind == "pembukaan")
    assert [p.full_name for p in opening.speakers] == ["Ir. Tb. Ahmad Fauzi, M.T."]
    assert opening.starts_at == datetime(2026, 11, 17, 1, 0, tzinfo=UTC)  # 08:00 WIB
    kha = next(
        s for s in days[0].sessions if s.speakers and s.speakers[0].full_name == "Drs. Dermawan, M.Si."
    )
    assert kha.moderator.full_name == "Ir. Tb. Ahmad Fauzi, M.T." and kha.jp == 2
    assert db.session.execute(select(AgendaMaterial)).scalar_one().agenda_session == kha
    assert any(s.kind == "istirahat" and not s.requires_checkin for s in days[0].sessions)

    groups = (
        db.session.execute(select(Group).where(Group.event_id == event.id).order_by(Group.position))
        .scalars()
        .all()
    )
    assert [g.name for g in groups][0] == "Klaster I – Hak Sipil dan Kebebasan"
    assert [g.cluster for g in groups] == ["I", "II", "III", "IV", "V"]
    breakouts = [s for s in days[1].sessions if not s.is_for_everyone]
    assert Counter(s.kind for s in breakouts) == {"diskusi_kelompok": 5, "penyusunan_rtl": 10}
    assert {s.room for s in breakouts} == {f"Ruang Klaster {c}" for c in ["I", "II", "III", "IV", "V"]}
    assert all(len(s.groups) == 1 for s in breakouts)
    assert [s.kind for s in days[2].sessions][-1] == "penutupan"

    peserta = (
        db.session.execute(select(Attendee).where(Attendee.event_id == event.id, Attendee.role == "peserta"))
        .scalars()
        .all()
    )
    assert all(p.group_id for p in peserta)
    sizes = Counter(p.group_id for p in peserta)
    assert max(sizes.values()) - min(sizes.values()) <= 3
    # Health agencies go to cluster III (Kesehatan Dasar dan Kesejahteraan).
    health = [p for p in peserta if p.institution and p.institution.name == "Dinas Kesehatan"]
    assert health and {p.group.cluster for p in health} == {"III"}

    assert event_total_jp(agenda_for(event)) == 18
    assert total_jp(agenda_for(event, peserta[0])) == 18
