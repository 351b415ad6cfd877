"""Discussion groups of an event (one per child-rights cluster in a KLA Bintek): who is in which
group, its facilitators, the discussion notes and the RTL rows, with every change kept."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.auth.models import User
from workshop.core.columns import EventRow, Versioned
from workshop.core.db import Base, utcnow


class OutputStatus(str, enum.Enum):
    DRAFT = "draft"  # the facilitators are working on it
    SUBMITTED = "submitted"  # a facilitator handed it in for review
    RETURNED = "returned"  # the organiser sent it back with a comment
    LOCKED = "locked"  # final: read-only (the API answers 423)


OUTPUT_STATUSES = tuple(s.value for s in OutputStatus)


class Group(EventRow, Base):
    """A discussion group of one event, e.g. "Klaster I – Hak Sipil dan Kebebasan"."""

    __tablename__ = "groups"
    __personal_data__ = ("chair_name",)  # the group chair who signs the lembar pengesahan
    __audit__ = True

    name: Mapped[str] = mapped_column(String(200))
    # The child-rights cluster it works on: "I".."V" (reference/clusters.csv) or "kelembagaan".
    cluster: Mapped[str | None] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Review of the group's output (notes and RTL).
    output_status: Mapped[str] = mapped_column(
        String(16), default=OutputStatus.DRAFT.value, server_default=OutputStatus.DRAFT.value
    )
    review_comment: Mapped[str] = mapped_column(Text, default="", server_default="")
    submitted_at: Mapped[datetime | None]
    reviewed_at: Mapped[datetime | None]
    # Adoption (penetapan) of the RTL in the plenary, see groups/adoption.py: from then on the
    # documents carry no "Draf" and add a lembar pengesahan signed by the facilitator and the chair.
    adopted_at: Mapped[datetime | None]
    adopted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    chair_name: Mapped[str] = mapped_column(String(200), default="", server_default="")  # ketua kelompok

    facilitator_links: Mapped[list[GroupFacilitator]] = relationship(
        back_populates="group",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        UniqueConstraint("event_id", "name", name="uq_groups_event_name"),
        CheckConstraint(
            "output_status IN ('draft', 'submitted', 'returned', 'locked')", name="output_status_known"
        ),
    )

    @property
    def is_locked(self) -> bool:
        return self.output_status == OutputStatus.LOCKED.value

    @property
    def is_adopted(self) -> bool:
        return self.adopted_at is not None

    @property
    def facilitators(self) -> list[User]:
        return sorted((link.user for link in self.facilitator_links), key=lambda u: u.name)

    def __repr__(self) -> str:
        return f"<Group {self.name}>"


class GroupFacilitator(EventRow, Base):
    """An account (a facilitator member of the event's team) assigned to a group."""

    __tablename__ = "group_facilitators"
    __personal_data__ = ()
    __audit__ = True

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    group: Mapped[Group] = relationship(back_populates="facilitator_links")
    user: Mapped[User] = relationship()

    __table_args__ = (UniqueConstraint("group_id", "user_id", name="uq_group_facilitators_group_user"),)


class GroupNotes(EventRow, Versioned, Base):
    """The discussion notes of one group: issues found, summary, agreements. ``version`` rises
    with every saved change (optimistic concurrency, see services)."""

    __tablename__ = "group_notes"
    __personal_data__ = ()
    __audit__ = True

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), unique=True)
    issues: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    agreements: Mapped[str] = mapped_column(Text, default="")


class RtlRow(EventRow, Versioned, Base):
    """One planned follow-up action of a group's Rencana Tindak Lanjut (DESIGN.md §3)."""

    __tablename__ = "rtl_rows"
    __personal_data__ = ()
    __audit__ = True

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    # Chosen by the browser that created the row: the same create sent twice makes one row.
    client_id: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(default=0)
    activity: Mapped[str] = mapped_column(Text, default="")  # kegiatan
    objective: Mapped[str] = mapped_column(Text, default="")  # tujuan
    target: Mapped[str] = mapped_column(Text, default="")  # sasaran
    kla_indicator: Mapped[int | None]  # 1..24
    timeline: Mapped[str] = mapped_column(Text, default="")  # waktu pelaksanaan
    location: Mapped[str] = mapped_column(Text, default="")  # lokasi
    responsible: Mapped[str] = mapped_column(Text, default="")  # penanggung jawab
    partners: Mapped[str] = mapped_column(Text, default="")  # mitra
    funding_source: Mapped[str] = mapped_column(String(16), default="")  # sumber dana
    budget: Mapped[int | None] = mapped_column(BigInteger)  # anggaran, whole rupiah
    success_indicator: Mapped[str] = mapped_column(Text, default="")  # indikator keberhasilan
    notes: Mapped[str] = mapped_column(Text, default="")  # keterangan
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Deleted rows are kept (hidden) so their history stays and a late repeat of their create
    # does not bring them back.
    deleted_at: Mapped[datetime | None]

    __table_args__ = (
        UniqueConstraint("group_id", "client_id", name="uq_rtl_rows_group_client_id"),
        CheckConstraint(
            "kla_indicator IS NULL OR (kla_indicator BETWEEN 1 AND 24)", name="kla_indicator_range"
        ),
        CheckConstraint("budget IS NULL OR budget >= 0", name="budget_positive"),
    )


class GroupRevision(EventRow, Base):
    """One change to a group's notes or RTL: who, when, which field, before and after."""

    __tablename__ = "group_revisions"
    __personal_data__ = ()

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))  # rtl or notes
    row_id: Mapped[int | None]  # the RTL row (kept after the row is deleted)
    action: Mapped[str] = mapped_column(String(8))  # create, update, delete
    field: Mapped[str | None] = mapped_column(String(32))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int]  # the row's (or notes') version after the change
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User | None] = relationship()

    __table_args__ = (
        Index("ix_group_revisions_group_kind_row", "group_id", "kind", "row_id", "version"),
        CheckConstraint("kind IN ('rtl', 'notes')", name="kind_known"),
    )
