from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workshop.core.db import Base, utcnow


class Group(Base):
    """A discussion group of one event, e.g. "Klaster I – Hak Sipil dan Kebebasan"."""

    __tablename__ = "groups"
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # The child-rights cluster it works on: "I".."V" (reference/clusters.csv) or "kelembagaan".
    cluster: Mapped[str | None] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("event_id", "name", name="uq_groups_event_name"),)

    def audit_event_id(self) -> int:
        return self.event_id

    def __repr__(self) -> str:
        return f"<Group {self.name}>"
