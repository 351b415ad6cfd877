"""Account rules: authentication with per-account throttling, creating and changing accounts.
Services flush, never commit, and never read the request."""
from __future__ import annotations

from dataclasses import dataclass

from functools import lru_cache
import time

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash
from limits import RateLimitItemPerSecond
from sqlalchemy import func, select

from workshop.auth.models import User
from workshop.core.db import utcnow
from workshop.extensions import db, limiter


class AuthError(Exception):
    pass


class InvalidCredentials(AuthError):
    pass


@dataclass
class LoginThrottled(AuthError):
    retry_after_seconds: int


class AccountError(Exception):
    """A rule about accounts was broken; ``field`` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _failure_limit():
    cfg = current_app.config
    return RateLimitItemPerSecond(cfg["LOGIN_ACCOUNT_MAX_FAILURES"], cfg["LOGIN_ACCOUNT_WINDOW_SECONDS"])


def _throttle_key(email: str) -> tuple[str, str]:
    # The limiter's storage is shared by every worker (Redis in production).
    return ("login-failures", email)


def authenticate(email: str, password: str) -> User:
    """The active account with this email and password.

    Failed attempts are counted per account (not per IP: a whole venue shares one IP); after
    too many, the account is refused for a while even with the right password.
    """
    email = normalise_email(email)
    strategy = limiter.limiter
    item = _failure_limit()
    if not strategy.test(item, *_throttle_key(email)):
        reset_at, _remaining = strategy.get_window_stats(item, *_throttle_key(email))
        raise LoginThrottled(max(1, int(reset_at - time.time())))
    user = get_user_by_email(email)
    # Check a hash even for an unknown email, so timing does not tell which emails exist.
    if user is None:
        check_password_hash(_dummy_hash(), password)
    if user is None or not user.check_password(password) or not user.is_active:
        strategy.hit(item, *_throttle_key(email))
        raise InvalidCredentials()
    strategy.clear(item, *_throttle_key(email))
    user.last_login_at = utcnow()
    return user


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return generate_password_hash("not-a-real-password")


def get_user_by_email(email: str) -> User | None:
    return db.session.execute(select(User).where(User.email == normalise_email(email))).scalar_one_or_none()


def create_user(email: str, name: str, password: str, is_admin: bool = False) -> User:
    email = normalise_email(email)
    if get_user_by_email(email) is not None:
        raise AccountError(_l("An account with this email already exists."), field="email")
    user = User(email=email, name=name.strip(), is_admin=is_admin, is_active=True)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not user.check_password(current_password):
        raise AccountError(_l("The current password is not correct."), field="current_password")
    set_password(user, new_password)


def set_password(user: User, new_password: str) -> None:
    user.set_password(new_password)
    # Sessions opened with the old password end.
    user.session_version = (user.session_version or 1) + 1
    db.session.flush()


def update_user(user: User, *, acting: User, name: str, is_admin: bool, is_active: bool) -> None:
    if user.id == acting.id and (not is_admin or not is_active):
        raise AccountError(_l("You cannot remove your own administrator rights or deactivate yourself."), field="is_admin")
    user.name = name.strip()
    user.is_admin = is_admin
    if user.is_active and not is_active:
        user.session_version = (user.session_version or 1) + 1
    user.is_active = is_active
    db.session.flush()


def count_admins() -> int:
    return db.session.execute(select(func.count(User.id)).where(User.is_admin.is_(True))).scalar_one()
