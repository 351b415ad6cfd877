from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.attendees.models import Attendee
from workshop.core.columns import EventRow
from workshop.core.db import Base, utcnow

DEFAULT_NUMBER_FORMAT = "{seq:03d}/{code}/{unit}/{roman_month}/{year}"
# Which roles receive a certificate, and the share of their sessions (in %) each must attend.
DEFAULT_ROLE_SHARES = {"peserta": 80, "narasumber": 0, "moderator": 0, "fasilitator": 0, "panitia": 0}


class CertificateStatus(str, enum.Enum):
    VALID = "valid"
    REVOKED = "revoked"


class Decision(str, enum.Enum):
    GRANT = "grant"
    DENY = "deny"


class CertificateSettings(Base):
    """How one event's certificates look and who gets them. ``seq`` is the last number handed
    out, raised with an atomic UPDATE so two organisers issuing at once never share a number."""

    __tablename__ = "certificate_settings"
    __personal_data__ = ("signatory1_nip", "signatory1_image", "signatory2_nip", "signatory2_image")
    __audit__ = True
    __audit_ignore__ = ("updated_at", "seq")

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    number_format: Mapped[str] = mapped_column(String(120), default=DEFAULT_NUMBER_FORMAT)
    issue_place: Mapped[str] = mapped_column(String(100), default="")
    issue_date: Mapped[date | None]  # None: the last day of the event
    role_shares: Mapped[dict[str, Any]] = mapped_column(JSON, default=lambda: dict(DEFAULT_ROLE_SHARES))
    signatory1_title: Mapped[str] = mapped_column(String(200), default="")  # jabatan
    signatory1_name: Mapped[str] = mapped_column(String(200), default="")
    signatory1_nip: Mapped[str] = mapped_column(String(18), default="")
    signatory1_image: Mapped[str | None] = mapped_column(String(64))  # stored name in certificates/
    signatory1_rank: Mapped[str] = mapped_column(String(100), default="", server_default="")
    signatory2_title: Mapped[str] = mapped_column(String(200), default="")
    signatory2_name: Mapped[str] = mapped_column(String(200), default="")
    signatory2_nip: Mapped[str] = mapped_column(String(18), default="")
    signatory2_image: Mapped[str | None] = mapped_column(String(64))
    signatory2_rank: Mapped[str] = mapped_column(String(100), default="", server_default="")
    # Each role numbered in its own series ({seq} counts per role, {role} is its short code).
    number_per_role: Mapped[bool] = mapped_column(default=False, server_default=false())
    logo_left: Mapped[str | None] = mapped_column(String(64))
    logo_right: Mapped[str | None] = mapped_column(String(64))
    background: Mapped[str | None] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(default=0, server_default="0")
    # Someone registered after sessions had started: those sessions count for them only when
    # they attended them, unless the organiser chooses to count every session (audited).
    late_count_all: Mapped[bool] = mapped_column(default=False, server_default=false())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def audit_event_id(self) -> int:
        return self.event_id


class CertificateDecision(EventRow, Base):
    """An organiser's hand-made decision for one person, with the reason that is kept."""

    __tablename__ = "certificate_decisions"
    __personal_data__ = ("reason",)  # may say why someone was absent
    __audit__ = True

    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), unique=True)
    decision: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(String(300))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint("decision IN ('grant', 'deny')", name="decision_known"),)


class Certificate(EventRow, Base):
    """One issued certificate. What it says is kept in ``data`` when it is issued (and again when
    it is re-issued after a correction), so the PDF and the verification page stay what was
    issued; the number and the verification code never change."""

    __tablename__ = "certificates"
    __personal_data__ = ("data",)  # the snapshot of the person printed on it
    __audit__ = True
    __audit_secret__ = ("code",)

    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), unique=True)
    seq: Mapped[int]
    series_seq: Mapped[int | None]  # the number within the role's series, when numbered per role
    number: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(32), unique=True)  # random; printed under the QR
    status: Mapped[str] = mapped_column(String(8), default=CertificateStatus.VALID.value)
    # name, nip, golongan, position, institution, role, jp, is_child, public_name
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reissued_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoke_reason: Mapped[str | None] = mapped_column(String(300))

    attendee: Mapped[Attendee] = relationship()

    __table_args__ = (
        UniqueConstraint("event_id", "seq", name="uq_certificates_event_seq"),
        CheckConstraint("status IN ('valid', 'revoked')", name="status_known"),
    )

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID.value
