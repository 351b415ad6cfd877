"""Adoption (penetapan) of a group's RTL in the plenary: the organiser marks the RTL adopted and
records the group chair's name. From then on the RTL documents drop "Draf" and carry a lembar
pengesahan (adoption page) with the facilitator's and the chair's names and signature lines.

Rules: only a group with at least one RTL row can be adopted; the chair's name is required;
adopting locks the output (facilitators can no longer edit what the plenary adopted); unlocking
withdraws the adoption, so no document says "adopted" over a changed RTL. Every change is on the
audited ``Group`` row. Plain functions: they flush, never commit, never read the request."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from workshop.core.db import utcnow
from workshop.extensions import db
from workshop.groups.models import Group, OutputStatus, RtlRow

MAX_CHAIR_NAME = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class AdoptionRefused(Exception):
    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


def clean_chair_name(value) -> str:
    name = " ".join(_CONTROL.sub(" ", str(value or "")).split())
    if not name:
        raise AdoptionRefused(_l("Enter the name of the group's chair."), "chair_name")
    if len(name) > MAX_CHAIR_NAME:
        raise AdoptionRefused(_l("At most %(n)d characters.", n=MAX_CHAIR_NAME), "chair_name")
    return name


def row_count(group: Group) -> int:
    return db.session.execute(
        select(func.count(RtlRow.id)).where(RtlRow.group_id == group.id, RtlRow.deleted_at.is_(None))
    ).scalar_one()


def adopt(group: Group, chair_name, user=None) -> Group:
    """Mark the group's RTL adopted in the plenary (again: only the chair's name changes)."""
    name = clean_chair_name(chair_name)
    if row_count(group) == 0:
        raise AdoptionRefused(_l("The group has no RTL rows yet: there is nothing to adopt."))
    group.chair_name = name
    if group.adopted_at is None:
        group.adopted_at = utcnow()
        group.adopted_by_id = getattr(user, "id", None)
    group.output_status = OutputStatus.LOCKED.value
    group.reviewed_at = utcnow()
    db.session.flush()
    return group


def withdraw(group: Group) -> Group:
    """The RTL is no longer adopted (the chair's name is kept for the next adoption)."""
    group.adopted_at = None
    group.adopted_by_id = None
    db.session.flush()
    return group


def is_adopted(group: Group) -> bool:
    return group.adopted_at is not None
