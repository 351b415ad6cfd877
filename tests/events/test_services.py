from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import event_data, make_event, make_user
from workshop.events import services


def test_creator_becomes_organiser_and_slug_comes_from_the_title(ctx):
    siti = make_user("siti@serang.go.id")
    event = services.create_event(event_data(title="Bintek KLA: Hak Anak é 2026", slug=""), siti)
    assert event.slug == "bintek-kla-hak-anak-e-2026"
    assert services.role_in(event, siti) == "organiser"
    second = services.create_event(event_data(title="Bintek KLA: Hak Anak é 2026", slug=""), siti)
    assert second.slug == "bintek-kla-hak-anak-e-2026-2"


def test_registration_times_are_typed_in_local_time_and_stored_in_utc(ctx):
    siti = make_user("siti@serang.go.id")
    event = services.create_event(
        event_data(
            timezone="Asia/Jayapura",
            registration_opens_at=datetime(2026, 11, 1, 8, 0),
            registration_closes_at=datetime(2026, 11, 17, 17, 0),
        ),
        siti,
    )
    assert event.registration_opens_at == datetime(2026, 10, 31, 23, 0, tzinfo=UTC)  # 08:00 WIT = 23:00 UTC
    assert event.local(event.registration_closes_at).hour == 17


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"ends_on": datetime(2026, 1, 1).date(), "starts_on": datetime(2026, 1, 2).date()}, "ends_on"),
        ({"starts_on": datetime(2026, 1, 1).date(), "ends_on": datetime(2026, 6, 1).date()}, "ends_on"),
        ({"timezone": "Europe/Amsterdam"}, "timezone"),
        ({"status": "published"}, "status"),
        ({"slug": "manage"}, "slug"),
        (
            {"registration_opens_at": datetime(2026, 1, 2), "registration_closes_at": datetime(2026, 1, 1)},
            "registration_closes_at",
        ),
    ],
)
def test_broken_rules_name_their_field_and_store_nothing(ctx, overrides, field):
    siti = make_user("siti@serang.go.id")
    with pytest.raises(services.EventError) as error:
        services.create_event(event_data(**overrides), siti)
    assert error.value.field == field
    assert services.events_for(siti) == []


def test_a_slug_in_use_is_refused(ctx):
    siti = make_user("siti@serang.go.id")
    make_event(siti, slug="kla-serang")
    with pytest.raises(services.EventError) as error:
        services.create_event(event_data(slug="kla-serang"), siti)
    assert error.value.field == "slug"


def test_who_may_create_events(ctx):
    siti = make_user("siti@serang.go.id")
    budi = make_user("budi@serang.go.id")
    admin = make_user("admin@bintek.id", is_admin=True)
    assert services.can_create_events(admin)
    assert not services.can_create_events(siti)
    event = make_event(admin)
    services.add_member(event, siti, "organiser")
    services.add_member(event, budi, "staff")
    assert services.can_create_events(siti)
    assert not services.can_create_events(budi)


def test_members_see_only_their_events_and_admins_see_all(ctx):
    siti = make_user("siti@serang.go.id")
    rina = make_user("rina@lebak.go.id")
    admin = make_user("admin@bintek.id", is_admin=True)
    serang = make_event(siti, slug="serang")
    make_event(rina, slug="lebak")
    assert [e.slug for e, _ in services.events_for(siti)] == ["serang"]
    assert sorted(e.slug for e, _ in services.events_for(admin)) == ["lebak", "serang"]
    assert services.role_in(serang, rina) is None


def test_invitation_works_once_and_only_before_it_expires(ctx):
    siti = make_user("siti@serang.go.id")
    dewi = make_user("dewi@serang.go.id")
    budi = make_user("budi@serang.go.id")
    event = make_event(siti)
    invitation, token = services.create_invitation(event, "facilitator", "Dewi", siti, valid_days=7)
    assert token not in invitation.token_hash
    assert services.find_invitation(token) is invitation
    membership = services.accept_invitation(invitation, dewi)
    assert membership.role == "facilitator"
    with pytest.raises(services.EventError):
        services.accept_invitation(services.find_invitation(token), budi)
    assert services.role_in(event, budi) is None

    late, _ = services.create_invitation(event, "staff", "", siti, valid_days=7)
    with pytest.raises(services.EventError):
        services.accept_invitation(late, budi, now=late.expires_at + timedelta(seconds=1))


def test_a_withdrawn_invitation_does_not_work(ctx):
    siti = make_user("siti@serang.go.id")
    budi = make_user("budi@serang.go.id")
    event = make_event(siti)
    invitation, _ = services.create_invitation(event, "staff", "", siti, valid_days=7)
    services.revoke_invitation(event, invitation)
    assert services.pending_invitations(event) == []
    with pytest.raises(services.EventError):
        services.accept_invitation(invitation, budi)


def test_the_last_organiser_cannot_be_removed(ctx):
    siti = make_user("siti@serang.go.id")
    event = make_event(siti)
    (membership,) = services.members_of(event)
    with pytest.raises(services.EventError):
        services.remove_member(event, membership)
    budi = make_user("budi@serang.go.id")
    services.add_member(event, budi, "organiser")
    services.remove_member(event, membership)
    assert [m.user.email for m in services.members_of(event)] == ["budi@serang.go.id"]


def test_drafts_are_not_public(ctx):
    siti = make_user("siti@serang.go.id")
    draft = make_event(siti, slug="draft", status="draft")
    open_event = make_event(siti, slug="open", status="open")
    assert services.get_public_event("draft") is None
    assert services.get_public_event("open") is open_event
    assert services.open_events() == [open_event]
    assert draft not in services.open_events()
