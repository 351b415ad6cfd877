"""flask seed-demo: the Serang event of DESIGN.md §1, dated from the day it is seeded
(a three-day event that began yesterday), so whoever starts the app can try everything at once;
and its first batch, finished a month ago (demo/finished.py), with certificates and KLA evidence.
Idempotent: running it again changes nothing but reprints the organiser's login."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask import Flask, current_app
from sqlalchemy import select, update

from workshop.attendees import services as attendee_services
from workshop.attendees.models import Attendee
from workshop.auth import services as auth_services
from workshop.auth.models import User
from workshop.core.audit import acting_as
from workshop.core.tokens import generate_password
from workshop.demo.agenda import seed_agenda
from workshop.demo.certificates import seed_certificates
from workshop.demo.checkin import seed_attendance
from workshop.demo.credentials import seed_credentials
from workshop.demo.documents import seed_documents
from workshop.demo.evaluations import seed_evaluations
from workshop.demo.finished import FINISHED_SLUG, seed_finished
from workshop.demo.groups import FACILITATOR_EMAIL, seed_group_work, set_facilitator_password
from workshop.demo.honoraria import seed_honoraria
from workshop.demo.imports import seed_reimport
from workshop.demo.letterhead import seed_letterhead
from workshop.demo.letters import seed_letters
from workshop.demo.minutes import seed_minutes
from workshop.demo.people import SERANG_EVENT, demo_people
from workshop.demo.signatures import seed_signatures
from workshop.events import services as event_services
from workshop.events.models import Event
from workshop.extensions import db

DEMO_SLUG = "bintek-kla-serang"
ORGANISER_EMAIL = "panitia@bappeda.serangkota.go.id"
ORGANISER_NAME = "Siti Rahmawati, S.E."
LOGIN_FILE = "demo-login.txt"


def demo_event_data(today: date) -> dict:
    wib = ZoneInfo("Asia/Jakarta")
    start = today - timedelta(days=1)
    end = today + timedelta(days=1)
    return {
        "title": "Bintek Peningkatan Kapasitas Gugus Tugas KLA tentang Konvensi Hak Anak",
        "code": "BINTEK-KLA",
        "slug": DEMO_SLUG,
        "description": (
            "Bimbingan teknis bagi anggota Gugus Tugas Kota Layak Anak (KLA) Kota Serang tentang "
            "Konvensi Hak Anak (KHA): paparan narasumber Kementerian Pemberdayaan Perempuan dan "
            "Perlindungan Anak, diskusi, dan penyusunan Rencana Tindak Lanjut (RTL) per klaster hak anak."
        ),
        **SERANG_EVENT,
        "starts_on": start,
        "ends_on": end,
        # Registration stays open until the evening of the last day.
        "registration_opens_at": datetime.combine(start - timedelta(days=14), time(8, 0)),
        "registration_closes_at": datetime.combine(end, time(12, 0)),
        "capacity": 80,
        "status": "open",
        "_tz": wib,
    }


def seed_demo(today: date | None = None, progress=None) -> tuple[Event, str | None]:
    """Create the demo event and its organiser if missing. Returns the event and the organiser's
    new password (None when the account already existed). The facilitators' accounts are made by
    ``seed_group_work`` (see the seed-demo command). ``progress(text)`` is told each step."""
    today = today or date.today()
    progress = progress or (lambda text: None)
    password = None
    organiser = auth_services.get_user_by_email(ORGANISER_EMAIL)
    if organiser is None:
        password = generate_password()
        organiser = auth_services.create_user(ORGANISER_EMAIL, ORGANISER_NAME, password)
    event = db.session.execute(select(Event).where(Event.slug == DEMO_SLUG)).scalar_one_or_none()
    if event is None:
        data = demo_event_data(today)
        data.pop("_tz")
        event = event_services.create_event(data, organiser)
    if attendee_services.count_active(event, role=None) == 0:
        progress("participants")
        seed_attendees(event)
    progress("programme and groups")
    seed_agenda(event)  # idempotent: does nothing once the event has sessions
    progress("first day's attendance")
    seed_attendance(event)  # idempotent: does nothing once the event has check-ins
    seed_letterhead(event)  # idempotent: does nothing once the event has a letterhead
    seed_evaluations(event)  # idempotent: pre/post test and evaluations, once
    seed_letters(event)  # idempotent: does nothing once the event has letters
    progress("certificates")
    seed_certificates(event)  # idempotent: does nothing once the event has certificates
    seed_reimport(event)  # a corrected copy of the imported list, for a re-import preview
    seed_finished(organiser, today)  # the first batch, a month ago: certificates and KLA evidence
    seed_credentials(DEMO_SLUG, FINISHED_SLUG)  # Open Badges credentials of both events' certificates
    seed_honoraria(event)  # idempotent: the SPJ of the speakers and the moderator
    seed_minutes(event)  # idempotent: the minutes of the Kemen PPPA session and both plenaries
    seed_signatures(progress)  # both events' certificates signed with a generated demo certificate
    return event, password


DEMO_CONSENT = (
    "Data pribadi Anda dipakai untuk penyelenggaraan kegiatan ini (daftar hadir, sertifikat, "
    "laporan kegiatan) dan disimpan selama 24 bulan (UU 27/2022). [demo]"
)


def seed_attendees(event: Event) -> None:
    """About 60 synthetic people; the import-sourced half has not yet seen the consent notice.
    They registered in the week before the event (a daftar hadir leaves out whoever registered
    after a session ended), one every few hours."""
    registered = datetime.combine(event.starts_on - timedelta(days=7), time(9, 0), tzinfo=event.tz)
    for index, person in enumerate(demo_people()):
        person = dict(person)
        source = person.pop("source")
        guardian = person.pop("guardian", None)
        attendee = attendee_services.create_attendee(
            event,
            person,
            source=source,
            confirm_warnings=True,
            consent_text=DEMO_CONSENT if source == "registration" else None,
        )
        attendee.created_at = registered + timedelta(hours=2 * index)
        if guardian:
            attendee_services.record_guardian_consent(attendee, guardian, "paper")
    # They registered a week before the event (not while the seed runs): none of them is a late
    # registrant. A plain UPDATE: the audit log keeps their creation, not a correction of it.
    registered = datetime.combine(event.starts_on - timedelta(days=7), time(9, 0), tzinfo=event.tz)
    db.session.execute(
        update(Attendee)
        .where(Attendee.event_id == event.id)
        .values(created_at=registered)
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()


def _login_file() -> Path:
    return Path(current_app.instance_path) / LOGIN_FILE


def init_app(app: Flask) -> None:
    @app.cli.command("seed-demo")
    def seed_demo_command():
        """Create the Kota Serang demo event (idempotent) and print the organiser's login."""
        import time

        started = time.perf_counter()

        def progress(step: str) -> None:  # a first start shows what it is doing (issue 17)
            click.echo(f"  seeding the demo: {step}… ({time.perf_counter() - started:.0f} s)")

        with acting_as("seed-demo"):
            event, password = seed_demo(progress=progress)
            progress("group work and facilitators")
            facilitator_password = seed_group_work(event)
            seed_documents(event)  # the report's texts and three adopted RTL (needs the RTL rows)
            saved = _login_file().read_text().split("\n") if _login_file().exists() else []
            if password is None and not saved:
                # The account exists but its password was never recorded here: set a new one.
                organiser = db.session.execute(select(User).where(User.email == ORGANISER_EMAIL)).scalar_one()
                password = generate_password()
                auth_services.set_password(organiser, password)
            if facilitator_password is None and (len(saved) < 3 or not saved[2]):
                facilitator_password = generate_password()
                set_facilitator_password(event, facilitator_password)
            db.session.commit()
        if password is not None or facilitator_password is not None:
            lines = saved[:3] + [""] * (3 - len(saved[:3]))
            if password is not None:
                lines[0:2] = [ORGANISER_EMAIL, password]
            if facilitator_password is not None:
                lines[2] = facilitator_password
            _login_file().write_text("\n".join(lines) + "\n")
            _login_file().chmod(0o600)
        email, saved_password, facilitators = _login_file().read_text().split("\n")[:3]
        click.echo(f"Demo event: /e/{event.slug}")
        click.echo(f"Organiser login: {email}  password: {saved_password}")
        click.echo(
            f"Facilitator logins (one per cluster group): {FACILITATOR_EMAIL.format(code='i')} … "
            f"{FACILITATOR_EMAIL.format(code='v')}  password: {facilitators}"
        )
