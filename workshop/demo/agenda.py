"""The demo event's programme (DESIGN.md §1): three days in Kota Serang, in WIB. Daily
re-registration; day 1 the opening by the Kepala Bappeda and the presentations; day 2 group
discussion and RTL drafting in five cluster rooms; day 3 plenary and closing. Also the five
cluster groups, with the participants spread over them. Idempotent: an event that already has
sessions is left alone."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from workshop.agenda import services
from workshop.agenda.models import AgendaSession
from workshop.attendees.models import Attendee
from workshop.demo.people import BAPPEDA_HEAD
from workshop.events.models import Event
from workshop.extensions import db
from workshop.groups import services as groups
from workshop.groups.models import Group

KEPALA_BAPPEDA = BAPPEDA_HEAD["full_name"]
KEMEN_PPPA_SPEAKER = "Drs. Dermawan, M.Si."
SECOND_SPEAKER = "Dr. Hj. Nur Aisyah Lestari, S.Psi., M.Psi."
MAIN_ROOM = "Aula Bappeda"


def seed_groups(event: Event) -> list[Group]:
    """One group per child-rights cluster, "Klaster I – Hak Sipil dan Kebebasan" etc. (the groups
    module's own defaults)."""
    groups.create_default_groups(event)
    return [g for g in groups.groups_of(event) if g.cluster in groups.CLUSTER_CODES]


def assign_participants(event: Event) -> None:
    """Peserta whose institution belongs to a cluster join that cluster's group; the others
    (Bappeda, DP3A and other kelembagaan, unknown institutions) fill the smallest group: the
    groups module's suggestion, applied to those without a group yet."""
    suggestion = groups.suggest_assignment(event)
    groups.apply_assignment(
        event, {p.attendee.id: p.group.id for p in suggestion.placements if p.attendee.group_id is None}
    )


def person_named(event: Event, name: str) -> Attendee | None:
    return db.session.execute(
        select(Attendee).where(Attendee.event_id == event.id, Attendee.full_name == name)
    ).scalar_one_or_none()


def _demo_pdf(title: str, lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title)
    pdf.setFont("Helvetica-Bold", 18)
    pdf.drawString(60, 780, title)
    pdf.setFont("Helvetica", 12)
    for index, line in enumerate(lines):
        pdf.drawString(60, 740 - index * 20, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def seed_agenda(event: Event) -> list[AgendaSession]:
    """The Serang programme over the event's days (from ``starts_on``); nothing if it has sessions."""
    count = db.session.execute(
        select(func.count(AgendaSession.id)).where(AgendaSession.event_id == event.id)
    ).scalar_one()
    if count:
        return []
    cluster_groups = seed_groups(event)
    assign_participants(event)
    fauzi = person_named(event, KEPALA_BAPPEDA)
    dermawan = person_named(event, KEMEN_PPPA_SPEAKER)
    aisyah = person_named(event, SECOND_SPEAKER)
    days = [event.starts_on + timedelta(days=i) for i in range((event.ends_on - event.starts_on).days + 1)]
    created: list[AgendaSession] = []

    def add(
        day: date,
        start: str,
        end: str,
        title: str,
        kind: str,
        room: str = MAIN_ROOM,
        speakers=(),
        moderator=None,
        groups_=None,
    ):
        starts = datetime.combine(day, time.fromisoformat(start))
        ends = datetime.combine(day, time.fromisoformat(end))
        data = {
            "title": title,
            "kind": kind,
            "starts_at": starts,
            "ends_at": ends,
            "room": room,
            "speaker_ids": [p.id for p in speakers if p is not None],
            "moderator_id": moderator.id if moderator is not None else None,
            "is_for_everyone": groups_ is None,
            "group_ids": [g.id for g in groups_ or []],
        }
        session, _warnings = services.create_session(event, data, confirm_warnings=True)
        created.append(session)
        return session

    for day in days:
        add(day, "07:30", "08:00", "Registrasi ulang peserta", "registrasi_ulang", room="Lobi Bappeda")

    first = days[0]
    first_day = [
        ("08:00", "08:30", "Pembukaan dan arahan Kepala Bappeda Kota Serang", "pembukaan", [fauzi], None),
        ("08:30", "10:00", "Konvensi Hak Anak dan Kebijakan Kota Layak Anak", "materi", [dermawan], fauzi),
        ("10:00", "10:15", "Rehat kopi", "istirahat", (), None),
        (
            "10:15",
            "11:45",
            "Peran Gugus Tugas KLA dalam Pemenuhan Hak Anak di Daerah",
            "materi",
            [aisyah],
            fauzi,
        ),
        ("11:45", "13:00", "Ishoma", "istirahat", (), None),
        ("13:00", "15:15", "Tanya jawab dan pendalaman materi", "materi", [dermawan, aisyah], fauzi),
    ]
    opening_day = [
        add(first, start, end, title, kind, speakers=speakers, moderator=moderator)
        for start, end, title, kind, speakers, moderator in first_day
    ]
    kha = opening_day[1]

    second = days[min(1, len(days) - 1)]
    breakouts = [
        ("08:00", "10:15", "Diskusi kelompok {}", "diskusi_kelompok"),
        ("10:30", "12:00", "Penyusunan RTL {}", "penyusunan_rtl"),
        ("13:00", "14:30", "Penyusunan RTL (lanjutan) {}", "penyusunan_rtl"),
    ]
    breaks = {"10:15": ("10:30", "Rehat kopi"), "12:00": ("13:00", "Ishoma")}
    for start, end, title, kind in breakouts:
        for group in cluster_groups:
            room = f"Ruang Klaster {group.cluster}"
            add(second, start, end, title.format(group.name), kind, room=room, groups_=[group])
        if end in breaks:
            add(second, end, breaks[end][0], breaks[end][1], "istirahat")

    last = days[-1]
    add(last, "08:00", "10:15", "Pleno: presentasi RTL per klaster", "pleno", moderator=fauzi)
    add(last, "10:15", "10:30", "Rehat kopi", "istirahat")
    add(last, "10:30", "11:15", "Pleno: penetapan RTL Gugus Tugas KLA", "pleno", moderator=fauzi)
    add(last, "11:15", "12:00", "Penutupan", "penutupan", speakers=[fauzi])

    pdf = _demo_pdf(
        "Konvensi Hak Anak",
        [
            "Paparan narasumber Kementerian PPPA (contoh untuk demo).",
            "Empat prinsip KHA: non-diskriminasi; kepentingan terbaik bagi anak;",
            "hak hidup, kelangsungan hidup dan perkembangan; penghargaan terhadap pendapat anak.",
        ],
    )
    services.add_material(
        kha, io.BytesIO(pdf), "Paparan KHA - Kemen PPPA.pdf", title="Paparan Konvensi Hak Anak"
    )
    return created
