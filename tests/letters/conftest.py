"""An event with invited institutions, their people and speakers: the letters' test data."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import make_attendee
from workshop.events.models import Event
from workshop.extensions import db

SETTINGS = {
    "classification_code": "005",
    "unit_code": "Bappeda",
    "place": "Serang",
    "sifat": "Penting",
    "hal_undangan": "Undangan Bimbingan Teknis KLA",
    "hal_narasumber": "Permohonan Narasumber",
    "signer_position": "Kepala Bappeda Kota Serang",
    "signer_name": "Ir. Tb. Ahmad Fauzi, M.T.",
    "signer_rank": "Pembina Utama Muda (IV/c)",
    "signer_nip": "19700115 199803 1 004",
}
LONG_NAME = "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana"
PEOPLE = {
    "Dinas Kesehatan Kota Serang": ["Rina Marlina, S.K.M.", "Budi Santoso, S.Kep."],
    LONG_NAME: ["Siti Nurhaliza, S.Sos."],
    "Bappeda Kota Serang": ["Ahmad Panitia, S.E."],  # the organiser's own unit: no letter
}


def event_by_slug(slug: str) -> Event:
    return db.session.execute(select(Event).where(Event.slug == slug)).scalar_one()


def add_people(event, people=PEOPLE, nip_base: int = 0) -> None:
    number = nip_base
    for institution, names in people.items():
        for name in names:
            number += 1
            make_attendee(
                event,
                full_name=name,
                institution=institution,
                nip=None,
                category="non-ASN",
                golongan=None,
                phone=f"0812-7000-{number:04d}",
                email="",
                position="Analis Kebijakan",
            )


def add_speakers(event) -> dict:
    """A Kemen PPPA speaker in two sessions, and a Bappeda speaker (the organiser's own)."""
    from workshop.agenda import services as agenda

    deputy, own = (
        make_attendee(
            event,
            full_name=name,
            institution=institution,
            position=position,
            role="narasumber",
            nip=None,
            category="non-ASN",
            golongan=None,
            phone=phone,
            email="",
        )
        for name, institution, position, phone in (
            (
                "Drs. Dermawan, M.Si.",
                "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak",
                "Asisten Deputi Pemenuhan Hak Sipil",
                "0811-1234-5601",
            ),
            ("Ir. Tb. Ahmad Fauzi, M.T.", "Bappeda Kota Serang", "Kepala Bappeda", "0811-1234-5602"),
        )
    )
    start = datetime.combine(event.starts_on, time(8, 30), tzinfo=event.tz)
    for offset, title, speakers in (
        (0, "Pembukaan", [own.id]),
        (2, "Konvensi Hak Anak", [deputy.id]),
        (5, "Tanya jawab KHA", [deputy.id]),
    ):
        agenda.create_session(
            event,
            {
                "title": title,
                "kind": "materi",
                "starts_at": start + timedelta(hours=offset),
                "ends_at": start + timedelta(hours=offset + 1),
                "room": "Aula",
                "speaker_ids": speakers,
            },
            confirm_warnings=True,
        )
    return {"deputy": deputy.id, "own": own.id}


def save(event, **overrides):
    from workshop.letters import services

    return services.save_settings(event, {**SETTINGS, **overrides})


@pytest.fixture
def letters_event(ctx, world):
    """The world's event with its people, speakers and settings (in an app context)."""
    event = event_by_slug(world.event_slug)
    add_people(event)
    ids = add_speakers(event)
    save(event)
    db.session.commit()
    return event, ids
