"""The demo's second event: the first batch of the same bintek, held about a month before the
demo is seeded and FINISHED, so the demo also shows what an organiser has after an event: every
session checked in (two participants missed the second day, so they are not eligible), the five
cluster groups' RTL adopted in the plenary with their chairs' names, certificates issued, and the
KLA evidence documents ("evidence-trained", "evidence-kla-*") on the documents page and in the
bundle. Everything goes through the modules' own services; idempotent step by step (an event, a
list of people, sessions, check-ins, RTL rows, adoption or certificates already there are left
alone)."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from workshop.agenda import services as agenda_services
from workshop.agenda.models import AgendaSession
from workshop.attendees import services as attendee_services
from workshop.auth.models import User
from workshop.certificates import services as certificate_services
from workshop.certificates.models import Certificate
from workshop.checkin import services as checkin_services
from workshop.demo.agenda import assign_participants, person_named, seed_groups
from workshop.demo.certificates import save_demo_settings
from workshop.demo.checkin import has_checkins, registered_people
from workshop.demo.documents import chair_of
from workshop.demo.followup import seed_followup
from workshop.demo.honoraria import FINISHED_RECIPIENTS, seed_honoraria
from workshop.demo.letterhead import seed_letterhead
from workshop.demo.people import (
    BAPPEDA_HEAD,
    GOLONGAN,
    POSITIONS,
    SERANG_EVENT,
    _name,
    _nip,
    _phone,
    committee,
)
from workshop.events import services as event_services
from workshop.events.models import Event
from workshop.extensions import db
from workshop.groups import adoption
from workshop.groups import services as group_services
from workshop.groups.models import Group
from workshop.groups.validation import RTL_FIELDS

FINISHED_SLUG = "bintek-kla-serang-angkatan-1"
DAYS_AGO = 30  # it began this many days before the demo is seeded, and lasted two days
PEOPLE_SEED = 20261019
SPEAKER = "Dra. Ratih Wulandari, M.Si."
MODERATOR = BAPPEDA_HEAD["full_name"]  # as in the main demo
# Two participants (by position in the list of peserta) left after the first day: not eligible.
ABSENT_DAY_TWO = (4, 15)
# Two more missed one session each: still above the 80 % a participant needs.
ABSENT_ONE_SESSION = (7, 19)
_NAMESPACE = uuid.UUID("6f1c2b9e-1d1f-4b43-9b3e-2a6a4f1c0107")

# (as people type it, how many come): the OPDs the KLA training questions name.
AGENCIES = [
    ("Disdukcapil Kota Serang", 3),
    ("Dinas Kesehatan Kota Serang", 3),
    ("Dinas Pendidikan dan Kebudayaan Kota Serang", 3),
    ("Dinas Sosial Kota Serang", 3),
    ("DP3AKB Kota Serang", 4),
    ("Kankemenag Kota Serang", 2),
    ("Diskominfo Kota Serang", 2),
    ("UPTD PPA Kota Serang", 2),
    ("Dinas Perhubungan Kota Serang", 1),
    ("Bappeda Kota Serang", 1),
]

# cluster -> (kegiatan, tujuan, sasaran, indikator, waktu, lokasi, penanggung jawab, mitra, dana,
#             anggaran, indikator keberhasilan, keterangan)
RTL = {
    "I": [
        (
            "Integrasi layanan akta kelahiran di rumah sakit dan puskesmas",
            "Bayi lahir langsung tercatat",
            "Ibu bersalin",
            4,
            "Januari–Juni 2027",
            "RSUD dan 16 puskesmas",
            "Disdukcapil",
            "Dinas Kesehatan",
            "APBD",
            9_000_000,
            "90% bayi baru lahir punya akta sebelum pulang",
            "",
        ),
        (
            "Pojok baca dan informasi layak anak di perpustakaan kota",
            "Anak mendapat informasi yang sesuai usianya",
            "Anak usia sekolah",
            5,
            "Maret 2027",
            "Perpustakaan Kota Serang",
            "Diskominfo",
            "Dinas Perpustakaan",
            "APBD",
            6_500_000,
            "Pojok ILA buka setiap hari",
            "",
        ),
    ],
    "II": [
        (
            "Konseling pranikah bagi calon pengantin usia muda",
            "Mencegah perkawinan anak",
            "Calon pengantin dan orang tua",
            7,
            "Sepanjang 2027",
            "KUA se-Kota Serang",
            "Kankemenag",
            "DP3AKB",
            "APBN",
            11_000_000,
            "Dispensasi kawin turun 15%",
            "",
        ),
        (
            "Pelatihan pengasuhan bagi pengasuh LKSA",
            "Pengasuhan alternatif sesuai standar",
            "Pengasuh LKSA",
            10,
            "April 2027",
            "Aula Dinas Sosial",
            "Dinas Sosial",
            "DP3AKB",
            "APBD",
            14_000_000,
            "30 pengasuh terlatih",
            "",
        ),
    ],
    "III": [
        (
            "Puskesmas ramah anak di 8 kecamatan",
            "Layanan kesehatan ramah anak",
            "Tenaga kesehatan puskesmas",
            15,
            "Februari–November 2027",
            "8 puskesmas",
            "Dinas Kesehatan",
            "DP3AKB",
            "DAK",
            22_000_000,
            "8 puskesmas memenuhi standar PRA",
            "",
        ),
        (
            "Pemantauan gizi balita lewat posyandu",
            "Menurunkan stunting",
            "Balita dan ibu baduta",
            14,
            "Setiap bulan 2027",
            "Posyandu se-Kota Serang",
            "Dinas Kesehatan",
            "PKK",
            "APBD",
            16_000_000,
            "Semua balita ditimbang tiap bulan",
            "",
        ),
    ],
    "IV": [
        (
            "Bimtek Satuan Pendidikan Ramah Anak bagi kepala sekolah",
            "Menambah sekolah ramah anak",
            "Kepala SD dan SMP",
            19,
            "Juli 2027",
            "Aula Disdikbud",
            "Dinas Pendidikan dan Kebudayaan",
            "Kankemenag, DP3AKB",
            "APBD",
            19_000_000,
            "40 kepala sekolah terlatih",
            "",
        ),
        (
            "Festival kreativitas anak tingkat kota",
            "Ruang berekspresi bagi anak",
            "Anak dan Forum Anak",
            20,
            "Juli 2027 (Hari Anak Nasional)",
            "Alun-alun Kota Serang",
            "DP3AKB",
            "Disdikbud, komunitas seni",
            "CSR",
            12_000_000,
            "Festival terselenggara",
            "",
        ),
    ],
    "V": [
        (
            "Pelatihan pendamping korban kekerasan anak",
            "Pendampingan korban sesuai standar",
            "Pekerja sosial dan konselor",
            21,
            "Mei 2027",
            "UPTD PPA",
            "UPTD PPA",
            "Dinas Sosial, Unit PPA Polresta",
            "APBD",
            17_500_000,
            "20 pendamping terlatih",
            "",
        ),
        (
            "Sosialisasi pencegahan kekerasan di sekolah",
            "Anak dan guru tahu cara melapor",
            "Siswa dan guru SMP",
            21,
            "Agustus–September 2027",
            "SMP se-Kota Serang",
            "DP3AKB",
            "UPTD PPA, Disdikbud",
            "APBD",
            8_000_000,
            "Layanan pengaduan dikenal di 30 SMP",
            "",
        ),
    ],
}
FIELDS = tuple(name for name in RTL_FIELDS if name != "position")


def finished_event_data(today: date) -> dict:
    start = today - timedelta(days=DAYS_AGO)
    end = start + timedelta(days=1)
    return {
        "title": "Bintek KLA Angkatan I: Konvensi Hak Anak bagi Gugus Tugas KLA",
        "code": "BINTEK-KLA-1",
        "slug": FINISHED_SLUG,
        "description": (
            "Angkatan pertama bimbingan teknis Konvensi Hak Anak (KHA) bagi anggota Gugus Tugas "
            "Kota Layak Anak (KLA) Kota Serang dari perangkat daerah yang menyelenggarakan layanan "
            "anak: paparan narasumber, diskusi, dan penyusunan Rencana Tindak Lanjut per klaster."
        ),
        **SERANG_EVENT,
        "starts_on": start,
        "ends_on": end,
        "registration_opens_at": datetime.combine(start - timedelta(days=21), time(8, 0)),
        "registration_closes_at": datetime.combine(start - timedelta(days=1), time(16, 0)),
        "capacity": 30,
        "status": "closed",
    }


def finished_people(seed: int = PEOPLE_SEED) -> list[dict]:
    """About 25 people: a speaker, the moderator, two committee members and the participants of
    the OPDs in ``AGENCIES`` (people.py's name generator, another seed)."""
    rng = random.Random(seed)
    people: list[dict] = [
        {
            "full_name": SPEAKER,
            "gender": "P",
            "category": "PNS",
            "nip": "19720309 199703 2 002",
            "golongan": "IV/b",
            "position": "Kepala Bidang Pemenuhan Hak Anak",
            "institution": "DP3AKB Provinsi Banten",
            "role": "narasumber",
            "phone": "0812-7000-3101",
            "email": "",
        },
        dict(BAPPEDA_HEAD),
    ]
    people += committee(rng, ["Ketua Panitia", "Sekretaris Panitia"])
    names = {p["full_name"] for p in people}
    for agency, count in AGENCIES:
        for index in range(count):
            gender = rng.choice("LP")
            name = _name(rng, gender)
            while name in names:  # one name, one person
                name = _name(rng, gender)
            names.add(name)
            people.append(
                {
                    "full_name": name,
                    "gender": gender,
                    "category": "PNS",
                    "nip": _nip(rng, gender),
                    "golongan": rng.choice(GOLONGAN),
                    # The first of each OPD heads a unit: a group chooses its chair among them.
                    "position": "Kepala Seksi" if index == 0 else rng.choice(POSITIONS[2:]),
                    "institution": agency,
                    "role": "peserta",
                    "phone": _phone(rng),
                    "email": "",
                }
            )
    return people


def seed_finished(organiser: User, today: date) -> Event:
    """The finished event, made or completed. ``organiser`` (the demo's) is its organiser."""
    event = db.session.execute(select(Event).where(Event.slug == FINISHED_SLUG)).scalar_one_or_none()
    if event is None:
        event = event_services.create_event(finished_event_data(today), organiser)
    elif event_services.role_in(event, organiser) is None:
        event_services.add_member(event, organiser, "organiser")
    if attendee_services.count_active(event, role=None) == 0:
        _seed_people(event)
    _seed_agenda(event)
    _seed_attendance(event)
    seed_letterhead(event)
    _seed_rtl(event, organiser)
    _seed_certificates(event)
    seed_followup(event, today)  # the RTL follow-up: one checkpoint passed, one ahead
    seed_honoraria(event, FINISHED_RECIPIENTS)  # its SPJ, paid: the speaker and the moderator
    db.session.flush()
    return event


def _seed_people(event: Event) -> None:
    """Listed by the organiser (an import), the week before: measured on every session."""
    for person in finished_people():
        attendee_services.create_attendee(event, person, source="import", confirm_warnings=True)


def _seed_agenda(event: Event) -> None:
    """Two days, for everyone: materials on the first, RTL and the plenary on the second."""
    if db.session.execute(
        select(func.count(AgendaSession.id)).where(AgendaSession.event_id == event.id)
    ).scalar_one():
        return
    seed_groups(event)
    assign_participants(event)
    speaker = person_named(event, SPEAKER)
    moderator = person_named(event, MODERATOR)
    first, second = event.starts_on, event.ends_on
    programme = [
        (first, "07:30", "08:00", "Registrasi ulang peserta", "registrasi_ulang", [], None),
        (
            first,
            "08:00",
            "08:30",
            "Pembukaan oleh Kepala Bappeda Kota Serang",
            "pembukaan",
            [moderator],
            None,
        ),
        (
            first,
            "08:30",
            "10:45",
            "Konvensi Hak Anak: prinsip dan klaster hak anak",
            "materi",
            [speaker],
            moderator,
        ),
        (first, "10:45", "11:00", "Rehat kopi", "istirahat", [], None),
        (
            first,
            "11:00",
            "12:30",
            "Kebijakan Kota Layak Anak dan evaluasi KLA",
            "materi",
            [speaker],
            moderator,
        ),
        (first, "12:30", "13:30", "Ishoma", "istirahat", [], None),
        (second, "07:30", "08:00", "Registrasi ulang peserta", "registrasi_ulang", [], None),
        (second, "08:00", "11:00", "Penyusunan RTL per klaster hak anak", "penyusunan_rtl", [], None),
        (second, "11:00", "12:30", "Pleno: penetapan RTL Gugus Tugas KLA", "pleno", [], moderator),
        (second, "12:30", "13:00", "Penutupan", "penutupan", [moderator], None),
    ]
    for day, start, end, title, kind, speakers, chair in programme:
        agenda_services.create_session(
            event,
            {
                "title": title,
                "kind": kind,
                "starts_at": datetime.combine(day, time.fromisoformat(start)),
                "ends_at": datetime.combine(day, time.fromisoformat(end)),
                "room": "Aula Bappeda",
                "speaker_ids": [p.id for p in speakers if p is not None],
                "moderator_id": chair.id if chair is not None else None,
                "is_for_everyone": True,
                "group_ids": [],
            },
            confirm_warnings=True,
        )


def _seed_attendance(event: Event) -> None:
    """Everyone checked in at every session (by scan, a few minutes around the start), except
    the participants of ABSENT_DAY_TWO (gone on day two) and ABSENT_ONE_SESSION (one session)."""
    if has_checkins(event):
        return
    people = registered_people(event)
    participants = [p for p in people if p.role == "peserta"]
    gone = {participants[i].id for i in ABSENT_DAY_TWO if i < len(participants)}
    skipping = {participants[i].id for i in ABSENT_ONE_SESSION if i < len(participants)}
    sessions = [s for s in agenda_services.agenda_for(event) if s.requires_checkin]
    missed = next((s for s in sessions if s.kind == "materi" and s != sessions[0]), sessions[-1])
    rng = random.Random(f"{event.slug}-attendance")
    for session in sessions:
        day = agenda_services.local_day(event, session.starts_at)
        for person in people:
            if not session.applies_to(person):
                continue
            if person.id in gone and day == event.ends_on:
                continue
            if person.id in skipping and session.id == missed.id:
                continue
            scanned = (session.starts_at + timedelta(minutes=rng.uniform(-15, 5))).replace(microsecond=0)
            checkin_services.check_in(
                event,
                person.ticket_code,
                session.code,
                str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                scanned.isoformat(),
                None,
                "scan",
                now=session.ends_at + timedelta(hours=1),
            )
    db.session.flush()


def _seed_rtl(event: Event, organiser: User) -> None:
    """Each cluster group's RTL rows (entered by the organiser) and its adoption in the plenary,
    with the chair the group chose."""
    for group in db.session.execute(select(Group).where(Group.event_id == event.id)).scalars():
        if group.cluster not in RTL or group.is_adopted:
            continue
        if not group.is_locked:
            for index, values in enumerate(RTL[group.cluster], start=1):
                client_id = str(uuid.uuid5(_NAMESPACE, f"{event.slug}:{group.cluster}:{index}"))
                group_services.create_row(
                    group, client_id, {**dict(zip(FIELDS, values)), "position": index}, organiser
                )
        chair = chair_of(group)
        if chair and adoption.row_count(group):
            adoption.adopt(group, chair, organiser)


def _seed_certificates(event: Event) -> None:
    """Settings like the main demo's, then the certificates of everyone eligible (the event is
    over: no confirmation needed)."""
    if db.session.execute(
        select(func.count(Certificate.id)).where(Certificate.event_id == event.id)
    ).scalar_one():
        return
    save_demo_settings(event)
    certificate_services.issue_due(event)
