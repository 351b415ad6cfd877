from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.attendees.models import Attendee
from workshop.core.columns import EventRow, EventSettings
from workshop.core.db import Base, utcnow

# Rate categories of the regional standard cost list (SBM/SHSR), in the order they are listed.
# "moderator": the moderator's own rate, for someone who mostly moderates (ASN or not by golongan).
CATEGORIES = ("menteri", "eselon-1", "eselon-2", "asn", "non-asn", "moderator")
# Golongan as the tax rules know them (PNS I/a-IV/e by their roman part).
GOLONGAN = ("I", "II", "III", "IV")


class HonorariumSettings(EventSettings, Base):
    """Who signs the SPJ of an event (the PPK and the bendahara pengeluaran), what the payment is
    for, and whether the bendahara has confirmed the tax rules."""

    __tablename__ = "honorarium_settings"
    __personal_data__ = ()  # officials in their office, printed on the signed documents
    __audit__ = True

    ppk_position: Mapped[str] = mapped_column(String(300), default="")
    ppk_name: Mapped[str] = mapped_column(String(200), default="")
    ppk_nip: Mapped[str] = mapped_column(String(18), default="")
    treasurer_position: Mapped[str] = mapped_column(String(300), default="")
    treasurer_name: Mapped[str] = mapped_column(String(200), default="")
    treasurer_nip: Mapped[str] = mapped_column(String(18), default="")
    budget_line: Mapped[str] = mapped_column(String(300), default="")  # kode rekening / DPA
    tax_confirmed_by: Mapped[str] = mapped_column(String(200), default="")  # the bendahara, by name


class HonorariumRate(EventRow, Base):
    """The fee per JP of one category at this event, in rupiah (from the SBM/SHSR)."""

    __tablename__ = "honorarium_rates"
    __personal_data__ = ()
    __audit__ = True

    category: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int]  # rupiah per JP

    __table_args__ = (
        UniqueConstraint("event_id", "category", name="uq_honorarium_rates_event_category"),
        CheckConstraint("amount >= 0", name="amount_positive"),
    )


class HonorariumRecipient(EventRow, Base):
    """What the SPJ needs of one speaker or moderator beyond their attendee record. NPWP and the
    bank account are personal data shown to organisers only, never written into the audit log's
    values, and purged with the event."""

    __tablename__ = "honorarium_recipients"
    __personal_data__ = ("npwp", "bank_name", "account_number", "account_holder")
    __audit__ = True
    __audit_secret__ = ("npwp", "account_number", "account_holder")
    __audit_ignore__ = ("updated_at",)

    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), unique=True)
    category: Mapped[str] = mapped_column(String(16))
    golongan: Mapped[str | None] = mapped_column(String(4))  # I-IV for ASN, else None
    npwp: Mapped[str | None] = mapped_column(String(20))  # 15 or 16 digits
    bank_name: Mapped[str | None] = mapped_column(String(100))
    account_number: Mapped[str | None] = mapped_column(String(30))
    account_holder: Mapped[str | None] = mapped_column(String(200))
    jp_override: Mapped[int | None]  # None: the JP of the sessions they speak at or moderate
    # The bendahara's own rate (percent of gross), when the default rule does not apply (PPPK).
    tax_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    is_paid: Mapped[bool] = mapped_column(default=True)  # False: not on the SPJ (paid elsewhere)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    attendee: Mapped[Attendee] = relationship()

    __table_args__ = (
        CheckConstraint("jp_override IS NULL OR jp_override >= 0", name="jp_override_positive"),
        CheckConstraint("tax_percent IS NULL OR (tax_percent >= 0 AND tax_percent <= 100)", name="tax_range"),
    )
