from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.agenda.models import AgendaSession
from workshop.attendees.models import Attendee
from workshop.core.columns import EventRow
from workshop.core.db import Base, utcnow


class Method(str, enum.Enum):
    SCAN = "scan"  # a scanner phone or a staff member's phone read the QR code
    SELF = "self"  # the participant tapped "I am here" at /c/<session code>
    MANUAL = "manual"  # staff typed or picked the person
    PAPER = "paper"  # copied from a signed paper list


METHOD_VALUES = tuple(m.value for m in Method)


class DeviceToken(EventRow, Base):
    """A paired scanner phone. Only the hash of the token is stored."""

    __tablename__ = "device_tokens"
    __personal_data__ = ()
    __audit__ = True
    __audit_secret__ = ("token_hash",)
    __audit_ignore__ = ("last_used_at",)

    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    # A revoked token is renamed, so the name can be given to a new phone.
    __table_args__ = (UniqueConstraint("event_id", "name", name="uq_device_tokens_event_name"),)


class PairingCode(EventRow, Base):
    """A one-time code an organiser shows as a QR; the scanner phone that opens it first receives
    a device token. Only the hash is stored; it expires after a few minutes."""

    __tablename__ = "pairing_codes"
    __personal_data__ = ()
    __audit__ = True
    __audit_secret__ = ("code_hash",)

    name: Mapped[str] = mapped_column(String(120))  # the name the phone's token will get
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device_tokens.id", ondelete="SET NULL"))


class CheckIn(EventRow, Base):
    """One person present at one session. The unique constraint is the guarantee that concurrent
    scans make one row; a voided check-in is moved to ``CheckInVoid`` so the person can check in
    again."""

    __tablename__ = "check_ins"
    __personal_data__ = ("phone_key",)  # the hashed cookie of the phone of a self check-in
    __audit__ = True
    __audit_ignore__ = ("received_at",)
    # No index of event_id or attendee_id alone: uq_check_ins_event_scan_id and
    # uq_check_ins_attendee_session lead with them. With event_id's own index, PostgreSQL planned
    # the scan's "was this scan id seen" over a new (empty) table as a read of every check-in of
    # the event, and kept that plan as the table grew (issue 17); each is also one index less to
    # write per check-in.
    __event_id_index__ = False

    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"))
    agenda_session_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_sessions.id", ondelete="CASCADE"), index=True
    )
    scanned_at: Mapped[datetime]  # when it happened (corrected for the phone's clock), UTC
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    method: Mapped[str] = mapped_column(String(8), default=Method.SCAN.value)
    scan_id: Mapped[str] = mapped_column(String(64))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device_tokens.id", ondelete="SET NULL"))
    # Two phones scanned the person offline: the earliest scan wins, the others are counted here.
    conflict_count: Mapped[int] = mapped_column(default=0)
    conflict_note: Mapped[str | None] = mapped_column(String(300))
    # Self check-in: a hash of the phone's own random cookie, so organisers see one phone that
    # checked in several different tickets.
    phone_key: Mapped[str | None] = mapped_column(String(32))
    # A participant recorded at a breakout of another group: confirmed by staff at the door, or
    # sent by an offline phone that could not ask. Listed on the dashboard for review.
    wrong_group: Mapped[bool] = mapped_column(default=False, server_default=false())

    attendee: Mapped[Attendee] = relationship()
    agenda_session: Mapped[AgendaSession] = relationship()

    __table_args__ = (
        UniqueConstraint("attendee_id", "agenda_session_id", name="uq_check_ins_attendee_session"),
        UniqueConstraint("event_id", "scan_id", name="uq_check_ins_event_scan_id"),
        CheckConstraint("method IN ('scan', 'self', 'manual', 'paper')", name="method_known"),
        # The shared-phone query (dashboard, session page) reads one event's self check-ins: by
        # event first, only the rows that have a phone, and covering (no table read) (issue 17).
        Index(
            "ix_check_ins_event_phone",
            "event_id",
            "phone_key",
            "attendee_id",
            postgresql_where=text("phone_key IS NOT NULL"),
            sqlite_where=text("phone_key IS NOT NULL"),
        ),
        # A voided check-in's id is never given to a new one (SQLite would reuse it otherwise).
        {"sqlite_autoincrement": True},
    )


class CheckInVoid(EventRow, Base):
    """A check-in that was undone (a mistaken scan), kept as history with who undid it and why."""

    __tablename__ = "check_in_voids"
    __personal_data__ = ("phone_key",)
    __audit__ = True

    checkin_id: Mapped[int]  # the id the check-in had
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), index=True)
    agenda_session_id: Mapped[int] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"))
    scanned_at: Mapped[datetime]
    received_at: Mapped[datetime]
    method: Mapped[str] = mapped_column(String(8))
    scan_id: Mapped[str] = mapped_column(String(64), index=True)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device_tokens.id", ondelete="SET NULL"))
    phone_key: Mapped[str | None] = mapped_column(String(32))
    voided_at: Mapped[datetime] = mapped_column(default=utcnow)
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    void_reason: Mapped[str] = mapped_column(String(300))
