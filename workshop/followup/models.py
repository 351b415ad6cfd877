"""The follow-up of an event's adopted RTL: checkpoints, the agencies responsible for the rows
(each with its link), which agency answers for which row, and each row's report per checkpoint
with its history and evidence files."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.core.columns import EventRow, Versioned
from workshop.core.db import Base, utcnow


class Status(str, enum.Enum):
    NOT_STARTED = "not_started"  # belum dimulai
    IN_PROGRESS = "in_progress"  # berjalan
    DONE = "done"  # selesai
    CANCELLED = "cancelled"  # dibatalkan (with a reason)


STATUSES = tuple(s.value for s in Status)


class FollowupCheckpoint(EventRow, Base):
    """A date by which the agencies report (by default 3 and 6 months after the event)."""

    __tablename__ = "followup_checkpoints"
    __personal_data__ = ()
    __audit__ = True

    due_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FollowupAgency(EventRow, Base):
    """An agency (OPD) responsible for adopted RTL rows of the event, and its reporting link. The
    link's token is kept only as a hash; a new link replaces the old one."""

    __tablename__ = "followup_agencies"
    __personal_data__ = ()
    __audit__ = True
    __audit_secret__ = ("token_hash",)

    key: Mapped[str] = mapped_column(String(200))  # folded canonical name
    name: Mapped[str] = mapped_column(String(200))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id", ondelete="SET NULL"))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    link_created_at: Mapped[datetime | None]
    link_expires_at: Mapped[datetime | None]
    link_revoked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("event_id", "key", name="uq_followup_agencies_event_key"),)

    def link_is_open(self, now: datetime) -> bool:
        return (
            self.token_hash is not None
            and self.link_revoked_at is None
            and self.link_expires_at is not None
            and now < self.link_expires_at
        )


class FollowupRow(EventRow, Base):
    """An adopted RTL row followed up, and the agency that answers for it (matched from the
    row's free-text "penanggung jawab"; ``is_corrected`` when the organiser chose it)."""

    __tablename__ = "followup_rows"
    __personal_data__ = ()
    __audit__ = True

    rtl_row_id: Mapped[int] = mapped_column(ForeignKey("rtl_rows.id", ondelete="CASCADE"), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("followup_agencies.id", ondelete="CASCADE"), index=True)
    is_corrected: Mapped[bool] = mapped_column(default=False)

    agency: Mapped[FollowupAgency] = relationship()


class FollowupReport(EventRow, Versioned, Base):
    """What an agency reported about one row at one checkpoint. ``version`` rises with every
    saved change (optimistic concurrency, see services.save_report)."""

    __tablename__ = "followup_reports"
    # The focal person who reported: their name and phone number.
    __personal_data__ = ("reporter_name", "reporter_phone")
    __audit__ = True

    checkpoint_id: Mapped[int] = mapped_column(
        ForeignKey("followup_checkpoints.id", ondelete="CASCADE"), index=True
    )
    row_id: Mapped[int] = mapped_column(ForeignKey("followup_rows.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=Status.NOT_STARTED.value)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    realisation_pct: Mapped[int | None]
    budget_realised: Mapped[int | None] = mapped_column(BigInteger)  # whole rupiah
    note: Mapped[str] = mapped_column(Text, default="")
    reporter_name: Mapped[str] = mapped_column(String(200), default="")
    reporter_phone: Mapped[str] = mapped_column(String(20), default="")
    reported_at: Mapped[datetime | None]  # first saved by the agency

    row: Mapped[FollowupRow] = relationship()
    checkpoint: Mapped[FollowupCheckpoint] = relationship()

    __table_args__ = (
        UniqueConstraint("checkpoint_id", "row_id", name="uq_followup_reports_checkpoint_row"),
        CheckConstraint("status IN ('not_started', 'in_progress', 'done', 'cancelled')", name="status_known"),
        CheckConstraint(
            "realisation_pct IS NULL OR (realisation_pct BETWEEN 0 AND 100)", name="realisation_range"
        ),
        CheckConstraint("budget_realised IS NULL OR budget_realised >= 0", name="budget_positive"),
    )


class FollowupRevision(EventRow, Base):
    """One changed field of a report: before, after, the version it made and who said so."""

    __tablename__ = "followup_revisions"
    __personal_data__ = ("reporter_name",)

    report_id: Mapped[int] = mapped_column(ForeignKey("followup_reports.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int]
    reporter_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FollowupEvidence(EventRow, Base):
    """A photo or PDF an agency attached to a report (in the storage folder "followup")."""

    __tablename__ = "followup_evidence"
    # Photos of an activity show people; the file and its name go with the event's personal data.
    __personal_data__ = ("stored_name", "filename")
    __audit__ = True

    report_id: Mapped[int] = mapped_column(ForeignKey("followup_reports.id", ondelete="CASCADE"), index=True)
    stored_name: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(200))
    file_type: Mapped[str] = mapped_column(String(8))  # pdf, jpg, png
    size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
