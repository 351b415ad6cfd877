"""The deployment's signing keys: made on first need, rotated by ``flask credentials rotate-key``,
all published as a JWKS. Private keys are stored encrypted with Fernet under a key derived (HKDF)
from the ``CREDENTIALS_SECRET`` setting, else the app's ``SECRET_KEY``: change that secret and the
stored keys cannot be read any more (rotate: a new key signs, old credentials still verify with
their published public keys).

Signing uses joserfc; ES256 (P-256), which every JOSE library verifies (joserfc marks EdDSA
deprecated since RFC 9864)."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from joserfc import jwt
from joserfc.jwk import ECKey
from sqlalchemy import select

from workshop.core.db import utcnow
from workshop.credentials.models import CredentialKey
from workshop.extensions import db

ALGORITHM = "ES256"
CURVE = "P-256"
MEDIA_TYPE = "application/vc+jwt"
# Decrypted keys by kid: a cache only (any process can decrypt a key again from the database).
_decrypted: dict[tuple[str, str], ECKey] = {}


def _fernet() -> Fernet:
    secret = current_app.config.get("CREDENTIALS_SECRET") or current_app.config["SECRET_KEY"]
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"bintek credential signing keys"
    ).derive(secret.encode() if isinstance(secret, str) else secret)
    return Fernet(base64.urlsafe_b64encode(derived))


def make_key() -> CredentialKey:
    """A new key that signs from now on (the others stay published)."""
    key = ECKey.generate_key(CURVE, private=True)
    kid = key.thumbprint()
    public = {**key.as_dict(private=False), "kid": kid, "use": "sig", "alg": ALGORITHM}
    pem = key.as_pem(private=True)
    row = CredentialKey(
        kid=kid,
        algorithm=ALGORITHM,
        public_jwk=public,
        private_key=_fernet().encrypt(pem).decode("ascii"),
        created_at=utcnow(),
    )
    db.session.add(row)
    db.session.flush()
    return row


def current_key() -> CredentialKey:
    """The key that signs: the newest one not retired, made on first need."""
    row = db.session.execute(
        select(CredentialKey)
        .where(CredentialKey.retired_at.is_(None))
        .order_by(CredentialKey.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return row or make_key()


def rotate_key() -> CredentialKey:
    """Retire the signing key(s) and make a new one; old keys stay in the JWKS."""
    now = utcnow()
    for row in db.session.execute(select(CredentialKey).where(CredentialKey.retired_at.is_(None))).scalars():
        row.retired_at = now
    db.session.flush()
    return make_key()


def jwks() -> dict:
    """Every key this deployment ever signed with (public parts only)."""
    rows = db.session.execute(select(CredentialKey).order_by(CredentialKey.id)).scalars()
    return {"keys": [dict(row.public_jwk) for row in rows]}


def _private(row: CredentialKey) -> ECKey:
    cache_key = (row.kid, row.private_key[:16])
    if cache_key not in _decrypted:
        pem = _fernet().decrypt(row.private_key.encode("ascii"))
        _decrypted[cache_key] = ECKey.import_key(pem)
    return _decrypted[cache_key]


def signing_key() -> CredentialKey:
    """The current key, readable: one whose private key no longer decrypts (the secret changed)
    is retired and a new key made, so issuing certificates never fails for it; the old public key
    stays published."""
    row = current_key()
    try:
        _private(row)
    except InvalidToken:
        current_app.logger.warning(
            "credential key %s cannot be decrypted (secret changed?): rotating", row.kid
        )
        row = rotate_key()
    return row


def sign(claims: dict, row: CredentialKey | None = None) -> tuple[str, CredentialKey]:
    """A compact JWS of ``claims`` (a VC 2.0 credential), header typ vc+jwt and the key's kid."""
    row = row or signing_key()
    header = {"alg": row.algorithm, "typ": "vc+jwt", "cty": "vc", "kid": row.kid}
    return jwt.encode(header, claims, _private(row), algorithms=[row.algorithm]), row
