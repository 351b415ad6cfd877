from __future__ import annotations

import enum
from datetime import datetime, timedelta

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.attendees.models import Attendee
from workshop.core.columns import EventRow
from workshop.core.db import Base, utcnow
from workshop.events.models import Event
from workshop.groups.models import Group

JP_MINUTES = 45  # one jam pelajaran (DESIGN.md §3)
CHECKIN_OPENS_BEFORE = timedelta(minutes=30)


def checkin_window_for(starts_at, ends_at, opens_at=None, closes_at=None) -> tuple[datetime, datetime]:
    """A session's check-in window from its columns (the check-in hot path reads them without
    loading the session object)."""
    return opens_at or starts_at - CHECKIN_OPENS_BEFORE, closes_at or ends_at


class SessionKind(str, enum.Enum):
    REGISTRASI_ULANG = "registrasi_ulang"  # daily re-registration
    PEMBUKAAN = "pembukaan"  # opening
    MATERI = "materi"  # presentation
    DISKUSI_KELOMPOK = "diskusi_kelompok"  # group discussion
    PENYUSUNAN_RTL = "penyusunan_rtl"  # drafting the follow-up plan
    PLENO = "pleno"  # plenary
    PENUTUPAN = "penutupan"  # closing
    ISTIRAHAT = "istirahat"  # break


# Opening, closing, breaks and re-registration count 0 JP unless the organiser says otherwise.
ZERO_JP_KINDS = frozenset(
    {
        SessionKind.REGISTRASI_ULANG.value,
        SessionKind.PEMBUKAAN.value,
        SessionKind.PENUTUPAN.value,
        SessionKind.ISTIRAHAT.value,
    }
)
KIND_VALUES = tuple(kind.value for kind in SessionKind)


class AgendaSession(EventRow, Base):
    """One item of the programme (a *sesi*), for everyone or for some groups only."""

    __tablename__ = "agenda_sessions"
    __personal_data__ = ()
    __audit__ = True
    __audit_ignore__ = ("updated_at",)

    # Short random code for self check-in at /c/<code>; shown at the venue, never on public pages.
    code: Mapped[str] = mapped_column(String(16), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(32), default=SessionKind.MATERI.value)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    room: Mapped[str] = mapped_column(String(200), default="")
    moderator_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendees.id", ondelete="SET NULL"), index=True
    )
    jp_override: Mapped[int | None]
    requires_checkin: Mapped[bool] = mapped_column(default=True)
    # None: the default window, from 30 minutes before the start until the end.
    checkin_opens_at: Mapped[datetime | None]
    checkin_closes_at: Mapped[datetime | None]
    # False: only for the groups in ``audience``.
    is_for_everyone: Mapped[bool] = mapped_column(default=True)
    # Self check-in at /c/<code>: "poster" (a printed QR), "rotating" (a QR on a venue screen that
    # changes every 30 seconds, so a photo sent home does not work) or "off".
    self_checkin: Mapped[str] = mapped_column(String(8), default="poster", server_default="poster")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    moderator: Mapped[Attendee | None] = relationship()
    speaker_links: Mapped[list[SessionSpeaker]] = relationship(
        back_populates="agenda_session",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SessionSpeaker.position",
    )
    audience: Mapped[list[SessionGroup]] = relationship(
        back_populates="agenda_session",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    materials: Mapped[list[AgendaMaterial]] = relationship(
        back_populates="agenda_session",
        passive_deletes=True,
        order_by="AgendaMaterial.created_at",
    )

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("jp_override IS NULL OR jp_override >= 0", name="jp_override_positive"),
        CheckConstraint(
            "kind IN (" + ", ".join(f"'{k}'" for k in KIND_VALUES) + ")",
            name="kind_known",
        ),
        CheckConstraint("self_checkin IN ('poster', 'rotating', 'off')", name="self_checkin_known"),
    )

    @property
    def speakers(self) -> list[Attendee]:
        return [link.attendee for link in self.speaker_links]

    @property
    def groups(self) -> list[Group]:
        return sorted((link.group for link in self.audience), key=lambda g: (g.position, g.name))

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def computed_jp(self) -> int:
        if self.kind in ZERO_JP_KINDS:
            return 0
        return max(self.minutes, 0) // JP_MINUTES

    @property
    def jp(self) -> int:
        return self.jp_override if self.jp_override is not None else self.computed_jp

    @property
    def checkin_window(self) -> tuple[datetime, datetime]:
        """When self check-in is accepted (judged at the scan time, DESIGN.md §4)."""
        return checkin_window_for(self.starts_at, self.ends_at, self.checkin_opens_at, self.checkin_closes_at)

    def is_checkin_open(self, moment: datetime) -> bool:
        opens, closes = self.checkin_window
        return opens <= moment <= closes

    def applies_to(self, attendee: Attendee) -> bool:
        """Whether the session counts for this person (a breakout counts for its groups only)."""
        if self.is_for_everyone:
            return True
        return attendee.group_id is not None and any(
            link.group_id == attendee.group_id for link in self.audience
        )

    def __repr__(self) -> str:
        return f"<AgendaSession {self.id} {self.title!r}>"


class SessionLink:
    """A row that ties a speaker or a group to one session (audited); the session comes first in
    its primary key."""

    __audit__ = True

    session_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_sessions.id", ondelete="CASCADE"), primary_key=True, sort_order=-1
    )


class SessionSpeaker(SessionLink, Base):
    """A speaker (narasumber) of a session, in the order they are listed."""

    __tablename__ = "agenda_session_speakers"
    __personal_data__ = ()

    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(default=0)

    agenda_session: Mapped[AgendaSession] = relationship(back_populates="speaker_links")
    attendee: Mapped[Attendee] = relationship()

    def audit_event_id(self) -> int:
        return self.attendee.event_id


class SessionGroup(SessionLink, Base):
    """A group a session is held for, when it is not for everyone."""

    __tablename__ = "agenda_session_groups"
    __personal_data__ = ()

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    agenda_session: Mapped[AgendaSession] = relationship(back_populates="audience")
    group: Mapped[Group] = relationship()

    def audit_event_id(self) -> int:
        return self.group.event_id


class AgendaMaterial(EventRow, Base):
    """A file attached to a session. The file lives in the storage folder under a random name;
    people download it under its original (cleaned) name."""

    __tablename__ = "agenda_materials"
    __personal_data__ = ("filename", "stored_name")  # a speaker's own slides; deleted with the event
    __audit__ = True

    session_id: Mapped[int] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    filename: Mapped[str] = mapped_column(String(255))  # the download name
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)  # random, inside materials/
    file_type: Mapped[str] = mapped_column(String(8))  # pdf, pptx, docx, xlsx, jpg, png
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    is_hidden_until_start: Mapped[bool] = mapped_column(default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    agenda_session: Mapped[AgendaSession] = relationship(back_populates="materials")

    def is_available(self, moment: datetime) -> bool:
        """Whether attendees may download it at this moment (the team always may)."""
        return not self.is_hidden_until_start or moment >= self.agenda_session.starts_at
