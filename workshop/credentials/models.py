from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workshop.core.db import Base, utcnow

# 131,072 bits = 16 KB: the Bitstring Status List's minimum size (herd privacy).
STATUS_LIST_SIZE = 131_072


class CredentialKey(Base):
    """One signing key of this deployment (ES256, P-256). The newest key not retired signs; every
    key stays published in /.well-known/jwks.json so credentials it signed keep verifying. The
    private key is kept encrypted (Fernet, a key derived from CREDENTIALS_SECRET or SECRET_KEY)."""

    __tablename__ = "credential_keys"
    __personal_data__ = ()

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)  # RFC 7638 thumbprint
    algorithm: Mapped[str] = mapped_column(String(16))
    public_jwk: Mapped[dict[str, Any]] = mapped_column(JSON)
    private_key: Mapped[str] = mapped_column(Text)  # encrypted PKCS#8 PEM (a Fernet token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None]  # no longer signs; still published


class StatusList(Base):
    """A Bitstring Status List (purpose: revocation). Indexes are handed out by raising
    ``next_index`` in one UPDATE; the bits themselves are the revoked credentials' indexes, read
    when the list is served, so revoking is a row update and never a read-modify-write of 16 KB."""

    __tablename__ = "status_lists"
    __personal_data__ = ()

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(16), default="revocation")
    size: Mapped[int] = mapped_column(default=STATUS_LIST_SIZE)
    next_index: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Credential(Base):
    """An OpenBadgeCredential of one certificate, as signed (a JWT). A reissued certificate gets a
    new credential and its old one is revoked. Rows outlive their certificate and their JWT
    (erased with the person's data): the status bit must stay where verifiers look for it."""

    __tablename__ = "credentials"
    __personal_data__ = ("token",)  # the JWT holds the person's name

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)  # the credential's urn:uuid
    certificate_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificates.id", ondelete="SET NULL"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("credential_keys.id"))
    status_list_id: Mapped[int] = mapped_column(ForeignKey("status_lists.id"))
    status_index: Mapped[int]
    token: Mapped[str | None] = mapped_column(Text)  # the compact JWS; None once erased
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    # revoked (the certificate was), reissued, erased (the person's request), purged (retention)
    revoke_reason: Mapped[str | None] = mapped_column(String(16))

    __table_args__ = (UniqueConstraint("status_list_id", "status_index", name="uq_credentials_status_slot"),)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
