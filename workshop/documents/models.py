from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workshop.core.db import Base, utcnow


class ActivityReport(Base):
    """The texts of the laporan kegiatan (activity report) that only the organiser can write;
    the rest of the report (agenda, attendance, RTL) comes from the event's data."""

    __tablename__ = "activity_reports"
    __audit__ = True
    __audit_ignore__ = ("updated_at",)

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    background: Mapped[str] = mapped_column(Text, default="")  # latar belakang
    legal_basis: Mapped[str] = mapped_column(Text, default="")  # dasar hukum
    objectives: Mapped[str] = mapped_column(Text, default="")  # maksud dan tujuan
    targets: Mapped[str] = mapped_column(Text, default="", server_default="")  # sasaran
    funding: Mapped[str] = mapped_column(Text, default="", server_default="")  # pembiayaan / sumber dana
    closing_notes: Mapped[str] = mapped_column(Text, default="")  # kesimpulan (BAB IV)
    suggestions: Mapped[str] = mapped_column(Text, default="", server_default="")  # saran (BAB IV)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def audit_event_id(self) -> int:
        return self.event_id


class ReportPhoto(Base):
    """A photo of the activity for the report, re-encoded and stored in the storage folder."""

    __tablename__ = "report_photos"
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(200))  # inside the storage folder
    caption: Mapped[str] = mapped_column(String(300), default="")
    width: Mapped[int]
    height: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def audit_event_id(self) -> int:
        return self.event_id
