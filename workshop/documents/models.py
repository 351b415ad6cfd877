from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workshop.core.columns import EventRow, EventSettings
from workshop.core.db import Base, utcnow


class ActivityReport(EventSettings, Base):
    """The texts of the laporan kegiatan (activity report) that only the organiser can write;
    the rest of the report (agenda, attendance, RTL) comes from the event's data."""

    __tablename__ = "activity_reports"
    __personal_data__ = ()
    __audit__ = True

    background: Mapped[str] = mapped_column(Text, default="")  # latar belakang
    legal_basis: Mapped[str] = mapped_column(Text, default="")  # dasar hukum
    objectives: Mapped[str] = mapped_column(Text, default="")  # maksud dan tujuan
    targets: Mapped[str] = mapped_column(Text, default="", server_default="")  # sasaran
    funding: Mapped[str] = mapped_column(Text, default="", server_default="")  # pembiayaan / sumber dana
    closing_notes: Mapped[str] = mapped_column(Text, default="")  # kesimpulan (BAB IV)
    suggestions: Mapped[str] = mapped_column(Text, default="", server_default="")  # saran (BAB IV)


class ReportPhoto(EventRow, Base):
    """A photo of the activity for the report, re-encoded and stored in the storage folder."""

    __tablename__ = "report_photos"
    __personal_data__ = ("path", "caption")  # photos of people at the event
    __audit__ = True

    path: Mapped[str] = mapped_column(String(200))  # inside the storage folder
    caption: Mapped[str] = mapped_column(String(300), default="")
    width: Mapped[int]
    height: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DocumentSettings(EventSettings, Base):
    """How the event's documents are headed and countersigned: the letterhead (kop: a logo and up
    to four centred lines above a rule) and the optional "Mengetahui" signatory of the daftar
    hadir (for example the PPTK). One row per event, created when the organiser first saves."""

    __tablename__ = "document_settings"
    __personal_data__ = ("witness_nip",)  # the daftar hadir's "Mengetahui" signatory's NIP
    __audit__ = True

    logo: Mapped[str | None] = mapped_column(String(64))  # stored name in letterheads/ (a PNG)
    kop_line1: Mapped[str] = mapped_column(String(200), default="")  # PEMERINTAH KOTA SERANG
    kop_line2: Mapped[str] = mapped_column(String(200), default="")  # BADAN PERENCANAAN ...
    kop_line3: Mapped[str] = mapped_column(String(200), default="")  # address, phone
    kop_line4: Mapped[str] = mapped_column(String(200), default="")  # e-mail, website
    witness_position: Mapped[str] = mapped_column(String(200), default="")  # "Mengetahui," jabatan
    witness_name: Mapped[str] = mapped_column(String(200), default="")
    witness_rank: Mapped[str] = mapped_column(String(100), default="")  # pangkat/golongan
    witness_nip: Mapped[str] = mapped_column(String(18), default="")
