"""The demo's group work: one facilitator account per cluster group (the facilitator attendees of
the demo, as team members with the facilitator role) and a few realistic RTL rows and notes in each
group. Idempotent: accounts are found by email, rows by a fixed client_id."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from workshop.attendees.models import Attendee, Role
from workshop.auth import services as auth_services
from workshop.core.tokens import generate_password
from workshop.events import services as event_services
from workshop.events.models import Event
from workshop.extensions import db
from workshop.groups import services
from workshop.groups.models import Group
from workshop.groups.validation import RTL_FIELDS

FACILITATOR_EMAIL = "fasilitator.klaster{code}@bappeda.serangkota.go.id"
_NAMESPACE = uuid.UUID("6f1c2b9e-1d1f-4b43-9b3e-2a6a4f1c0006")

# cluster -> [(kegiatan, tujuan, sasaran, indikator, waktu, lokasi, penanggung jawab, mitra, dana,
#              anggaran, indikator keberhasilan, keterangan)]
RTL = {
    "I": [
        (
            "Sosialisasi pentingnya akta kelahiran di 6 kecamatan",
            "Meningkatkan kepemilikan akta kelahiran anak",
            "Orang tua dan kader posyandu",
            4,
            "Februari–April 2027",
            "6 kecamatan se-Kota Serang",
            "Disdukcapil",
            "Kecamatan, Kelurahan, PKK",
            "APBD",
            15_000_000,
            "Cakupan akta kelahiran anak naik menjadi 95%",
            "",
        ),
        (
            "Pelayanan akta kelahiran keliling (jemput bola) di sekolah",
            "Anak yang belum punya akta terlayani",
            "Siswa SD/MI tanpa akta",
            4,
            "Juli 2027",
            "SD/MI se-Kota Serang",
            "Disdukcapil",
            "Disdikbud, Kemenag",
            "APBD",
            8_500_000,
            "300 akta terbit",
            "Data awal dari Dapodik",
        ),
        (
            "Pembentukan Forum Anak di tingkat kelurahan",
            "Partisipasi anak terlembaga sampai kelurahan",
            "Anak usia 12–17 tahun",
            6,
            "Triwulan II 2027",
            "67 kelurahan",
            "DP3AKB",
            "Forum Anak Kota Serang",
            "APBD",
            12_000_000,
            "Forum Anak terbentuk di 30 kelurahan",
            "",
        ),
    ],
    "II": [
        (
            "Kampanye pencegahan perkawinan anak bersama KUA",
            "Menurunkan dispensasi kawin",
            "Remaja, orang tua, tokoh agama",
            7,
            "Maret 2027",
            "KUA se-Kota Serang",
            "Kantor Kementerian Agama",
            "DP3AKB, Pengadilan Agama",
            "APBN",
            20_000_000,
            "Dispensasi kawin turun 20%",
            "",
        ),
        (
            "Penguatan layanan PUSPAGA",
            "Keluarga mendapat konseling pengasuhan",
            "Orang tua",
            8,
            "Sepanjang 2027",
            "Kantor DP3AKB",
            "DP3AKB",
            "Himpsi Banten",
            "APBD",
            25_000_000,
            "200 keluarga terlayani",
            "",
        ),
    ],
    "III": [
        (
            "Kelas ibu hamil dan PMBA di posyandu",
            "Menurunkan stunting",
            "Ibu hamil dan ibu baduta",
            14,
            "Januari–Desember 2027",
            "Posyandu se-Kota Serang",
            "Dinas Kesehatan",
            "PKK, Puskesmas",
            "DAK",
            40_000_000,
            "Prevalensi stunting turun 3 poin",
            "",
        ),
        (
            "Penegakan kawasan tanpa rokok di sekitar sekolah",
            "Anak terlindungi dari asap dan iklan rokok",
            "Warung dan sekolah",
            17,
            "Mei 2027",
            "Radius 100 m dari sekolah",
            "Satuan Polisi Pamong Praja",
            "Dinas Kesehatan, Disdikbud",
            "APBD",
            10_000_000,
            "Tidak ada iklan rokok di sekitar sekolah",
            "",
        ),
    ],
    "IV": [
        (
            "Pendampingan sekolah menuju Sekolah Ramah Anak",
            "Menambah jumlah SRA",
            "Kepala sekolah dan guru",
            19,
            "Agustus–Oktober 2027",
            "20 sekolah",
            "Dinas Pendidikan dan Kebudayaan",
            "DP3AKB, Fasilitator SRA",
            "APBD",
            30_000_000,
            "20 sekolah mendeklarasikan SRA",
            "",
        ),
        (
            "Ruang kreativitas anak di taman kota",
            "Anak punya tempat bermain dan berkarya",
            "Anak dan remaja",
            20,
            "Juni 2027",
            "Alun-alun Kota Serang",
            "Dinas Kepemudaan, Olahraga dan Pariwisata",
            "Komunitas seni",
            "CSR",
            18_000_000,
            "Kegiatan rutin tiap bulan",
            "Usulan Forum Anak",
        ),
    ],
    "V": [
        (
            "Penguatan layanan pengaduan kekerasan terhadap anak",
            "Kasus ditangani cepat",
            "Anak korban kekerasan",
            21,
            "Sepanjang 2027",
            "UPTD PPA",
            "UPTD Perlindungan Perempuan dan Anak",
            "Unit PPA Polresta, RSUD",
            "APBD",
            35_000_000,
            "Semua aduan ditangani < 24 jam",
            "",
        ),
        (
            "Pelatihan konselor sebaya tentang perundungan",
            "Pencegahan perundungan di sekolah",
            "Siswa SMP",
            23,
            "September 2027",
            "SMP se-Kota Serang",
            "DP3AKB",
            "Disdikbud",
            "APBD",
            12_500_000,
            "60 konselor sebaya terlatih",
            "",
        ),
    ],
}
NOTES = {
    "I": (
        "Masih ada anak tanpa akta kelahiran di wilayah pinggiran; Forum Anak baru ada di tingkat kota.",
        "Peserta sepakat layanan jemput bola dan sosialisasi lewat posyandu paling efektif.",
        "Disdukcapil memimpin; DP3AKB mendampingi pembentukan Forum Anak kelurahan.",
    ),
}
FIELDS = tuple(name for name in RTL_FIELDS if name != "position")


def seed_group_work(event: Event) -> str | None:
    """Facilitator accounts and RTL rows for the demo's cluster groups. Returns the facilitators'
    new password when the accounts were made now (None when they existed)."""
    groups = {
        g.cluster: g for g in db.session.execute(select(Group).where(Group.event_id == event.id)).scalars()
    }
    password = None
    for code, group in groups.items():
        if code not in RTL:
            continue
        email = FACILITATOR_EMAIL.format(code=code.lower())
        user = auth_services.get_user_by_email(email)
        if user is None:
            password = password or generate_password()
            attendee = (
                db.session.execute(
                    select(Attendee).where(
                        Attendee.event_id == event.id,
                        Attendee.role == Role.FASILITATOR.value,
                        Attendee.position == f"Fasilitator Klaster {code}",
                    )
                )
                .scalars()
                .first()
            )
            name = attendee.full_name if attendee is not None else f"Fasilitator Klaster {code}"
            user = auth_services.create_user(email, name, password)
        if event_services.role_in(event, user) is None:
            event_services.add_member(event, user, "facilitator")
        if not any(link.user_id == user.id for link in group.facilitator_links):
            services.assign_facilitator(group, user)
        if group.is_locked:
            continue  # adopted in the plenary (demo/documents.py): its rows are final
        for index, values in enumerate(RTL[code], start=1):
            client_id = str(uuid.uuid5(_NAMESPACE, f"{event.slug}:{code}:{index}"))
            services.create_row(group, client_id, {**dict(zip(FIELDS, values)), "position": index}, user)
        if code in NOTES and services.notes_of(group) is None:
            services.save_notes(group, 0, dict(zip(("issues", "summary", "agreements"), NOTES[code])), user)
    db.session.flush()
    return password


def set_facilitator_password(event: Event, password: str) -> None:
    for code in RTL:
        user = auth_services.get_user_by_email(FACILITATOR_EMAIL.format(code=code.lower()))
        if user is not None:
            auth_services.set_password(user, password)
