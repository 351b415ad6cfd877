"""Event rules: creating and changing events, team membership and invitations.
Services flush, never commit, and never read the request."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select, update

from workshop.auth.models import User
from workshop.auth.services import end_sessions
from workshop.core import signals
from workshop.core.db import utcnow
from workshop.core.tokens import hash_token, random_token
from workshop.events.models import TIMEZONES, Event, EventStatus, Invitation, MemberRole, Membership
from workshop.extensions import db

EVENT_FIELDS = (
    "title",
    "code",
    "slug",
    "description",
    "organiser",
    "organising_unit",
    "venue",
    "city",
    "starts_on",
    "ends_on",
    "timezone",
    "capacity",
    "retention_months",
    "privacy_contact",
    "status",
)
RESERVED_SLUGS = {"new", "manage", "admin", "api", "static"}


class EventError(Exception):
    """A rule about events was broken; ``field`` names the form field it belongs to."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:60].rstrip("-") or "event"


def _unique_slug(base: str, exclude_id: int | None = None) -> str:
    slug, n = base, 2
    while _slug_taken(slug, exclude_id) or slug in RESERVED_SLUGS:
        slug = f"{base[:56]}-{n}"
        n += 1
    return slug


def _slug_taken(slug: str, exclude_id: int | None) -> bool:
    query = select(Event.id).where(Event.slug == slug)
    if exclude_id is not None:
        query = query.where(Event.id != exclude_id)
    return db.session.execute(query).first() is not None


def _to_utc(local: datetime | None, timezone: str) -> datetime | None:
    """A wall-clock time typed in the event's zone, as aware UTC."""
    if local is None:
        return None
    return local.replace(tzinfo=ZoneInfo(timezone)).astimezone(ZoneInfo("UTC"))


def _apply(event: Event, data: dict) -> None:
    if data.get("timezone") not in TIMEZONES:
        raise EventError(_l("Choose WIB, WITA or WIT."), field="timezone")
    if data.get("status") not in {s.value for s in EventStatus}:
        raise EventError(_l("Choose a status."), field="status")
    if data["ends_on"] < data["starts_on"]:
        raise EventError(_l("The last day cannot be before the first day."), field="ends_on")
    if (data["ends_on"] - data["starts_on"]).days > 60:
        raise EventError(_l("An event can last at most 60 days."), field="ends_on")
    opens = _to_utc(data.get("registration_opens_at"), data["timezone"])
    closes = _to_utc(data.get("registration_closes_at"), data["timezone"])
    if opens and closes and closes <= opens:
        raise EventError(_l("Registration must close after it opens."), field="registration_closes_at")

    slug = (data.get("slug") or "").strip()
    if slug:
        if slug in RESERVED_SLUGS:
            raise EventError(_l("This address is reserved; choose another."), field="slug")
        if _slug_taken(slug, event.id):
            raise EventError(_l("Another event already uses this address."), field="slug")
    else:
        slug = event.slug or _unique_slug(slugify(data["title"]), event.id)

    for name in EVENT_FIELDS:
        if name in data:
            value = data[name]
            setattr(event, name, value.strip() if isinstance(value, str) else value)
    event.slug = slug
    event.code = event.code.upper()
    event.description = event.description or ""
    event.registration_opens_at = opens
    event.registration_closes_at = closes


def create_event(data: dict, creator: User) -> Event:
    """A new event; its creator becomes its first organiser."""
    event = Event()
    _apply(event, data)
    db.session.add(event)
    db.session.flush()
    add_member(event, creator, MemberRole.ORGANISER.value)
    return event


def update_event(event: Event, data: dict) -> Event:
    _apply(event, data)
    db.session.flush()
    return event


def can_create_events(user: User) -> bool:
    """Admins and the organisers of any event may create events (accounts for new organisers
    come from an admin or from an organiser's invitation)."""
    if user.is_admin:
        return True
    return db.session.execute(
        select(exists().where(Membership.user_id == user.id, Membership.role == MemberRole.ORGANISER.value))
    ).scalar()


def role_in(event: Event, user: User) -> str | None:
    return db.session.execute(
        select(Membership.role).where(Membership.event_id == event.id, Membership.user_id == user.id)
    ).scalar_one_or_none()


def events_for(user: User) -> list[tuple[Event, str | None]]:
    """The events an account may open, with its role in each (None for an admin who is not a member)."""
    if user.is_admin:
        query = select(Event, Membership.role).outerjoin(
            Membership, (Membership.event_id == Event.id) & (Membership.user_id == user.id)
        )
    else:
        query = select(Event, Membership.role).join(Membership).where(Membership.user_id == user.id)
    return [tuple(row) for row in db.session.execute(query.order_by(Event.starts_on.desc(), Event.id.desc()))]


def open_events() -> list[Event]:
    return db.session.scalars(
        select(Event).where(Event.status == EventStatus.OPEN.value).order_by(Event.starts_on)
    ).all()


def get_public_event(slug: str) -> Event | None:
    event = db.session.execute(select(Event).where(Event.slug == slug)).scalar_one_or_none()
    if event is None or not event.is_public:
        return None
    return event


def add_member(event: Event, user: User, role: str) -> Membership:
    if role not in {r.value for r in MemberRole}:
        raise EventError(_l("Unknown role."), field="role")
    existing = db.session.execute(
        select(Membership).where(Membership.event_id == event.id, Membership.user_id == user.id)
    ).scalar_one_or_none()
    if existing is not None:
        raise EventError(_l("This account is already in the event's team."))
    membership = Membership(event=event, user=user, role=role)
    db.session.add(membership)
    db.session.flush()
    return membership


def members_of(event: Event) -> list[Membership]:
    return db.session.scalars(
        select(Membership)
        .join(User)
        .where(Membership.event_id == event.id)
        .order_by(Membership.role, User.name)
    ).all()


def remove_member(event: Event, membership: Membership) -> None:
    if membership.event_id != event.id:
        raise EventError(_l("This person is not in the event's team."))
    if membership.role == MemberRole.ORGANISER.value:
        organisers = [m for m in members_of(event) if m.role == MemberRole.ORGANISER.value]
        if len(organisers) <= 1:
            raise EventError(_l("An event needs at least one organiser."))
    # Modules built on the team react (groups: the person facilitates none of the event's groups).
    signals.member_removed.send(event, user_id=membership.user_id, role=membership.role)
    # Pages the person has open (and copies of their cookie) stop working at once.
    end_sessions(membership.user)
    db.session.delete(membership)
    db.session.flush()


def create_invitation(
    event: Event, role: str, label: str, created_by: User, valid_days: int, now: datetime | None = None
) -> tuple[Invitation, str]:
    """A one-time invitation; returns it with its token, which is shown once and stored hashed."""
    if role not in {r.value for r in MemberRole}:
        raise EventError(_l("Unknown role."), field="role")
    now = now or utcnow()
    token = random_token()
    invitation = Invitation(
        event=event,
        role=role,
        label=(label or "").strip(),
        token_hash=hash_token(token),
        created_by_id=created_by.id,
        created_at=now,
        expires_at=now + timedelta(days=valid_days),
    )
    db.session.add(invitation)
    db.session.flush()
    return invitation, token


def pending_invitations(event: Event, now: datetime | None = None) -> list[Invitation]:
    now = now or utcnow()
    return db.session.scalars(
        select(Invitation)
        .filter_by(event_id=event.id, used_at=None, revoked_at=None)
        .where(Invitation.expires_at > now)
        .order_by(Invitation.created_at.desc())
    ).all()


def find_invitation(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return db.session.execute(
        select(Invitation).where(Invitation.token_hash == hash_token(token))
    ).scalar_one_or_none()


def accept_invitation(invitation: Invitation, user: User, now: datetime | None = None) -> Membership:
    """Use the invitation for this account. Usable once: the conditional update lets exactly one
    of two simultaneous acceptances through."""
    now = now or utcnow()
    if not invitation.is_usable(now):
        raise EventError(_l("This invitation link has expired or has already been used."))
    if role_in(invitation.event, user) is not None:
        raise EventError(_l("You are already in this event's team."))
    result = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.used_at.is_(None), Invitation.revoked_at.is_(None))
        .values(used_at=now, used_by_id=user.id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise EventError(_l("This invitation link has expired or has already been used."))
    db.session.refresh(invitation)
    return add_member(invitation.event, user, invitation.role)


def revoke_invitation(event: Event, invitation: Invitation, now: datetime | None = None) -> None:
    if invitation.event_id != event.id:
        raise EventError(_l("This invitation belongs to another event."))
    invitation.revoked_at = now or utcnow()
    db.session.flush()
