from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.core.columns import EventRow
from workshop.core.db import Base, utcnow

if TYPE_CHECKING:  # the relationship is resolved by name: attendees does not import groups
    from workshop.groups.models import Group

# Stored as the cancel reason when a person asks for their data to be deleted (registration
# writes it, lifecycle carries the request out).
DELETION_REASON = "Permintaan penghapusan data oleh peserta"


class Role(str, enum.Enum):
    PESERTA = "peserta"  # participant
    NARASUMBER = "narasumber"  # speaker
    MODERATOR = "moderator"
    FASILITATOR = "fasilitator"  # discussion-group facilitator
    PANITIA = "panitia"  # committee


class Category(str, enum.Enum):
    PNS = "PNS"  # civil servant (has a NIP)
    PPPK = "PPPK"  # government contract employee (has a NI PPPK)
    NON_ASN = "non-ASN"
    FORUM_ANAK = "Forum Anak"  # children's forum: a child
    MEDIA = "media"
    DUNIA_USAHA = "dunia usaha"  # business
    LEMBAGA_MASYARAKAT = "lembaga masyarakat"  # community organisation


class AttendeeStatus(str, enum.Enum):
    REGISTERED = "registered"
    CANCELLED = "cancelled"
    REPLACED = "replaced"  # an agency sent someone else; the new person took the slot


class Source(str, enum.Enum):
    REGISTRATION = "registration"  # registered themself on the public page
    IMPORT = "import"
    MANUAL = "manual"  # added by an organiser
    WALK_IN = "walk-in"  # added at the door


class Institution(EventRow, Base):
    """One canonical institution of an event. What people type maps to it through its key and
    its aliases; organisers can merge two."""

    __tablename__ = "institutions"
    __personal_data__ = ()
    __audit__ = True

    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))  # folded canonical name
    cluster: Mapped[str | None] = mapped_column(String(16))  # suggested cluster from the reference
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    aliases: Mapped[list[InstitutionAlias]] = relationship(
        back_populates="institution", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (UniqueConstraint("event_id", "key", name="uq_institutions_event_key"),)


class InstitutionAlias(Base):
    """A folded spelling that maps to an institution (kept when two institutions are merged)."""

    __tablename__ = "institution_aliases"
    __personal_data__ = ()

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200))

    institution: Mapped[Institution] = relationship(back_populates="aliases")

    __table_args__ = (UniqueConstraint("event_id", "key", name="uq_institution_aliases_event_key"),)


def public_name_for(full_name: str, category: str | None) -> str:
    """A child is shown by initials only on public pages (``Attendee.public_name``; the check-in
    hot path reads the two columns without loading the person)."""
    if category != Category.FORUM_ANAK.value:
        return full_name
    return (
        ".".join(part[0].upper() for part in full_name.replace(",", " ").split() if part[0].isalpha()) + "."
    )


class Attendee(EventRow, Base):
    """A person at an event, with a role. The ticket code is the person's key to their ticket."""

    __tablename__ = "attendees"
    __audit__ = True
    __audit_secret__ = ("ticket_code",)
    __audit_ignore__ = ("updated_at", "consent_text")
    # Kept after an erasure, for the anonymous counts: role, status, source, gender, category,
    # the canonical institution, dates. The name is cut to what a certificate shows after retention.
    __personal_data__ = (
        "full_name",
        "ticket_code",
        "nip",
        "golongan",
        "position",
        "institution_text",
        "work_unit",
        "phone",
        "email",
        "bio",
        "photo_path",
        "consent_text",
        "guardian_name",
        "cancel_reason",
    )

    reg_number: Mapped[int]  # short registration number, sequential per event
    ticket_code: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16), default=Role.PESERTA.value)
    status: Mapped[str] = mapped_column(String(16), default=AttendeeStatus.REGISTERED.value)
    source: Mapped[str] = mapped_column(String(16), default=Source.MANUAL.value)

    full_name: Mapped[str] = mapped_column(String(200))  # with gelar, as written
    gender: Mapped[str] = mapped_column(String(1))  # L or P
    category: Mapped[str] = mapped_column(String(32))
    nip: Mapped[str | None] = mapped_column(String(18))  # NIP (PNS) or NI PPPK (PPPK), digits only
    golongan: Mapped[str | None] = mapped_column(String(8))
    position: Mapped[str] = mapped_column(String(300), default="")  # jabatan
    institution_text: Mapped[str] = mapped_column(String(200), default="")  # as typed
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL"), index=True
    )
    work_unit: Mapped[str] = mapped_column(String(200), default="")  # unit kerja
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164
    email: Mapped[str | None] = mapped_column(String(254))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"), index=True)
    # Speakers and moderators: shown on the public agenda (phone and email never are).
    bio: Mapped[str] = mapped_column(Text, default="", server_default="")
    photo_path: Mapped[str | None] = mapped_column(String(200))  # inside the storage folder

    # UU 27/2022: consent is stored with the text that was shown, and when.
    consent_text: Mapped[str | None] = mapped_column(Text)
    consent_at: Mapped[datetime | None]
    guardian_name: Mapped[str | None] = mapped_column(String(200))  # for a child (Forum Anak)
    guardian_consent_at: Mapped[datetime | None]
    guardian_consent_method: Mapped[str | None] = mapped_column(String(16))  # online or paper

    # Indexed: deleting a person makes the database look for rows that replace them (SET NULL),
    # which without an index reads every attendee of the country (issue 17).
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendees.id", ondelete="SET NULL"), index=True
    )
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    institution: Mapped[Institution | None] = relationship()
    group: Mapped[Group | None] = relationship("Group")
    replaces: Mapped[Attendee | None] = relationship(remote_side="Attendee.id")

    __table_args__ = (
        UniqueConstraint("event_id", "reg_number", name="uq_attendees_event_reg_number"),
        UniqueConstraint("event_id", "nip", name="uq_attendees_event_nip"),
        Index("ix_attendees_event_phone", "event_id", "phone"),
        CheckConstraint("gender IN ('L', 'P')", name="gender_known"),
        CheckConstraint(
            "role IN ('peserta', 'narasumber', 'moderator', 'fasilitator', 'panitia')", name="role_known"
        ),
        CheckConstraint("status IN ('registered', 'cancelled', 'replaced')", name="status_known"),
    )

    @property
    def is_child(self) -> bool:
        return self.category == Category.FORUM_ANAK.value

    @property
    def is_active(self) -> bool:
        return self.status == AttendeeStatus.REGISTERED.value

    @property
    def reg_label(self) -> str:
        """The short registration number people read out: 007."""
        return f"{self.reg_number:03d}"

    @property
    def institution_name(self) -> str:
        return self.institution.name if self.institution else self.institution_text

    @property
    def public_name(self) -> str:
        """A child is shown by initials only on public pages."""
        return public_name_for(self.full_name, self.category)
