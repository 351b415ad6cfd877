"""Facilitators of the groups, and who may work on a group's notes and RTL. Plain functions: they
flush, never commit."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from workshop.auth.models import User
from workshop.events.models import Event, MemberRole, Membership
from workshop.extensions import db
from workshop.groups.errors import GroupError
from workshop.groups.models import Group, GroupFacilitator


def facilitator_candidates(event: Event) -> list[User]:
    return list(
        db.session.execute(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.event_id == event.id, Membership.role == MemberRole.FACILITATOR.value)
            .order_by(User.name)
        ).scalars()
    )


def assign_facilitator(group: Group, user: User) -> GroupFacilitator:
    if user is None or user.id not in {
        u.id for u in facilitator_candidates(db.session.get(Event, group.event_id))
    }:
        raise GroupError(_l("Choose a facilitator of this event's team."), "user")
    if any(link.user_id == user.id for link in group.facilitator_links):
        raise GroupError(_l("This facilitator is already assigned to the group."), "user")
    link = GroupFacilitator(event_id=group.event_id, group=group, user=user)
    db.session.add(link)
    db.session.flush()
    return link


def remove_facilitator(group: Group, user_id: int) -> None:
    link = next((link for link in group.facilitator_links if link.user_id == user_id), None)
    if link is None:
        raise GroupError(_l("This facilitator is not assigned to the group."))
    db.session.delete(link)  # explicitly, so the audit log sees it (an orphan removal it would not)
    db.session.flush()
    db.session.expire(group, ["facilitator_links"])


def unassign_from_event(event: Event, user_id: int) -> None:
    """Someone who leaves the event's team facilitates none of its groups (each removal audited)."""
    for link in db.session.execute(
        select(GroupFacilitator).where(
            GroupFacilitator.event_id == event.id, GroupFacilitator.user_id == user_id
        )
    ).scalars():
        db.session.delete(link)
    db.session.flush()


def groups_of_facilitator(event: Event, user: User) -> list[Group]:
    return list(
        db.session.execute(
            select(Group)
            .join(GroupFacilitator, GroupFacilitator.group_id == Group.id)
            .where(Group.event_id == event.id, GroupFacilitator.user_id == user.id)
            .order_by(Group.position, Group.name)
        ).scalars()
    )


def may_work_on(group: Group, user, role: str | None) -> bool:
    """Organisers (and admins) work on every group of their event; a facilitator only on the
    groups they are assigned to; nobody else."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_admin or role == MemberRole.ORGANISER.value:
        return True
    if role != MemberRole.FACILITATOR.value:
        return False
    return (
        db.session.execute(
            select(GroupFacilitator.id).where(
                GroupFacilitator.group_id == group.id, GroupFacilitator.user_id == user.id
            )
        ).first()
        is not None
    )
