from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workshop.core.columns import EventRow
from workshop.core.db import Base, utcnow


class DataErasure(EventRow, Base):
    """Personal data erased: of a whole event after its retention period (attendee_id empty), or
    of one person at their request. What was erased is counted here, never what it said."""

    __tablename__ = "data_erasures"
    __personal_data__ = ()  # counts only, never what was erased

    attendee_id: Mapped[int | None] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # retention or request
    actor: Mapped[str] = mapped_column(String(255))
    done_at: Mapped[datetime] = mapped_column(default=utcnow)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (
        UniqueConstraint("event_id", "attendee_id", name="uq_data_erasures_event_attendee"),
        CheckConstraint("kind IN ('retention', 'request')", name="kind_known"),
    )
