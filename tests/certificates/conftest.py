"""Factories for certificate tests: an event on fixed dates with three plenary sessions and one
breakout for group A, people, check-ins, settings; and reading PDFs back with pypdfium2."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.conftest import make_attendee, make_event, make_user
from workshop.agenda import services as agenda_services
from workshop.certificates import services
from workshop.checkin.models import CheckIn
from workshop.extensions import db
from workshop.groups.models import Group

FIRST_DAY = date(2026, 11, 18)
AFTER = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)  # the event is over
DURING = datetime(2026, 11, 19, 3, 0, tzinfo=UTC)


@pytest.fixture
def storage_dir(app, tmp_path):
    folder = tmp_path / "storage"
    old = app.config.get("STORAGE_DIR")
    app.config["STORAGE_DIR"] = str(folder)
    yield folder
    app.config["STORAGE_DIR"] = old


def cert_event(organiser, slug="kla-serang", **overrides):
    return make_event(organiser, slug=slug, starts_on=FIRST_DAY, ends_on=date(2026, 11, 20), **overrides)


def add_session(event, title, day, hhmm="08:00", minutes=90, groups=None, **overrides):
    hours, mins = map(int, hhmm.split(":"))
    start = datetime(2026, 11, 17 + day, hours, mins)
    data = {
        "title": title,
        "kind": "materi",
        "starts_at": start,
        "ends_at": start + timedelta(minutes=minutes),
        "room": "Aula",
        "speaker_ids": [],
        "moderator_id": None,
        "jp_override": None,
        "requires_checkin": True,
        "checkin_opens_at": None,
        "checkin_closes_at": None,
        "is_for_everyone": not groups,
        "group_ids": [g.id for g in (groups or [])],
    }
    data.update(overrides)
    session, _warnings = agenda_services.create_session(event, data, confirm_warnings=True)
    return session


def attend(person, *sessions):
    for session in sessions:
        db.session.add(
            CheckIn(
                event_id=person.event_id,
                attendee_id=person.id,
                agenda_session_id=session.id,
                scanned_at=session.starts_at,
                method="scan",
                scan_id=str(uuid.uuid4()),
            )
        )
    db.session.flush()


def configure(event, **overrides):
    data = {
        "number_format": "{seq:03d}/{code}/{unit}/{roman_month}/{year}",
        "issue_place": "Kota Serang",
        "issue_date": None,
        "role_shares": {"peserta": 80, "narasumber": 0, "moderator": 0, "fasilitator": 0, "panitia": 0},
        "signatory1_title": "Kepala Bappeda Kota Serang",
        "signatory1_name": "Dr. Ir. H. Bambang Suprapto, M.Si.",
        "signatory1_nip": "19700512 199503 1 002",
        "signatory2_title": "",
        "signatory2_name": "",
        "signatory2_nip": "",
    }
    data.update(overrides)
    return services.save_settings(event, data)


@pytest.fixture
def setup(ctx):
    return build_setup()


@pytest.fixture
def seeded(app):
    """The same event for view tests, committed: ids and the slug (safe across contexts)."""
    with app.app_context():
        built = build_setup()
        db.session.commit()
        return {
            key: (value.slug if key == "event" else value.id)
            for key, value in built.items()
            if key not in ("plenary",)
        }


def build_setup():
    """An event of 5 check-in sessions for everyone (+ an opening without check-in), a breakout
    for group A, and people: Ani (all 5), Budi (4 of 5), Citra (2 of 5), a speaker who came once."""
    organiser = make_user("panitia@serang.go.id", "Siti Panitia")
    event = cert_event(organiser)
    group_a = Group(event_id=event.id, name="Klaster I", position=1)
    group_b = Group(event_id=event.id, name="Klaster II", position=2)
    db.session.add_all([group_a, group_b])
    db.session.flush()
    opening = add_session(event, "Pembukaan", 1, "07:30", 30, kind="pembukaan", requires_checkin=False)
    plenary = [
        add_session(event, f"Materi {i}", 1 + i // 2, "08:00" if i % 2 == 0 else "10:00") for i in range(5)
    ]
    breakout = add_session(
        event, "Diskusi Klaster I", 3, "13:00", 120, groups=[group_a], kind="diskusi_kelompok"
    )
    ani = make_attendee(
        event,
        full_name="Ani Suryani, S.Sos.",
        gender="P",
        nip="19860926 201505 2 001",
        phone="0812-0000-0001",
        email="",
    )
    budi = make_attendee(
        event, full_name="Budi Santoso", nip="19800101 200501 1 002", phone="0812-0000-0002", email=""
    )
    citra = make_attendee(
        event,
        full_name="Citra Dewi",
        gender="P",
        nip="19900202 201501 2 003",
        phone="0812-0000-0003",
        email="",
    )
    speaker = make_attendee(
        event,
        full_name="Drs. Dermawan, M.Si.",
        role="narasumber",
        nip="19680412 199303 1 002",
        phone="0811-1234-5601",
        email="",
    )
    ani.group_id, budi.group_id = group_a.id, group_b.id
    db.session.flush()
    attend(ani, *plenary, breakout)
    attend(budi, *plenary[:4])
    attend(citra, *plenary[:2])
    attend(speaker, plenary[0])
    configure(event)
    db.session.flush()
    return {
        "event": event,
        "organiser": organiser,
        "ani": ani,
        "budi": budi,
        "citra": citra,
        "speaker": speaker,
        "plenary": plenary,
        "breakout": breakout,
        "opening": opening,
        "group_a": group_a,
        "group_b": group_b,
    }


# Reading PDFs back lives in tests/pdf_read.py (documents use it too).
from tests.pdf_read import pdf_chars_outside, pdf_pages, pdf_qr_texts, pdf_text  # noqa: E402,F401


@pytest.fixture
def ctx(app):
    """Service tests read messages in English (messages follow the request's language). Not for
    tests that also use a client (see tests/agenda/conftest.py)."""
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        yield db.session


def pdf_overlapping_chars(data: bytes, page_number: int = 0) -> list[tuple[str, str]]:
    """Pairs of characters on a page whose boxes overlap (each box shrunk by a fifth first, so
    neighbours in a word do not count): text drawn over other text."""
    document = pdf_pages(data)
    text = document[page_number].get_textpage()
    boxes = []
    for i in range(text.count_chars()):
        char = text.get_text_range(i, 1)
        if not char.strip():
            continue
        left, bottom, right, top = text.get_charbox(i)
        dx, dy = (right - left) / 5, (top - bottom) / 5
        boxes.append((char, left + dx, bottom + dy, right - dx, top - dy))
    document.close()
    boxes.sort(key=lambda b: b[1])
    pairs = []
    for i, (a, _l1, b1, r1, t1) in enumerate(boxes):
        for c, l2, b2, _r2, t2 in boxes[i + 1 :]:
            if l2 >= r1:
                break
            if b2 < t1 and b1 < t2:
                pairs.append((a, c))
    return pairs
