"""The RTL (follow-up plan) rows of a group: listed, created (idempotent by the client's id),
changed and deleted under optimistic concurrency (see versions.py). Plain functions: they flush,
never commit."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from workshop.core.db import utcnow
from workshop.extensions import db
from workshop.groups.clusters import format_rupiah
from workshop.groups.errors import Gone, InvalidInput, Locked, StaleVersion
from workshop.groups.models import Group, RtlRow
from workshop.groups.validation import RTL_FIELDS, clean_rtl, valid_client_id
from workshop.groups.versions import check_base_version, revise, save_versioned


def rtl_rows(group: Group) -> list[RtlRow]:
    return db.session.scalars(
        select(RtlRow)
        .where(RtlRow.group_id == group.id, RtlRow.deleted_at.is_(None))
        .order_by(RtlRow.position, RtlRow.id)
    ).all()


def get_row(row_id: int) -> RtlRow | None:
    row = db.session.get(RtlRow, row_id)
    return row if row is not None and row.deleted_at is None else None


def create_row(group: Group, client_id, data: dict, user=None) -> tuple[RtlRow, bool]:
    """A new RTL row, or the row this ``client_id`` already made (then ``created`` is False)."""
    if group.is_locked:
        raise Locked()
    if not valid_client_id(client_id):
        raise InvalidInput({"client_id": str(_l("A client_id (a UUID) is required."))})
    existing = _row_by_client_id(group, client_id)
    if existing is not None:
        return existing, False
    values = clean_rtl(data)
    if "position" not in values:
        top = db.session.execute(
            select(func.max(RtlRow.position)).where(RtlRow.group_id == group.id)
        ).scalar()
        values["position"] = (top or 0) + 1
    now = utcnow()
    row = RtlRow(
        event_id=group.event_id,
        group_id=group.id,
        client_id=client_id,
        created_at=now,
        updated_at=now,
        **values,
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        # The same create, sent twice at once: the other one made the row.
        existing = _row_by_client_id(group, client_id)
        if existing is None:  # pragma: no cover - not a client_id collision
            raise
        return existing, False
    revise(
        group,
        "rtl",
        row.id,
        "create",
        {k: (None, v) for k, v in values.items() if v not in (None, "") and k != "position"},
        row.version,
        user,
    )
    db.session.flush()
    return row, True


def _row_by_client_id(group: Group, client_id: str) -> RtlRow | None:
    return db.session.execute(
        select(RtlRow).where(RtlRow.group_id == group.id, RtlRow.client_id == client_id)
    ).scalar_one_or_none()


def update_row(row: RtlRow, base_version, data: dict, user=None) -> RtlRow:
    group = db.session.get(Group, row.group_id)
    if group.is_locked:
        raise Locked()
    values = clean_rtl(data)
    return save_versioned(row, group, "rtl", lambda r: r.id, base_version, values, user)


def delete_row(row: RtlRow, base_version, user=None) -> None:
    group = db.session.get(Group, row.group_id)
    if group.is_locked:
        raise Locked()
    db.session.refresh(row, with_for_update=True)
    if row.deleted_at is not None:  # deleted a moment ago by someone else
        raise Gone()
    base = check_base_version(base_version, row.version)
    if base != row.version:
        raise StaleVersion(row)
    try:
        with db.session.begin_nested():
            row.deleted_at = utcnow()
            db.session.flush()
            revise(group, "rtl", row.id, "delete", {}, row.version, user)
            db.session.flush()
    except StaleDataError:
        db.session.refresh(row)
        raise StaleVersion(row) from None


def row_json(row: RtlRow) -> dict:
    return {
        "id": row.id,
        "client_id": row.client_id,
        "version": row.version,
        **{name: getattr(row, name) for name in RTL_FIELDS},
        "budget_display": format_rupiah(row.budget),
        "updated_at": row.updated_at.isoformat() if row.updated_at else None,
    }
