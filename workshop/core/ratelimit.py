"""Rate-limit keys: by account or device first; the client IP only as a generous fallback,
since a whole venue shares one public IP.

Keys never hold a personal identifier in clear (``private_key``: an e-mail address becomes a keyed
hash), and counters kept outside Flask-Limiter's decorators start with the deployment's
RATELIMIT_KEY_PREFIX like the decorators' own (``storage_key``), so deployments sharing a Redis
never share or see each other's counters."""

import hashlib
import hmac

from flask import current_app, request
from flask_login import current_user


def rate_limit_key() -> str:
    if current_user and getattr(current_user, "is_authenticated", False):
        return f"user:{current_user.get_id()}"
    return f"ip:{request.remote_addr or 'unknown'}"


def ip_key() -> str:
    return f"ip:{request.remote_addr or 'unknown'}"


def private_key(value: str) -> str:
    """A stable stand-in for a personal identifier: HMAC-SHA256 under the app's secret key, so
    the limiter's storage holds no e-mail address and a leaked key list cannot be reversed by
    hashing a list of known addresses."""
    secret = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(secret, value.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def storage_key(*parts: str) -> tuple[str, ...]:
    """Identifiers for a counter kept directly in the limiter's storage, prefixed as Flask-Limiter
    prefixes its own."""
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or ""
    return (prefix, *parts) if prefix else parts


def configured(name: str, default: str):
    """A limit read from the configuration under ``name`` when a request comes (so tests and
    deployments can change it), ``default`` otherwise: ``@limiter.limit(configured(...))``."""

    def limit() -> str:
        from flask import current_app

        return current_app.config.get(name, default)

    return limit


def limits_from(defaults: dict[str, str]):
    """``_limit = limits_from({"X_LIMIT": "10 per minute", ...})`` then ``@limiter.limit(_limit("X_LIMIT"))``:
    a module's limits with their defaults in one table, each changeable in the configuration."""
    return lambda name: configured(name, defaults[name])
