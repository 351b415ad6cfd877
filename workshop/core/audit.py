"""The audit log: every change to an audited model is written here, with who, what, when and
the changed fields before and after.

Models opt in with ``__audit__ = True`` (and may list ``__audit_secret__`` fields whose values are
never written, and ``__audit_ignore__`` fields that are noise). The log is filled by a flush
listener, so no service can forget it; the actor comes from the logged-in user, or from
``acting_as()`` in the command line.
"""

from __future__ import annotations

import contextvars
import enum
import functools
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import has_request_context
from sqlalchemy import JSON, ForeignKey, Index, String, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from workshop.core.db import Base, utcnow

SECRET_MARK = "••••"

_cli_actor: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_cli_actor", default=None)


class AuditEntry(Base):
    __tablename__ = "audit_entries"
    # The values of changes to personal fields: cleared last by lifecycle's coordinator, after
    # every module's eraser (the field names stay, so the log still says who changed what).
    __personal_data__ = ("changes",)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(255))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(16))  # create, update, delete
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int | None]
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (Index("ix_audit_entries_event_created", "event_id", "created_at"),)


@contextmanager
def acting_as(label: str):
    """Name the actor for changes made outside a request (command line, seed)."""
    token = _cli_actor.set(label)
    try:
        yield
    finally:
        _cli_actor.reset(token)


def _current_actor() -> tuple[int | None, str | None]:
    label = _cli_actor.get()
    if label is not None:
        return None, label
    if has_request_context():
        from flask_login import current_user

        if current_user and current_user.is_authenticated:
            return current_user.id, current_user.email
    return None, None


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _column_changes(obj, action: str) -> dict[str, list[Any]]:
    secret = set(getattr(obj, "__audit_secret__", ()))
    ignore = set(getattr(obj, "__audit_ignore__", ()))
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in ignore or key == "id":
            continue
        hist = state.attrs[key].history
        if action == "create":
            before, after = None, getattr(obj, key)
            if after is None:
                continue
        elif action == "delete":
            before, after = getattr(obj, key), None
        else:
            if not hist.has_changes():
                continue
            before = hist.deleted[0] if hist.deleted else None
            after = hist.added[0] if hist.added else None
            if before == after:
                continue
        if key in secret:
            changes[key] = [SECRET_MARK if before is not None else None, SECRET_MARK]
        else:
            changes[key] = [_plain(before), _plain(after)]
    return changes


@event.listens_for(Session, "after_flush")
def _write_audit(session: Session, flush_context) -> None:
    user_id, actor = _current_actor()
    if actor is None:
        return  # not a change made by a person: tests of services, migrations
    rows = []
    for action, objects in (("create", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            if not getattr(obj, "__audit__", False):
                continue
            if action == "update" and not session.is_modified(obj, include_collections=False):
                continue
            changes = _column_changes(obj, action)
            if action == "update" and not changes:
                continue
            rows.append(
                {
                    "created_at": utcnow(),
                    "user_id": user_id,
                    "actor": actor,
                    "event_id": obj.audit_event_id() if hasattr(obj, "audit_event_id") else None,
                    "action": action,
                    "entity": type(obj).__name__,
                    "entity_id": inspect(obj).identity[0] if inspect(obj).identity else None,
                    "changes": changes,
                }
            )
    if rows:
        table = AuditEntry.__table__
        session.connection().execute(table.insert(), rows)


@functools.cache
def _audited_columns(model) -> tuple[tuple[str, bool], ...]:
    """The columns of ``model`` the audit records, each with whether its value is kept secret."""
    secret = set(getattr(model, "__audit_secret__", ()))
    ignore = set(getattr(model, "__audit_ignore__", ()))
    return tuple(
        (attr.key, attr.key in secret)
        for attr in inspect(model).column_attrs
        if attr.key not in ignore and attr.key != "id"
    )


def creation_entry(
    model, values: dict, actor: str, user_id: int | None, entity_id: int, event_id=None
) -> dict:
    """The audit row the flush listener would write for a new ``model`` row with ``values``, for
    hot paths that insert with SQLAlchemy Core (no flush, so no listener): the check-in API."""
    changes: dict[str, list[Any]] = {}
    for key, secret in _audited_columns(model):
        value = values.get(key)
        if value is None:
            continue
        changes[key] = [None, SECRET_MARK] if secret else [None, _plain(value)]
    return {
        "created_at": utcnow(),
        "user_id": user_id,
        "actor": actor,
        "event_id": event_id,
        "action": "create",
        "entity": model.__name__,
        "entity_id": entity_id,
        "changes": changes,
    }
