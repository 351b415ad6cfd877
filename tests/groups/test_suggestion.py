"""The suggested assignment: the institution's cluster first, then the others balanced by size
and gender; Kelembagaan counts as unmatched when there is no Kelembagaan group."""

from collections import Counter

import pytest

from tests.conftest import make_event, make_user
from tests.groups.conftest import person
from workshop.extensions import db
from workshop.groups import services

UNMATCHED = ["Universitas Serang Raya", "PKK Kota Serang", "LPA Banten", "Bappeda", "Kecamatan Taktakan"]


@pytest.fixture
def event(ctx):
    return make_event(make_user("panitia@serang.go.id"), slug="kla-serang")


@pytest.fixture
def skewed(event):
    """Twelve people from Dinas Kesehatan, two from Disdukcapil, twenty without a matching group."""
    people = {"dinkes": [], "dukcapil": [], "other": []}
    for n in range(12):
        spelling = ("Dinas Kesehatan Kota Serang", "Dinkes", "DINKES KOTA SERANG")[n % 3]
        people["dinkes"].append(person(event, n, spelling, gender="LP"[n % 2]))
    people["dukcapil"].append(person(event, 20, "Disdukcapil Kota Serang", gender="P"))
    people["dukcapil"].append(person(event, 21, "Dinas Kependudukan dan Pencatatan Sipil"))
    for n in range(20):
        # Mostly women among the unmatched, so gender balance has something to do.
        people["other"].append(
            person(event, 30 + n, UNMATCHED[n % len(UNMATCHED)], gender="P" if n % 4 else "L")
        )
    db.session.flush()
    return people


def test_skewed_suggestion_follows_clusters_then_balances(event, skewed):
    groups = {g.cluster: g for g in services.create_default_groups(event)}
    before = {p.id: p.group_id for p in services.participants(event)}

    suggestion = services.suggest_assignment(event)
    placed = {p.attendee.id: p for p in suggestion.placements}

    assert {placed[p.id].group.cluster for p in skewed["dinkes"]} == {"III"}
    assert {placed[p.id].group.cluster for p in skewed["dukcapil"]} == {"I"}
    assert all(placed[p.id].by_cluster for p in skewed["dinkes"] + skewed["dukcapil"])
    # The unmatched (Bappeda too: there is no Kelembagaan group) fill the smaller groups, never III.
    assert all(not placed[p.id].by_cluster and placed[p.id].group.cluster != "III" for p in skewed["other"])
    sizes = Counter(p.group.cluster for p in suggestion.placements)
    assert sizes["III"] == 12
    others = [sizes[c] for c in ("I", "II", "IV", "V")]
    assert sum(others) == 22 and max(others) - min(others) <= 1, sizes
    # Gender: every balancing group got men as well as women.
    for code in ("II", "IV", "V"):
        genders = suggestion.sizes[groups[code].id]
        assert genders["L"] >= 1 and genders["P"] >= 1, (code, genders)
    # Shown, not applied.
    assert {p.id: p.group_id for p in services.participants(event)} == before

    moved = services.apply_assignment(event, suggestion.mapping())
    assert moved == 34
    assert {p.group_id for p in skewed["dinkes"]} == {groups["III"].id}


def test_the_same_people_give_the_same_suggestion(event, skewed):
    services.create_default_groups(event)
    assert services.suggest_assignment(event).mapping() == services.suggest_assignment(event).mapping()


def test_kelembagaan_group_takes_its_institutions(event):
    bappeda = person(event, 1, "Bappeda Kota Serang")
    dp3a = person(event, 2, "DP3AKB", gender="P")
    groups = {g.cluster: g for g in services.create_default_groups(event, with_kelembagaan=True)}
    placed = {p.attendee.id: p for p in services.suggest_assignment(event).placements}
    assert placed[bappeda.id].group.id == groups["kelembagaan"].id and placed[bappeda.id].by_cluster
    assert placed[dp3a.id].group.id == groups["kelembagaan"].id


def test_without_kelembagaan_its_institutions_are_unmatched(event):
    bappeda = person(event, 1, "Bappeda Kota Serang")
    services.create_default_groups(event)
    placed = {p.attendee.id: p for p in services.suggest_assignment(event).placements}
    assert placed[bappeda.id].by_cluster is False


def test_suggestion_needs_groups(event):
    person(event, 1, "Dinkes")
    with pytest.raises(services.GroupError):
        services.suggest_assignment(event)


def test_apply_refuses_people_of_another_event(event):
    services.create_default_groups(event)
    other_event = make_event(make_user("other@lebak.go.id"), slug="kla-lebak")
    stranger = person(other_event, 5, "Dinkes")
    groups = services.groups_of(event)
    with pytest.raises(services.GroupError):
        services.apply_assignment(event, {stranger.id: groups[0].id})


def test_move_by_hand_one_or_many(event):
    a, b = person(event, 1, "Dinkes"), person(event, 2, "Dinkes", gender="P")
    groups = services.create_default_groups(event)
    assert services.move_attendees(event, [a.id, b.id], groups[4]) == 2
    assert a.group_id == b.group_id == groups[4].id
    assert services.move_attendees(event, [a.id], None) == 1
    assert a.group_id is None
    with pytest.raises(services.GroupError):
        services.move_attendees(event, [], groups[0])
