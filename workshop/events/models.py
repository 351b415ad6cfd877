from __future__ import annotations

import enum
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.auth.models import User
from workshop.core.columns import EventRow
from workshop.core.db import Base, utcnow

# Indonesia's three zones, by the names people use.
TIMEZONES = {
    "Asia/Jakarta": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


class EventStatus(str, enum.Enum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class MemberRole(str, enum.Enum):
    ORGANISER = "organiser"
    STAFF = "staff"
    FACILITATOR = "facilitator"


class Event(Base):
    __tablename__ = "events"
    __personal_data__ = ()
    __audit__ = True
    __audit_ignore__ = ("updated_at", "attendee_seq")

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    code: Mapped[str] = mapped_column(String(32))  # short code used in certificate numbers
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    organiser: Mapped[str] = mapped_column(String(200))  # e.g. Pemerintah Kota Serang
    organising_unit: Mapped[str] = mapped_column(String(100))  # e.g. Bappeda
    venue: Mapped[str] = mapped_column(String(300), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    timezone: Mapped[str] = mapped_column(String(32), default="Asia/Jakarta")
    registration_opens_at: Mapped[datetime | None]
    registration_closes_at: Mapped[datetime | None]
    capacity: Mapped[int | None]
    retention_months: Mapped[int] = mapped_column(default=24)
    privacy_contact: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(16), default=EventStatus.DRAFT.value)
    # Last registration number handed out; raised with an atomic UPDATE so two registrations
    # at once never get the same number.
    attendee_seq: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        CheckConstraint("status IN ('draft', 'open', 'closed')", name="status_known"),
    )

    def audit_event_id(self) -> int:
        return self.id

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def tz_label(self) -> str:
        return TIMEZONES.get(self.timezone, self.timezone)

    @property
    def is_public(self) -> bool:
        return self.status != EventStatus.DRAFT.value

    @property
    def issuing_body(self) -> str:
        """Who issues the event's documents, with its region: "Bappeda Kota Serang" (the PDFs'
        author)."""
        unit = (self.organising_unit or "").strip()
        city = (self.city or "").strip()
        if unit and city and city.lower() not in unit.lower():
            return f"{unit} {city}"
        return unit or self.organiser

    @property
    def place_name(self) -> str:
        """The place a document is signed in: "Serang" for an event in "Kota Serang"."""
        words = (self.city or "").split()
        if len(words) > 1 and words[0].lower() in ("kota", "kabupaten", "kab.", "provinsi"):
            words = words[1:]
        return " ".join(words)

    def local(self, moment: datetime | None) -> datetime | None:
        """A stored UTC moment in the event's own time zone."""
        return moment.astimezone(self.tz) if moment else None

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class Membership(EventRow, Base):
    """An account's role in one event's team."""

    __tablename__ = "memberships"
    __personal_data__ = ()
    __audit__ = True

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()

    __table_args__ = (
        UniqueConstraint("event_id", "user_id", name="uq_memberships_event_user"),
        CheckConstraint("role IN ('organiser', 'staff', 'facilitator')", name="role_known"),
    )


class Invitation(EventRow, Base):
    """A link that lets one person join an event's team: limited in time, usable once.
    Only the hash of its token is stored."""

    __tablename__ = "invitations"
    __personal_data__ = ("label",)  # who it was for ("Bu Rina, Dinas Kesehatan")
    __audit__ = True
    __audit_secret__ = ("token_hash",)

    role: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(200), default="")  # whom it was meant for
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None]

    event: Mapped[Event] = relationship()
    used_by: Mapped[User | None] = relationship(foreign_keys=[used_by_id])

    __table_args__ = (CheckConstraint("role IN ('organiser', 'staff', 'facilitator')", name="role_known"),)

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at
