from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, Text, false, true
from sqlalchemy.orm import Mapped, mapped_column

from workshop.core.columns import EventRow
from workshop.core.db import Base, utcnow


class Source(str, enum.Enum):
    """Who signs: a PKCS#12 the organiser uploaded, or BSrE's seal API."""

    PKCS12 = "pkcs12"
    BSRE = "bsre"


class SignatureStatus(str, enum.Enum):
    PENDING = "pending"  # queued: signing at issue or a retry
    SIGNED = "signed"
    FAILED = "failed"  # the unsigned certificate stays available; ``error`` says why; retry


# Where the visible signature stands: under the issuing official, or in the middle of the bottom
# band (the bottom left holds the QR code and its notes).
POSITIONS = ("bottom-right", "bottom-centre")


class SigningSettings(Base):
    """How one event's certificates are signed. The signing key (a PKCS#12 re-encrypted under the
    app's key, without the organiser's passphrase) and the BSrE secret are stored encrypted
    (workshop/signatures/secrets.py); nothing here is readable without the app's key."""

    __tablename__ = "signing_settings"
    __personal_data__ = ()  # the organisation's signing identity, not a participant's data
    __audit__ = True
    __audit_secret__ = ("key_material", "bsre_secret", "bsre_totp_secret")
    __audit_ignore__ = ("updated_at",)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    source: Mapped[str | None] = mapped_column(String(8))  # None: certificates are not signed
    sign_at_issue: Mapped[bool] = mapped_column(default=True, server_default=true())
    position: Mapped[str] = mapped_column(String(16), default="bottom-right", server_default="bottom-right")
    # PKCS#12, source A: the key and chain, encrypted; what the signer's certificate says.
    key_material: Mapped[bytes | None] = mapped_column(LargeBinary)
    signer_name: Mapped[str] = mapped_column(String(300), default="", server_default="")
    signer_not_after: Mapped[datetime | None]
    # BSrE, source B: the seal API's address, the account (basic auth) and the subscriber id.
    bsre_url: Mapped[str] = mapped_column(String(300), default="", server_default="")
    bsre_user: Mapped[str] = mapped_column(String(120), default="", server_default="")
    bsre_secret: Mapped[bytes | None] = mapped_column(LargeBinary)  # encrypted password
    bsre_subscriber: Mapped[str] = mapped_column(String(120), default="", server_default="")
    bsre_totp_secret: Mapped[bytes | None] = mapped_column(LargeBinary)  # encrypted current TOTP
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (CheckConstraint("source IS NULL OR source IN ('pkcs12', 'bsre')", name="source_known"),)

    def audit_event_id(self) -> int:
        return self.event_id

    @property
    def is_configured(self) -> bool:
        if self.source == Source.PKCS12.value:
            return self.key_material is not None
        if self.source == Source.BSRE.value:
            return bool(self.bsre_url and self.bsre_subscriber and self.bsre_secret is not None)
        return False


class CertificateSignature(EventRow, Base):
    """The signing state of one certificate: the signed PDF (a stored file, with its SHA-256) once
    signed; a failure keeps its reason and the unsigned certificate stays what is served."""

    __tablename__ = "certificate_signatures"
    # The signed PDF prints the person's name, NIP and institution: it is theirs.
    __personal_data__ = ("stored_name",)

    certificate_id: Mapped[int] = mapped_column(
        ForeignKey("certificates.id", ondelete="CASCADE"), unique=True
    )
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(8), default=SignatureStatus.PENDING.value)
    source: Mapped[str | None] = mapped_column(String(8))
    error: Mapped[str | None] = mapped_column(String(32))  # a code: see services.ERRORS
    error_detail: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    stored_name: Mapped[str | None] = mapped_column(String(64))  # in storage folder "signatures"
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    signer_name: Mapped[str | None] = mapped_column(String(300))
    signed_at: Mapped[datetime | None]
    # Kept after the file is purged: /v/<code> still says it was signed, by whom and when.
    is_purged: Mapped[bool] = mapped_column(default=False, server_default=false())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (CheckConstraint("status IN ('pending', 'signed', 'failed')", name="status_known"),)
