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
