"""The review of a group's output: submitted by the group, returned with a comment or locked by
an organiser, unlocked again. Plain functions: they flush, never commit."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from workshop.core.db import utcnow
from workshop.extensions import db
from workshop.groups.errors import GroupError, Locked
from workshop.groups.models import Group, OutputStatus


def submit_output(group: Group) -> None:
    if group.is_locked:
        raise Locked()
    # A returned output that is submitted again has answered the comment: unlocking it later
    # must not bring the old comment back as "returned".
    group.review_comment = ""
    group.output_status = OutputStatus.SUBMITTED.value
    group.submitted_at = utcnow()
    db.session.flush()


def return_output(group: Group, comment: str) -> None:
    comment = (comment or "").strip()
    if not comment:
        raise GroupError(_l("Say what should change."), "comment")
    if len(comment) > 2000:
        raise GroupError(_l("At most %(n)d characters.", n=2000), "comment")
    group.output_status = OutputStatus.RETURNED.value
    group.review_comment = comment
    group.reviewed_at = utcnow()
    db.session.flush()


def lock_output(group: Group) -> None:
    group.output_status = OutputStatus.LOCKED.value
    group.reviewed_at = utcnow()
    db.session.flush()


def unlock_output(group: Group) -> None:
    group.output_status = OutputStatus.RETURNED.value if group.review_comment else OutputStatus.DRAFT.value
    group.reviewed_at = utcnow()
    db.session.flush()


def status_label(status: str) -> str:
    return str(
        {
            "draft": _l("Draft"),
            "submitted": _l("Submitted"),
            "returned": _l("Returned"),
            "locked": _l("Locked"),
        }.get(status, status)
    )
