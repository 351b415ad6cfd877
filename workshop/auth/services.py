"""Account rules: authentication with per-account throttling, creating and changing accounts.
Services flush, never commit, and never read the request."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from limits import RateLimitItemPerSecond
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from workshop.auth.models import User
from workshop.core.db import utcnow
from workshop.core.ratelimit import private_key, storage_key
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


# Passwords of ten characters or more that people choose first (leaked-password lists, and the
# Indonesian favourites). Longer lists belong in a breach-check service; this catches the obvious.
COMMON_PASSWORDS = frozenset(
    """
1234567890 12345678910 0123456789 1234512345 1122334455 0987654321 1q2w3e4r5t 1qaz2wsx3edc
qwertyuiop qwerty1234 qwerty12345 asdfghjkl1 zxcvbnm123 password12 password123 password1234
passw0rd123 p@ssw0rd123 iloveyou12 iloveyou123 welcome123 admin12345 admin123456 administrator
letmein123 football123 sunshine123 princess123 superman123 trustno1234 abcdefghij abc1234567
abcd123456 katasandi katasandi1 katasandi123 bismillah1 bismillah123 indonesia1 indonesia123
indonesia45 merdeka1945 jakarta123 pemkot12345 pemda12345 bappeda123 bintek12345 sayang12345
aku1234567 rahasia123 pancasila1 garuda1234
""".split()
)


WORDS_FILE = Path(__file__).resolve().parent / "data" / "weak_password_words.txt"
# Digits and symbols people use for letters: p@ssw0rd is password.
LOOK_ALIKES = str.maketrans(
    {
        "@": "a",
        "4": "a",
        "8": "b",
        "3": "e",
        "1": "i",
        "!": "i",
        "0": "o",
        "$": "s",
        "5": "s",
        "7": "t",
        "+": "t",
    }
)
# At most this many weak words, with digits and symbols around them, make a weak password.
MAX_WEAK_WORDS = 2


@lru_cache(maxsize=1)
def weak_words() -> frozenset[str]:
    words = set()
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.lower().split())
    return frozenset(words)


def event_words() -> set[str]:
    """Words of every event's title, place, organiser and code (Serang, KLA, Bappeda, 2026…): the
    first things someone guessing a team member's password tries."""
    from workshop.events.models import Event  # events build on auth

    rows = db.session.execute(
        select(Event.title, Event.city, Event.organiser, Event.organising_unit, Event.code, Event.slug)
    ).all()
    words = set()
    for row in rows:
        for value in row:
            words.update(w for w in re.split(r"[^a-z]+", (value or "").lower()) if len(w) >= 3)
    return words


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower().translate(LOOK_ALIKES))


def _made_of(core: str, words: frozenset[str] | set[str], at_most: int) -> bool:
    """Whether ``core`` is the concatenation of at most ``at_most`` of ``words`` (word-break)."""
    if not core:
        return True
    fewest = [0] + [at_most + 1] * len(core)  # fewest words that make core[:i]
    for end in range(1, len(core) + 1):
        for start in range(max(0, end - 40), end):
            if fewest[start] < at_most and core[start:end] in words:
                fewest[end] = min(fewest[end], fewest[start] + 1)
    return fewest[len(core)] <= at_most


def password_problem(password: str, email: str = "", minimum: int = 12) -> str | None:
    """Why a new password is refused, in the user's language; None when it is acceptable."""
    if len(password) < minimum:
        return str(_l("Use at least %(n)d characters.", n=minimum))
    if len(password) > 200:
        return str(_l("Use at most 200 characters."))
    folded = password.strip().lower()
    if folded.isdigit() or len(set(folded)) <= 1 or folded in COMMON_PASSWORDS:
        return str(_l("This password is too easy to guess."))
    email = normalise_email(email)
    local = email.split("@", 1)[0]
    bare = folded.rstrip("0123456789!?.@#$ ")
    if email and (folded == email or bare == email or (len(local) >= 4 and bare == local)):
        return str(_l("Do not use your email address as your password."))
    # The letters read three ways: look-alikes everywhere, look-alikes inside the word only
    # (P@ssw0rd2026: the year is no word), and the plain letters.
    trimmed = re.sub(r"^[^a-z]+|[^a-z]+$", "", folded)
    readings = {_letters(folded), _letters(trimmed), re.sub(r"[^a-z]", "", folded)}
    known = weak_words() | event_words() | ({_letters(local)} if len(local) >= 4 else set())
    if any(len(set(text)) < 4 or _made_of(text, known, MAX_WEAK_WORDS) for text in readings):
        return str(
            _l(
                "This password is a common word or a name from the event with digits or symbols "
                "added, which is the first thing anyone guesses. Use three or four unrelated words."
            )
        )
    return None


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _failure_limit():
    cfg = current_app.config
    return RateLimitItemPerSecond(cfg["LOGIN_ACCOUNT_MAX_FAILURES"], cfg["LOGIN_ACCOUNT_WINDOW_SECONDS"])


def _throttle_key(email: str) -> tuple[str, ...]:
    # The limiter's storage is shared by every worker (Redis in production): the deployment's
    # key prefix first, and the address only as a keyed hash.
    return storage_key("login-failures", private_key(email))


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
    end_sessions(user)


def end_sessions(user: User) -> None:
    """Every session cookie of this account stops opening anything, on every device: the cookie
    names the account as "id:session_version" (User.get_id), and the loader refuses an old version.
    Used at logout, password change, deactivation and removal from an event's team."""
    user.session_version = (user.session_version or 1) + 1
    db.session.flush()


def update_user(user: User, *, acting: User, name: str, is_admin: bool, is_active: bool) -> None:
    if user.id == acting.id and (not is_admin or not is_active):
        raise AccountError(
            _l("You cannot remove your own administrator rights or deactivate yourself."), field="is_admin"
        )
    user.name = name.strip()
    user.is_admin = is_admin
    if user.is_active and not is_active:
        end_sessions(user)
    user.is_active = is_active
    db.session.flush()


def count_admins() -> int:
    return db.session.execute(select(func.count(User.id)).where(User.is_admin.is_(True))).scalar_one()
