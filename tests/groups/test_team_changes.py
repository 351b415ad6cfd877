"""A facilitator removed from the event's team stops facilitating its groups (the overview no
longer lists them, and the removal is audited like the membership)."""

from __future__ import annotations

from sqlalchemy import select

from workshop.core.audit import acting_as
from workshop.events import services as events
from workshop.events.models import Event, Membership
from workshop.extensions import db
from workshop.groups import services as groups
from workshop.groups.models import GroupFacilitator


def test_removing_a_facilitator_from_the_team_unassigns_their_groups(app, world):
    with app.app_context(), acting_as("test"):
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        user_id = world.users["facilitator"][0]
        group = groups.create_default_groups(event)[0]
        facilitator = next(u for u in groups.facilitator_candidates(event) if u.id == user_id)
        groups.assign_facilitator(group, facilitator)
        db.session.commit()
        assert db.session.execute(select(GroupFacilitator)).scalars().all()
        membership = db.session.execute(
            select(Membership).where(Membership.user_id == user_id, Membership.event_id == event.id)
        ).scalar_one()
        events.remove_member(event, membership)
        db.session.commit()
        assert db.session.execute(select(GroupFacilitator)).scalars().all() == []
        assert groups.groups_of_facilitator(event, facilitator) == []


def test_unlocking_a_resubmitted_output_does_not_bring_back_the_old_comment(app, world):
    from workshop.groups.models import OutputStatus

    with app.app_context(), acting_as("test"):
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        group = groups.create_default_groups(event)[0]
        groups.submit_output(group)
        groups.return_output(group, "Tambahkan anggaran.")
        groups.submit_output(group)
        groups.lock_output(group)
        groups.unlock_output(group)
        assert group.output_status == OutputStatus.DRAFT.value and group.review_comment == ""


def test_moving_ids_no_database_row_can_have_is_refused(app, world):
    import pytest

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        group = groups.create_default_groups(event)[0]
        with pytest.raises(groups.GroupError):
            groups.move_attendees(event, [world.attendee_id, 2**40], group)


def test_overview_counts_match_each_groups_own_attendance(app):
    from datetime import date

    from workshop.demo import seed_demo
    from workshop.demo.groups import seed_group_work
    from workshop.groups.models import RtlRow

    with app.test_request_context():
        event, _ = seed_demo(today=date(2026, 11, 18))
        seed_group_work(event)
        summaries = groups.overview(event)
        assert len(summaries) == 5
        for summary in summaries:
            seen = groups.attendance(summary.group)
            assert (summary.members, summary.present, summary.expected) == (
                len(seen.members),
                seen.present,
                seen.expected,
            )
            assert summary.rows == len(groups.rtl_rows(summary.group))
            assert summary.women + summary.men == summary.members
        assert all(s.expected > 0 for s in summaries)  # every group has its breakout sessions
        assert db.session.execute(select(RtlRow)).first() is not None
