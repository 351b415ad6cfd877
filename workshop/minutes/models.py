from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.agenda.models import AgendaSession
from workshop.core.columns import EventRow, Versioned
from workshop.core.db import Base

FIELDS = ("summary", "discussion", "conclusions", "follow_up", "notulis_name")


class SessionMinutes(EventRow, Versioned, Base):
    """The notula of one session. ``version`` rises with every saved change; ``field_versions``
    says at which version each field last changed, so two people writing different fields merge
    and only the same field changed by both is a conflict (see services.save_minutes)."""

    __tablename__ = "session_minutes"
    __personal_data__ = ("notulis_name",)
    __audit__ = True
    __audit_ignore__ = ("updated_at", "version", "field_versions")

    session_id: Mapped[int] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"), unique=True)
    summary: Mapped[str] = mapped_column(Text, default="")  # ringkasan materi
    discussion: Mapped[str] = mapped_column(Text, default="")  # diskusi / tanya jawab
    conclusions: Mapped[str] = mapped_column(Text, default="")  # kesimpulan
    follow_up: Mapped[str] = mapped_column(Text, default="")  # tindak lanjut
    notulis_name: Mapped[str] = mapped_column(String(200), default="")
    field_versions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    agenda_session: Mapped[AgendaSession] = relationship()

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in FIELDS if name != "notulis_name")
