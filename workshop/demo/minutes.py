"""The demo's minutes (notula): the Kemen PPPA presentation on the first day and both plenary
sessions, written by the committee's secretary."""

from __future__ import annotations

from sqlalchemy import func, select

from workshop.agenda.models import AgendaSession
from workshop.attendees.models import Attendee
from workshop.events.models import Event
from workshop.extensions import db
from workshop.minutes import services
from workshop.minutes.models import SessionMinutes

DEMO_MINUTES = {
    "Konvensi Hak Anak dan Kebijakan Kota Layak Anak": {
        "summary": (
            "Narasumber memaparkan empat prinsip Konvensi Hak Anak (nondiskriminasi, kepentingan "
            "terbaik bagi anak, hak hidup dan tumbuh kembang, penghargaan terhadap pendapat anak) "
            "dan lima klaster hak anak sebagai dasar 24 indikator Kabupaten/Kota Layak Anak.\n\n"
            "Ditekankan bahwa evaluasi KLA menilai bukti: dokumen kebijakan, anggaran yang "
            "responsif anak, dan keterlibatan Forum Anak dalam perencanaan."
        ),
        "discussion": (
            "Dinas Pendidikan menanyakan bukti yang diterima untuk indikator sekolah ramah anak. "
            "Dijawab: SK tim SRA, daftar sekolah yang sudah dideklarasikan, dan foto kegiatan.\n"
            "Forum Anak Kota Serang meminta dilibatkan sejak Musrenbang kelurahan."
        ),
        "conclusions": (
            "Setiap OPD anggota Gugus Tugas memetakan program yang mendukung klaster masing-masing "
            "dan mengumpulkan bukti dukung sebelum evaluasi KLA."
        ),
        "follow_up": "Sekretariat Gugus Tugas membagikan format bukti dukung per indikator kepada OPD.",
    },
    "Pleno: presentasi RTL per klaster": {
        "summary": "Lima kelompok klaster mempresentasikan rancangan RTL, masing-masing 15 menit.",
        "discussion": (
            "Klaster III diminta mempertajam indikator keberhasilan imunisasi dasar lengkap.\n"
            "Klaster V menambahkan kegiatan pelatihan konselor bagi UPTD PPA."
        ),
        "conclusions": "Kelima rancangan RTL diterima dengan perbaikan yang dicatat oleh fasilitator.",
        "follow_up": "Fasilitator memperbaiki RTL kelompok sebelum sesi penetapan.",
    },
    "Pleno: penetapan RTL Gugus Tugas KLA": {
        "summary": "Pleno menetapkan RTL kelima klaster sebagai RTL Gugus Tugas KLA Kota Serang.",
        "discussion": "Bappeda menegaskan agar kegiatan RTL dimasukkan ke Renja OPD tahun berikutnya.",
        "conclusions": "RTL ditetapkan dan ditandatangani ketua kelompok masing-masing klaster.",
        "follow_up": "Bappeda memantau pelaksanaan RTL setiap triwulan melalui rapat Gugus Tugas.",
    },
}


def seed_minutes(event: Event) -> None:
    """Idempotent: does nothing once the event has minutes."""
    count = db.session.execute(
        select(func.count(SessionMinutes.id)).where(SessionMinutes.event_id == event.id)
    ).scalar_one()
    if count:
        return
    secretary = (
        db.session.execute(
            select(Attendee).where(
                Attendee.event_id == event.id,
                Attendee.role == "panitia",
                Attendee.position.ilike("%sekretaris%"),
            )
        )
        .scalars()
        .first()
    )
    notulis = secretary.full_name if secretary is not None else "Notulis Panitia"
    for title, texts in DEMO_MINUTES.items():
        session = (
            db.session.execute(
                select(AgendaSession).where(AgendaSession.event_id == event.id, AgendaSession.title == title)
            )
            .scalars()
            .first()
        )
        if session is not None:
            services.save_minutes(session, 0, {**texts, "notulis_name": notulis})
