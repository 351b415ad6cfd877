"""The daftar hadir of a session: who is on it, in what order, and the PDF itself."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tests.demo_snapshot import seed_demo
from workshop.agenda.models import AgendaSession
from workshop.attendees.models import Attendee
from workshop.demo import DEMO_SLUG
from workshop.documents import daftar_hadir, services
from workshop.events.models import Event
from workshop.extensions import db


@pytest.fixture
def demo(ctx):
    event, _ = seed_demo(today=date(2026, 11, 18))
    return event


def _session(kind: str, everyone: bool = True) -> AgendaSession:
    """The first such session of the demo's main event (the demo also has a finished event)."""
    return (
        db.session.execute(
            select(AgendaSession)
            .join(Event, Event.id == AgendaSession.event_id)
            .where(
                Event.slug == DEMO_SLUG,
                AgendaSession.kind == kind,
                AgendaSession.is_for_everyone.is_(everyone),
            )
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
            select(Attendee.full_name).where(
                Attendee.event_id == demo.id, Attendee.role == "peserta", Attendee.status == "registered"
            )
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
    assert (row.checked_in, row.method) == ("08:32", "pindai")
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
    assert ticked and all(row.method in ("pindai", "manual", "mandiri", "kertas") for row in ticked)
    assert len(ticked) <= len(marks)


# ---- issue 14: kop, rows to sign in, methods in Indonesian, "Mengetahui", late registrations ------


def _row_tops(pdf: bytes, names: list[str]) -> list[tuple[int, float]]:
    """(page, top) of each name as printed."""
    from tests.pdf_read import pdf_find, pdf_text

    pages = len(pdf_text(pdf))
    found = []
    for name in names:
        for page in range(pages):
            box = pdf_find(pdf, name, page)
            if box is not None:
                found.append((page, box[3]))
                break
    return found


def test_every_row_is_at_least_one_centimetre_tall_to_sign_in():
    from reportlab.lib.units import cm

    names = [f"Peserta Nomor {i:02d}" for i in range(45)]
    rows = [
        daftar_hadir.Row(name=n, nip="", position="Staf", institution=f"Dinas {i // 15}", gender="L")
        for i, n in enumerate(names)
    ]
    rows[3] = daftar_hadir.Row(
        name=names[3],
        nip="",
        position="Staf",
        institution="Dinas 0",
        gender="P",
        checked_in="07:59",
        method="mandiri",
    )
    sheet = daftar_hadir.Sheet(
        title="DAFTAR HADIR PESERTA",
        event_title="Bintek KLA",
        session_title="KHA",
        when="Jumat",
        place="Aula",
        headers=["No", "Nama", "NIP", "Jabatan", "L/P", "Jam", "Tanda tangan"],
        rows=rows,
    )
    tops = _row_tops(daftar_hadir.render(sheet), names)
    assert len(tops) == len(names) and tops[-1][0] >= 1  # over more than one page
    gaps = [a[1] - b[1] for a, b in zip(tops, tops[1:]) if a[0] == b[0]]
    assert gaps and min(gaps) >= 1 * cm - 0.2  # glyph boxes differ by a tenth of a point


def test_the_demo_list_has_the_kop_indonesian_methods_and_both_signatories(demo):
    from tests.pdf_read import pdf_find, pdf_page_width, pdf_text
    from workshop.checkin.services import checked_in_for
    from workshop.demo.letterhead import KOP

    attended = next(
        s
        for s in db.session.execute(select(AgendaSession).order_by(AgendaSession.starts_at)).scalars()
        if checked_in_for(s)
    )
    pdf = services.daftar_hadir_pdf(
        demo, attended, "peserta", checked_in_for(attended), signatory=services.committee_head(demo)
    )
    pages = pdf_text(pdf)
    first = " ".join(pages[0].split())
    for i in range(1, 5):
        assert KOP[f"kop_line{i}"] in first
    everything = " ".join(" ".join(pages).split())
    assert "pindai" in everything and "(scan)" not in everything and "scan" not in everything
    last = len(pages) - 1
    head = services.committee_head(demo)
    issuer, witness = pdf_find(pdf, head.full_name, last), pdf_find(pdf, KOP["witness_name"], last)
    place = pdf_find(pdf, "Serang, ", last)
    middle = pdf_page_width(pdf) / 2
    assert issuer[0] > middle and place[0] > middle and place[1] > issuer[3]
    assert witness[2] < middle and pdf_find(pdf, "Mengetahui,", last)[1] > witness[3]
    assert "NIP 19820314 200604 1 003" in pages[last]
    assert "Bappeda Kota Serang" in everything  # the institution with its region


def test_someone_registered_after_a_session_ended_is_not_on_its_list(demo):
    from datetime import timedelta

    from tests.conftest import make_attendee

    session = _session("materi")
    late = make_attendee(
        demo, full_name="Terlambat Daftar, S.E.", nip="19900101 201501 1 009", phone="0812-9999-0001"
    )
    late.created_at = session.ends_at + timedelta(minutes=5)
    early = make_attendee(
        demo, full_name="Tepat Waktu, S.E.", nip="19900101 201501 1 010", phone="0812-9999-0002"
    )
    early.created_at = session.ends_at - timedelta(minutes=5)
    db.session.flush()
    names = {row.name for row in services.daftar_hadir_sheet(demo, session, "peserta").rows}
    assert "Tepat Waktu, S.E." in names and "Terlambat Daftar, S.E." not in names
    later = (
        db.session.execute(
            select(AgendaSession)
            .where(AgendaSession.event_id == demo.id, AgendaSession.starts_at > late.created_at)
            .order_by(AgendaSession.starts_at)
        )
        .scalars()
        .first()
    )
    if later is not None and later.applies_to(late):
        assert "Terlambat Daftar, S.E." in {
            row.name for row in services.daftar_hadir_sheet(demo, later, "peserta").rows
        }


def test_daftar_hadir_poster_and_programme_pdfs_have_title_author_and_subject(demo):
    from tests.pdf_read import pdf_pages

    session = _session("materi")
    files = {
        "daftar hadir": services.daftar_hadir_pdf(demo, session, "peserta"),
        "poster": services.poster_pdf(demo, session, "https://bintek.example/c/x"),
        "programme": services.agenda_pdf(demo),
    }
    for kind, data in files.items():
        document = pdf_pages(data)
        meta = document.get_metadata_dict()
        document.close()
        assert meta["Title"] and meta["Title"] != "untitled", kind
        assert meta["Author"] == "Bappeda Kota Serang", kind
        assert meta["Subject"] == demo.title, kind
