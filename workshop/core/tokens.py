"""Unguessable codes and their hashes."""

import hashlib
import secrets


def random_token(nbytes: int = 24) -> str:
    """URL-safe random text; 24 bytes = 192 bits (the design asks for at least 96)."""
    return secrets.token_urlsafe(nbytes)


def hash_token(token: str) -> str:
    """Tokens that grant access are stored only as this hash."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def generate_password(nbytes: int = 12) -> str:
    return secrets.token_urlsafe(nbytes)
