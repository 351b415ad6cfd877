from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from workshop.auth.models import User
from workshop.demo import DEMO_SLUG, ORGANISER_EMAIL, seed_demo
from workshop.events.models import Event
from workshop.extensions import db


def test_seed_demo_is_idempotent_and_prints_a_working_login(app, runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    login_line = [line for line in first.output.splitlines() if "password:" in line][0]
    password = login_line.split("password:")[1].strip()
    assert ORGANISER_EMAIL in login_line
    assert login_line in second.output  # the same login is printed again
    assert len(password) >= 12
    with app.app_context():
        assert db.session.execute(select(func.count(Event.id))).scalar_one() == 2  # and the finished batch
        assert db.session.execute(select(func.count(User.id))).scalar_one() == 6  # organiser + 5 facilitators

    client = app.test_client()
    assert client.post_form("/login", {"email": ORGANISER_EMAIL, "password": password}).status_code == 302
    assert client.get(f"/manage/events/{DEMO_SLUG}/edit").status_code == 200


def test_demo_event_began_yesterday_and_registration_is_open(ctx):
    today = date(2026, 11, 18)
    event, password = seed_demo(today=today)
    assert password
    assert event.title == "Bintek Peningkatan Kapasitas Gugus Tugas KLA tentang Konvensi Hak Anak"
    assert event.organiser == "Pemerintah Kota Serang" and event.organising_unit == "Bappeda"
    assert (event.starts_on, event.ends_on) == (today - timedelta(days=1), today + timedelta(days=1))
    assert event.tz_label == "WIB" and event.status == "open"
    now = datetime(2026, 11, 18, 3, 0, tzinfo=UTC)  # 10:00 WIB today
    assert event.registration_opens_at < now < event.registration_closes_at


def test_demo_public_page_is_in_indonesian(app, runner):
    runner.invoke(args=["seed-demo"])
    page = app.test_client().get(f"/e/{DEMO_SLUG}").get_data(as_text=True)
    assert '<html lang="id">' in page
    assert "Konvensi Hak Anak" in page and "Tanggal" in page


def test_demo_has_about_sixty_people_in_every_role(ctx):
    from workshop.attendees.services import institutions_of

    event, _ = seed_demo(today=date(2026, 11, 18))
    seed_demo(today=date(2026, 11, 18))  # idempotent: nobody is added twice
    from collections import Counter

    from workshop.attendees.models import Attendee

    roles = Counter(db.session.execute(select(Attendee.role).where(Attendee.event_id == event.id)).scalars())
    assert 55 <= sum(roles.values()) <= 65
    assert roles["narasumber"] == 2 and roles["fasilitator"] == 5 and roles["panitia"] >= 3
    counts = {institution.name: count for institution, count in institutions_of(event)}
    # "Dinas Kesehatan Kota Serang", "Dinkes" and "DINAS KESEHATAN KOTA SERANG" are one institution.
    assert counts["Dinas Kesehatan"] == 5
    speaker = db.session.execute(
        select(Attendee).where(Attendee.full_name == "Drs. Dermawan, M.Si.")
    ).scalar_one()
    assert speaker.position == "Asisten Deputi Pemenuhan Hak Sipil, Informasi dan Partisipasi Anak"
    children = db.session.execute(select(Attendee).where(Attendee.category == "Forum Anak")).scalars().all()
    assert children and all(child.guardian_consent_at for child in children)
