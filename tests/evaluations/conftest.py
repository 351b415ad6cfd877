"""Factories for evaluation tests: an event on fixed dates with two speaker sessions, a question
bank, participants; times before, during and after."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.checkin.conftest import add_session, checkin_event
from tests.conftest import make_attendee, make_user

# Sessions on 17 Nov 2026, 09:00-10:30 and 13:00-15:00 Jakarta (02:00-03:30, 06:00-08:00 UTC).
FIRST_START = datetime(2026, 11, 17, 2, 0, tzinfo=UTC)
BEFORE = FIRST_START - timedelta(hours=1)  # the pre-test is open
LAST_END = datetime(2026, 11, 17, 8, 0, tzinfo=UTC)
AFTER = LAST_END - timedelta(minutes=30)  # the post-test and every form are open
SECRET = "test-secret"

QUESTIONS = [
    ("KHA disahkan PBB pada tahun?", ["1989", "1990", "1979", "2002"], 0),
    ("Jumlah klaster hak anak dalam KLA?", ["3", "4", "5", "6"], 2),
    ("Indikator KLA berjumlah?", ["24", "31", "10", "12"], 0),
]


def nip(n: int) -> str:
    return f"19860926 201505 1 {n:03d}"


def participant(event, n: int, **overrides):
    data = dict(
        full_name=f"Peserta Nomor {'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[n % 26]}{'abcdefghij'[n // 26]}",
        nip=nip(n),
        phone=f"0812-3456-{n:04d}",
        email=f"p{n}@serangkota.go.id",
    )
    data.update(overrides)
    return make_attendee(event, **data)


def evaluation_event(slug="kla-serang", with_bank=True):
    """An event with two sessions (each with a speaker), three participants, and its evaluations."""
    from workshop.evaluations import services

    organiser = make_user(f"panitia-{slug}@serang.go.id", "Siti Panitia")
    event = checkin_event(organiser, slug=slug)
    speaker = make_attendee(
        event,
        full_name="Dr. Rini Speaker",
        role="narasumber",
        nip=nip(90),
        phone="0812-9999-0001",
        email="s@x.id",
    )
    add_session(event, "Konvensi Hak Anak", "09:00", "10:30", speaker_ids=[speaker.id])
    add_session(event, "Kabupaten/Kota Layak Anak", "13:00", "15:00", speaker_ids=[speaker.id])
    people = [participant(event, n) for n in range(1, 4)]
    services.ensure_evaluations(event)
    if with_bank:
        for text, options, correct in QUESTIONS:
            services.add_question(event, text, options, correct)
    return event, people


def evaluation(event, kind, index=0):
    from workshop.evaluations import services

    return [e for e in services.evaluations_of(event) if e.kind == kind][index]


@pytest.fixture
def scene(ctx):
    return evaluation_event()
