from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.attendees.models import Attendee, Institution
from workshop.auth.models import User
from workshop.core.columns import EventRow, EventSettings
from workshop.core.db import Base, utcnow


class LetterKind(str, enum.Enum):
    UNDANGAN = "undangan"  # to an invited institution's head
    NARASUMBER = "narasumber"  # request for an external speaker, to the speaker's institution head


class LetterSettings(EventSettings, Base):
    """How one event's letters are numbered, headed and signed. The number reads
    ``{classification}/{seq:03d}/{unit}/{year}`` (tata naskah dinas: kode klasifikasi / nomor urut /
    kode unit / tahun)."""

    __tablename__ = "letter_settings"
    __personal_data__ = ("signer_nip",)
    __audit__ = True

    classification_code: Mapped[str] = mapped_column(String(20), default="005")  # 005: undangan
    unit_code: Mapped[str] = mapped_column(String(40), default="")
    # Numbered with every event of the same organiser and unit code (the unit's agenda book),
    # else per event.
    shared_numbering: Mapped[bool] = mapped_column(default=False, server_default=false())
    place: Mapped[str] = mapped_column(String(100), default="")
    letter_date: Mapped[date | None]  # None: the day the letters are generated
    sifat: Mapped[str] = mapped_column(String(40), default="Biasa")
    hal_undangan: Mapped[str] = mapped_column(String(300), default="")
    hal_narasumber: Mapped[str] = mapped_column(String(300), default="")
    signer_position: Mapped[str] = mapped_column(String(200), default="")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    signer_rank: Mapped[str] = mapped_column(String(100), default="")
    signer_nip: Mapped[str] = mapped_column(String(18), default="")


class LetterAddressee(EventRow, Base):
    """Whom a letter goes to when the name of the institution does not say it well: the head's
    title ("Kepala Dinas Kesehatan Kota Serang", "Deputi Bidang Pemenuhan Hak Anak …") and, for an
    institution, how many people it is asked to send. One row per invited institution or per
    speaker (``attendee_id``)."""

    __tablename__ = "letter_addressees"
    __personal_data__ = ()
    __audit__ = True

    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id", ondelete="CASCADE"))
    attendee_id: Mapped[int | None] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"))
    head_title: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(200), default="")  # "di Serang", "di Jakarta"
    people_requested: Mapped[int | None]

    __table_args__ = (
        UniqueConstraint("event_id", "institution_id", name="uq_letter_addressees_institution"),
        UniqueConstraint("event_id", "attendee_id", name="uq_letter_addressees_attendee"),
    )


class LetterCounter(Base):
    """The last number handed out in one series: (scope, classification code, year). The scope is
    ``event:<id>`` or ``unit:<organiser>|<unit code>`` (folded). The row is locked
    (SELECT … FOR UPDATE; SQLite's write lock) while numbers are taken, so numbers are gap-free."""

    __tablename__ = "letter_counters"
    __personal_data__ = ()

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(300))
    classification_code: Mapped[str] = mapped_column(String(20))
    year: Mapped[int]
    last_seq: Mapped[int] = mapped_column(default=0)

    __table_args__ = (
        UniqueConstraint("scope", "classification_code", "year", name="uq_letter_counters_series"),
    )


class Letter(EventRow, Base):
    """One letter sent (the register, buku agenda surat keluar): its number and what it says as
    generated (``data``: the people it names, the sessions asked for), so it prints the same later."""

    __tablename__ = "letters"
    __personal_data__ = ("person_name", "data")
    __audit__ = True

    kind: Mapped[str] = mapped_column(String(16))
    scope: Mapped[str] = mapped_column(String(300))
    classification_code: Mapped[str] = mapped_column(String(20))
    year: Mapped[int]
    seq: Mapped[int]
    number: Mapped[str] = mapped_column(String(120))
    letter_date: Mapped[date]
    addressee: Mapped[str] = mapped_column(String(300))  # the head's title
    address: Mapped[str] = mapped_column(String(200), default="")
    hal: Mapped[str] = mapped_column(String(300))
    sifat: Mapped[str] = mapped_column(String(40))
    lampiran: Mapped[str] = mapped_column(String(100))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id", ondelete="SET NULL"))
    institution_name: Mapped[str] = mapped_column(String(200), default="")
    attendee_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendees.id", ondelete="SET NULL"), index=True
    )
    person_name: Mapped[str] = mapped_column(String(200), default="")  # the speaker asked for
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    generated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    institution: Mapped[Institution | None] = relationship()
    attendee: Mapped[Attendee | None] = relationship()
    generated_by: Mapped[User | None] = relationship()

    __table_args__ = (
        UniqueConstraint("scope", "classification_code", "year", "seq", name="uq_letters_series_seq"),
    )
