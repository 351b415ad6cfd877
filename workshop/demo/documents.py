"""The demo's documents (issue 14): the activity report's texts written as a Bappeda would write
them (BAB I, pembiayaan, BAB IV) and the RTL of three groups adopted in the plenary with their
chairs' names, so the report, the RTL with its lembar pengesahan and the KLA evidence PDFs show
what an organiser files. Idempotent: texts are written only when the report is empty, groups
adopted only when not adopted yet. Needs the groups' RTL rows (``seed_group_work``) first."""

from __future__ import annotations

from sqlalchemy import select

from workshop.documents import services as documents
from workshop.documents.models import ActivityReport
from workshop.events.models import Event
from workshop.extensions import db
from workshop.groups import adoption
from workshop.groups import services as group_services
from workshop.groups.models import Group

REPORT_TEXTS = {
    "background": (
        "Kota Layak Anak (KLA) adalah sistem pembangunan kabupaten/kota yang menjamin pemenuhan hak "
        "anak dan perlindungan khusus anak yang dilakukan secara terencana, menyeluruh, dan "
        "berkelanjutan. Kota Serang terus berupaya meningkatkan peringkat KLA, dan evaluasi KLA "
        "menilai antara lain apakah Gugus Tugas KLA dan SDM penyelenggara layanan anak telah "
        "terlatih Konvensi Hak Anak (KHA).\n\n"
        "Hasil evaluasi KLA tahun sebelumnya menunjukkan bahwa sebagian besar anggota Gugus Tugas "
        "KLA Kota Serang belum pernah mengikuti pelatihan KHA. Oleh karena itu Bappeda Kota Serang "
        "bersama Dinas Pemberdayaan Perempuan dan Perlindungan Anak menyelenggarakan Bimbingan "
        "Teknis Peningkatan Kapasitas Gugus Tugas KLA tentang Konvensi Hak Anak."
    ),
    "legal_basis": (
        "Undang-Undang Nomor 35 Tahun 2014 tentang Perubahan atas Undang-Undang Nomor 23 Tahun 2002 "
        "tentang Perlindungan Anak\n"
        "Keputusan Presiden Nomor 36 Tahun 1990 tentang Pengesahan Convention on the Rights of the Child\n"
        "Peraturan Presiden Nomor 25 Tahun 2021 tentang Kebijakan Kabupaten/Kota Layak Anak\n"
        "Peraturan Menteri PPPA Nomor 12 Tahun 2022 tentang Penyelenggaraan Kabupaten/Kota Layak Anak\n"
        "Peraturan Daerah Kota Serang tentang Anggaran Pendapatan dan Belanja Daerah Tahun Anggaran 2026"
    ),
    "objectives": (
        "Maksud kegiatan ini adalah meningkatkan pemahaman anggota Gugus Tugas KLA Kota Serang "
        "tentang Konvensi Hak Anak dan kebijakan Kota Layak Anak.\n\n"
        "Tujuannya: (1) anggota Gugus Tugas memahami prinsip dan klaster hak anak; (2) setiap "
        "perangkat daerah mampu mengintegrasikan hak anak dalam program dan kegiatannya; (3) "
        "tersusunnya Rencana Tindak Lanjut (RTL) per klaster hak anak sebagai bahan evaluasi KLA."
    ),
    "targets": (
        "Sasaran kegiatan adalah anggota Gugus Tugas KLA Kota Serang dari perangkat daerah, "
        "instansi vertikal, lembaga masyarakat, dunia usaha, media, dan Forum Anak Kota Serang."
    ),
    "funding": (
        "Kegiatan ini dibiayai dari APBD Kota Serang Tahun Anggaran 2026 pada DPA Bappeda Kota Serang, "
        "Program Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah, Sub Kegiatan Koordinasi "
        "Pelaksanaan Kebijakan Kota Layak Anak, sebesar Rp 48.750.000 (empat puluh delapan juta tujuh "
        "ratus lima puluh ribu rupiah) untuk konsumsi, honorarium narasumber, penggandaan materi, dan "
        "sertifikat."
    ),
    "closing_notes": (
        "Bimbingan teknis berjalan lancar dan diikuti dengan antusias oleh anggota Gugus Tugas KLA. "
        "Peserta memahami prinsip-prinsip Konvensi Hak Anak dan keterkaitannya dengan tugas perangkat "
        "daerah masing-masing.\n\n"
        "Setiap kelompok klaster telah menyusun Rencana Tindak Lanjut yang dibahas dan ditetapkan "
        "dalam sidang pleno, sebagai komitmen perangkat daerah untuk tahun anggaran berikutnya."
    ),
    "suggestions": (
        "Rencana Tindak Lanjut agar dimasukkan dalam Renja perangkat daerah tahun 2027 dan dipantau "
        "pelaksanaannya oleh Sekretariat Gugus Tugas KLA setiap triwulan.\n\n"
        "Pelatihan KHA perlu dilanjutkan bagi SDM penyelenggara layanan di tingkat kecamatan dan "
        "kelurahan, Puskesmas, dan satuan pendidikan."
    ),
}

# The three groups the demo's plenary has adopted; each chose one of its members as chair.
ADOPTED = ("I", "II", "III")


def chair_of(group: Group) -> str:
    """The member the demo's group chose as chair: the first head of a unit (Kepala …), else the
    first member."""
    members = group_services.members_of(group)
    heads = [m for m in members if m.position.lower().startswith("kepala")]
    chosen = (heads or members or [None])[0]
    return chosen.full_name if chosen is not None else ""


def seed_documents(event: Event) -> None:
    report = db.session.get(ActivityReport, event.id)
    if report is None or not any(getattr(report, name) for name in documents.REPORT_FIELDS):
        documents.save_report(event, REPORT_TEXTS)
    groups = db.session.execute(select(Group).where(Group.event_id == event.id)).scalars()
    for group in groups:
        if (
            group.cluster in ADOPTED
            and not group.is_adopted
            and adoption.row_count(group)
            and chair_of(group)
        ):
            adoption.adopt(group, chair_of(group))
    db.session.flush()
