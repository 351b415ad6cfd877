"""The daftar hadir of a session: who is on it, in what order, and the PDF itself."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from workshop.agenda.models import AgendaSession
from workshop.attendees.models import Attendee
from workshop.demo import seed_demo
from workshop.documents import daftar_hadir, services
from workshop.extensions import db


@pytest.fixture
def demo(ctx):
    event, _ = seed_demo(today=date(2026, 11, 18))
    return event


def _session(kind: str, everyone: bool = True) -> AgendaSession:
    return (
        db.session.execute(
            select(AgendaSession)
            .where(AgendaSession.kind == kind, AgendaSession.is_for_everyone.is_(everyone))
            .order_by(AgendaSession.starts_at)
        )
        .scalars()
        .first()
    )


def test_participants_list_is_grouped_by_institution_and_holds_only_peserta(demo):
    session = _session("materi")
    sheet = services.daftar_hadir_sheet(demo, session, "peserta")
    names = {row.name for row in sheet.rows}
    peserta = (
        db.session.execute(
            select(Attendee.full_name).where(Attendee.role == "peserta", Attendee.status == "registered")
        )
        .scalars()
        .all()
    )
    assert names == set(peserta)
    institutions = [row.institution for row in sheet.rows]
    assert institutions == sorted(institutions, key=str.lower)  # grouped: each institution once, in order
    assert "Drs. Dermawan, M.Si." not in names
    assert all(row.checked_in == "" for row in sheet.rows)  # printed before the session
    speakers = services.daftar_hadir_sheet(demo, session, "narasumber")
    assert "Drs. Dermawan, M.Si." in {row.name for row in speakers.rows}
    committee = services.daftar_hadir_sheet(demo, session, "panitia")
    assert {r.name for r in committee.rows} & {p.full_name for p in services.people_for(session, "panitia")}


def test_a_breakout_lists_only_its_groups_members(demo):
    breakout = _session("diskusi_kelompok", everyone=False)
    sheet = services.daftar_hadir_sheet(demo, breakout, "peserta")
    members = {
        a.full_name
        for a in db.session.execute(
            select(Attendee).where(Attendee.role == "peserta", Attendee.status == "registered")
        ).scalars()
        if breakout.applies_to(a)
    }
    assert {row.name for row in sheet.rows} == members
    assert 0 < len(sheet.rows) < 47


def test_check_in_times_are_shown_in_local_time_with_the_method(demo):
    session = _session("materi")
    person = services.people_for(session, "peserta")[0]
    moment = datetime(2026, 11, 17, 1, 32, tzinfo=UTC)  # 08:32 WIB
    sheet = services.daftar_hadir_sheet(demo, session, "peserta", {person.id: (moment, "scan")})
    row = next(r for r in sheet.rows if r.name == person.full_name)
    assert row.checked_in == "08:32 (scan)"
    assert sheet.footer_note


def test_nip_is_printed_in_its_usual_groups(demo):
    session = _session("materi")
    sheet = services.daftar_hadir_sheet(demo, session, "narasumber")
    assert any(row.nip == "19680412 199303 1 002" for row in sheet.rows)


def test_the_pdf_repeats_its_header_across_pages_and_escapes_markup():
    rows = [
        daftar_hadir.Row(
            name=f"Muh. Ma'ruf <b>{i}</b>, S.Pd.I.",
            nip="19860926 201505 1 001",
            position="Staf",
            institution=f"Dinas {i // 10}",
            gender="L",
        )
        for i in range(60)
    ]
    sheet = daftar_hadir.Sheet(
        title="DAFTAR HADIR PESERTA",
        event_title="Bintek KLA",
        session_title="KHA",
        when="Jumat",
        place="Aula",
        headers=["No", "Nama", "NIP", "Jabatan", "L/P", "Jam", "Tanda tangan"],
        rows=rows,
        signatory_label="Ketua Panitia",
        place_and_date="Serang, 27 November 2026",
    )
    pdf = daftar_hadir.render(sheet)
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 3 or pdf.count(b"/Page") >= 3


def test_download_for_staff_and_not_for_other_events(app, as_role, world):
    from workshop.agenda.services import create_session

    with app.app_context():
        from workshop.events.models import Event

        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        start = datetime.combine(event.starts_on, datetime.min.time()).replace(hour=9)
        session, _ = create_session(
            event,
            {
                "title": "KHA",
                "kind": "materi",
                "starts_at": start,
                "ends_at": start.replace(hour=10),
                "room": "Aula",
                "speakers": [],
                "moderator": None,
                "requires_checkin": True,
                "is_for_everyone": True,
                "groups": [],
                "jp_override": None,
                "checkin_opens_at": None,
                "checkin_closes_at": None,
            },
            confirm_warnings=True,
        )
        db.session.commit()
        session_id = session.id
    url = f"/manage/events/{world.event_slug}/agenda/{session_id}/daftar-hadir.pdf"
    response = as_role("staff").get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert "daftar-hadir-kha-20" in disposition and disposition.endswith("-peserta.pdf")  # <session>-<date>
    assert as_role("other").get(url).status_code == 403
    assert as_role("facilitator").get(url).status_code == 403
    assert as_role("staff").get(url + "?list=nobody").status_code == 404
    assert (
        as_role("staff")
        .get(f"/manage/events/{world.other_slug}/agenda/{session_id}/daftar-hadir.pdf")
        .status_code
        == 403
    )


def test_after_check_in_the_list_carries_the_times(ctx, demo):
    from workshop.checkin.services import checked_in_for

    attended = next(
        s
        for s in db.session.execute(select(AgendaSession).order_by(AgendaSession.starts_at)).scalars()
        if checked_in_for(s)
    )
    marks = checked_in_for(attended)
    sheet = services.daftar_hadir_sheet(demo, attended, "peserta", marks)
    ticked = [row for row in sheet.rows if row.checked_in]
    assert ticked and all("(" in row.checked_in for row in ticked)
    assert len(ticked) <= len(marks)
