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


class LeasedLimit:
    """N hits per key in a fixed window, for the check-in hot path (issue 17).

    Counted in Flask-Limiter's storage (Redis in production, shared by every worker; reset with
    it), but with a shared storage a lease of hits at a time: a worker takes up to 25 hits from
    the shared counter with one INCRBY and spends them locally, so a busy door costs one Redis
    round trip every 25 scans instead of one per scan. The shared count can run ahead of the hits
    made by the unspent part of each worker's lease, so a phone may be stopped that many hits
    early in a window, never late. With memory storage (development, tests) every hit is counted
    exactly, as Flask-Limiter counts."""

    MAX_LEASE = 25

    def __init__(self, name: str):
        import threading

        self.name = name
        self._lock = threading.Lock()
        self._leases: dict[tuple, list[int]] = {}  # (storage, key) -> [window, hits left]
        self._parsed: dict[str, tuple[int, int]] = {}

    def lease_size(self, amount: int) -> int:
        return max(1, min(self.MAX_LEASE, amount // 50))

    def hit(self, key: str, limit: str) -> bool:
        """Count one hit of ``key`` against ``limit`` ("1200/minute"); False when over it."""
        import time

        from flask import current_app

        from workshop.extensions import limiter

        if not current_app.config.get("RATELIMIT_ENABLED", True):
            return True
        if limit not in self._parsed:
            from limits import parse

            item = parse(limit)
            self._parsed[limit] = (item.amount, item.get_expiry())
        amount, per = self._parsed[limit]
        window = int(time.time()) // per
        storage = limiter.storage
        name = f"{current_app.config.get('RATELIMIT_KEY_PREFIX', 'bintek')}/lease/{self.name}/{key}/{window}"
        if type(storage).__name__ == "MemoryStorage":
            return storage.incr(name, per) <= amount
        lease_key = (id(storage), key)
        with self._lock:
            lease = self._leases.get(lease_key)
            if lease is not None and lease[0] == window:
                if lease[1] > 0:
                    lease[1] -= 1
                    return True
                if lease[1] < 0:
                    return False  # refused in this window already: a fixed window's count only grows
        size = self.lease_size(amount)
        total = storage.incr(name, per + 1, amount=size)
        granted = max(0, min(size, amount - (total - size)))
        with self._lock:
            if len(self._leases) > 10_000:  # keys of past windows
                self._leases = {k: v for k, v in self._leases.items() if v[0] == window}
            self._leases[lease_key] = [window, granted - 1 if granted > 0 else -1]
        return granted > 0
