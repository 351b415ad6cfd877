"""Optimistic concurrency for the notes and the RTL rows (DESIGN.md §5): every RTL row and every group's notes carry a ``version`` that rises
with each saved change, and each changed field is kept as a ``GroupRevision`` with the version it
produced. A client sends the version its edit is based on; a field it changes that someone else
changed since (a revision newer than that version, with another value now) is a conflict and
nothing is written; other fields merge. The UPDATE itself is guarded by the version column
(SQLAlchemy ``version_id_col``), so two writers at the same instant cannot both pass the check:
the loser re-reads and is judged again.

Plain functions: they flush, never commit."""

from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from workshop.core.db import utcnow
from workshop.extensions import db
from workshop.groups.errors import Conflict, Gone, InvalidInput
from workshop.groups.models import Group, GroupRevision

MAX_ATTEMPTS = 20


def _plain(value) -> str | None:
    return None if value is None else str(value)


def field_changes(changes: dict) -> list[dict]:
    """{name: (old, new)} as a revision row's columns, one dict per field, the values as text."""
    return [
        {"field": name, "old_value": _plain(old), "new_value": _plain(new)}
        for name, (old, new) in changes.items()
    ]


def revise(
    group: Group, kind: str, row_id: int | None, action: str, changes: dict, version: int, user
) -> None:
    """One revision per changed field (one without a field when nothing changed: a delete)."""
    for values in field_changes(changes) or [{}]:
        db.session.add(
            GroupRevision(
                event_id=group.event_id,
                group_id=group.id,
                kind=kind,
                row_id=row_id,
                action=action,
                version=version,
                user_id=getattr(user, "id", None),
                **values,
            )
        )


def check_base_version(value, current: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= current:
        raise InvalidInput({"version": str(_l("Send the version the edit is based on."))})
    return value


def _changed_since(group: Group, kind: str, row_id: int | None, version: int) -> set[str]:
    query = select(GroupRevision.field).where(
        GroupRevision.group_id == group.id,
        GroupRevision.kind == kind,
        GroupRevision.version > version,
        GroupRevision.field.is_not(None),
    )
    query = (
        query.where(GroupRevision.row_id == row_id)
        if row_id is not None
        else query.where(GroupRevision.row_id.is_(None))
    )
    return set(db.session.execute(query).scalars())


def save_versioned(obj, group: Group, kind: str, row_id_of, base_version, values: dict, user, extra=None):
    """Apply ``values`` to an RTL row or a group's notes (``save_with_versions``), each changed
    field kept as a ``GroupRevision``."""
    return save_with_versions(
        obj,
        base_version,
        values,
        changed_since=lambda base: _changed_since(group, kind, row_id_of(obj), base),
        record=lambda changes: revise(group, kind, row_id_of(obj), "update", changes, obj.version, user),
        extra=extra,
    )


def save_with_versions(obj, base_version, values: dict, changed_since, record, check=None, extra=None):
    """Apply ``values`` to a versioned object unless a field it changes was changed since
    ``base_version`` (Conflict). The row is locked first where the database can (PostgreSQL:
    SELECT … FOR UPDATE), so writers queue; where it cannot (SQLite), the version-guarded UPDATE
    fails for the loser, who re-reads and is judged again. Shared by the groups' rows and the
    follow-up reports: ``changed_since(version)`` names the fields changed after a version,
    ``check(obj)`` may refuse the save, ``extra(obj)`` sets what goes with every saved change, and
    ``record(changes)`` keeps the revisions ({name: (old, new)}) once the new version is flushed."""
    db.session.refresh(obj, with_for_update=True)
    for _attempt in range(MAX_ATTEMPTS):
        if getattr(obj, "deleted_at", None) is not None:  # deleted while this edit waited
            raise Gone()
        base = check_base_version(base_version, obj.version)
        changed = changed_since(base) if base < obj.version else set()
        changes = {k: (getattr(obj, k), v) for k, v in values.items() if getattr(obj, k) != v}
        conflicts = sorted(k for k in changes if k in changed)
        if conflicts:
            raise Conflict(conflicts, obj)
        if not changes:
            return obj
        if check:
            check(obj)
        try:
            with db.session.begin_nested():
                for name, (_old, new) in changes.items():
                    setattr(obj, name, new)
                obj.updated_at = utcnow()
                if extra:
                    extra(obj)
                db.session.flush()
                record(changes)
                db.session.flush()
        except StaleDataError:
            db.session.refresh(obj)
            continue
        return obj
    raise Conflict(sorted(values), obj)  # pragma: no cover - lost the race MAX_ATTEMPTS times


def revisions(group: Group, limit: int = 500) -> list[GroupRevision]:
    return db.session.scalars(
        select(GroupRevision)
        .where(GroupRevision.group_id == group.id)
        .order_by(GroupRevision.created_at.desc(), GroupRevision.id.desc())
        .limit(limit)
        .options(selectinload(GroupRevision.user))
    ).all()


def new_client_id() -> str:
    return str(uuid.uuid4())
