"""Secrets at rest: the signing key and the BSrE password are stored encrypted (Fernet: AES-128-CBC
with an HMAC) under a key derived from ``SIGNING_SECRET_KEY`` when set, else from ``SECRET_KEY``
(HKDF-SHA256, its own context, so the session key is never used as it is). A database dump alone
opens nothing. Changing the key makes the stored secrets unreadable: the organiser uploads them
again (the settings page says so)."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

CONTEXT = b"bintek signatures: secrets at rest v1"


class SecretUnreadable(Exception):
    """Stored with another key (the app's key changed): upload or type it again."""


def _fernet() -> Fernet:
    secret = current_app.config.get("SIGNING_SECRET_KEY") or current_app.config["SECRET_KEY"]
    if isinstance(secret, str):
        secret = secret.encode()
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=CONTEXT).derive(secret)
    return Fernet(base64.urlsafe_b64encode(key))


def seal(plain: bytes) -> bytes:
    return _fernet().encrypt(plain)


def unseal(token: bytes | None) -> bytes:
    if not token:
        raise SecretUnreadable
    try:
        return _fernet().decrypt(bytes(token))
    except InvalidToken as error:
        raise SecretUnreadable from error
