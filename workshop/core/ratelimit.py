"""Rate-limit keys: by account or device first; the client IP only as a generous fallback,
since a whole venue shares one public IP."""

from flask import request
from flask_login import current_user


def rate_limit_key() -> str:
    if current_user and getattr(current_user, "is_authenticated", False):
        return f"user:{current_user.get_id()}"
    return f"ip:{request.remote_addr or 'unknown'}"


def ip_key() -> str:
    return f"ip:{request.remote_addr or 'unknown'}"


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
