"""The organiser list's rules: search, filters, sort and counts (services, no client)."""

import pytest

from tests.attendees.factories import add_person
from tests.conftest import make_event, make_user
from workshop.attendees import listing, services
from workshop.attendees.listing import AttendeeQuery


@pytest.fixture
def event(ctx):
    organiser = make_user("org@serang.go.id")
    event = make_event(organiser, slug="kla-serang")
    people = [
        add_person(event, 1, full_name="Siti Aminah, S.Kep.", gender="P", institution="Dinkes"),
        add_person(event, 2, full_name="Budi Santoso", institution="DINAS KESEHATAN KOTA SERANG"),
        add_person(
            event,
            3,
            full_name="Dr. Ré Ölsen",
            institution="Universitas Sultan Ageng Tirtayasa",
            role="narasumber",
            category="dunia usaha",
        ),
        add_person(
            event, 4, full_name="Rina Marlina", gender="P", institution="Bappeda Kota Serang", category="PPPK"
        ),
        add_person(event, 5, full_name="Adi Nugraha", institution="Bappeda", role="panitia"),
        add_person(
            event,
            6,
            full_name="Nabila Putri",
            gender="P",
            institution="Forum Anak Kota Serang",
            category="Forum Anak",
            phone="",
            email="",
        ),
    ]
    services.cancel_attendee(people[4], "sakit")
    other_event = make_event(organiser, slug="kla-lebak", title="KLA Lebak")
    add_person(other_event, 7, full_name="Siti Lain", gender="P", institution="Dinkes")
    return event


def names(event, **query):
    return [a.full_name for a in listing.find_attendees(event, AttendeeQuery(**query))]


def test_default_list_is_the_registered_people_of_this_event_by_name(event):
    assert names(event) == [
        "Budi Santoso",
        "Dr. Ré Ölsen",
        "Nabila Putri",
        "Rina Marlina",
        "Siti Aminah, S.Kep.",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("siti", ["Siti Aminah, S.Kep."]),  # name, any case; never the other event's Siti
        ("dinas kesehatan", ["Budi Santoso", "Siti Aminah, S.Kep."]),  # canonical institution: Dinkes counts
        ("DINKES", ["Siti Aminah, S.Kep."]),  # as typed
        ("ageng", ["Dr. Ré Ölsen"]),
        ("2", ["Budi Santoso"]),  # registration number
        ("002", ["Budi Santoso"]),
        ("0813-0004", ["Rina Marlina"]),  # phone digits as people write them
        ("00040004", ["Rina Marlina"]),
        ("19800303", ["Budi Santoso"]),  # start of a NIP
        ("budi kesehatan", ["Budi Santoso"]),  # every word must match
        ("100%", []),  # LIKE wildcards are taken literally
        ("_", []),
    ],
)
def test_search(event, text, expected):
    assert names(event, text=text) == expected


def test_filters_combine(event):
    assert names(event, gender="P") == ["Nabila Putri", "Rina Marlina", "Siti Aminah, S.Kep."]
    assert names(event, role="narasumber") == ["Dr. Ré Ölsen"]
    assert names(event, category="PPPK") == ["Rina Marlina"]
    assert names(event, gender="P", category="PNS") == ["Siti Aminah, S.Kep."]
    assert names(event, status="cancelled") == ["Adi Nugraha"]
    assert len(names(event, status="all")) == 6


def test_institution_filter_uses_the_canonical_institution(event):
    dinkes = next(i for i, _ in services.institutions_of(event) if i.name.startswith("Dinas Kesehatan"))
    assert names(event, institution_id=dinkes.id) == ["Budi Santoso", "Siti Aminah, S.Kep."]


def test_sorts(event):
    assert names(event, sort="reg") == [
        "Siti Aminah, S.Kep.",
        "Budi Santoso",
        "Dr. Ré Ölsen",
        "Rina Marlina",
        "Nabila Putri",
    ]
    assert names(event, sort="created")[0] == "Nabila Putri"
    by_institution = [
        a.institution_name for a in listing.find_attendees(event, AttendeeQuery(sort="institution"))
    ]
    assert by_institution == sorted(by_institution, key=str.lower)


def test_counts_of_the_filtered_set(event):
    counts = listing.counts(event, AttendeeQuery())
    assert counts.total == 5
    assert counts.by_gender == {"L": 2, "P": 3}
    assert counts.by_category == {
        "PNS": {"L": 1, "P": 1, "total": 2},
        "PPPK": {"L": 0, "P": 1, "total": 1},
        "Forum Anak": {"L": 0, "P": 1, "total": 1},
        "dunia usaha": {"L": 1, "P": 0, "total": 1},
    }
    assert list(counts.by_category) == ["PNS", "PPPK", "Forum Anak", "dunia usaha"]  # the usual order
    assert counts.by_role == {"peserta": 4, "narasumber": 1}
    women = listing.counts(event, AttendeeQuery(gender="P"))
    assert (women.total, women.by_gender, women.by_role) == (3, {"P": 3}, {"peserta": 3})
    everyone = listing.counts(event, AttendeeQuery(status="all"))
    assert everyone.total == 6 and everyone.by_role["panitia"] == 1


def test_paging_and_selection(event):
    assert names(event, sort="reg")[:2] == [
        a.full_name for a in listing.find_attendees(event, AttendeeQuery(sort="reg"), limit=2)
    ]
    second_page = listing.find_attendees(event, AttendeeQuery(sort="reg"), limit=2, offset=2)
    assert [a.full_name for a in second_page] == ["Dr. Ré Ölsen", "Rina Marlina"]
    budi = listing.find_attendees(event, AttendeeQuery(text="Budi"))[0]
    assert [a.id for a in listing.find_attendees(event, AttendeeQuery(ids=[budi.id]))] == [budi.id]


def test_replacement_is_found_from_both_sides(event):
    old = listing.find_attendees(event, AttendeeQuery(text="Budi"))[0]
    new = services.replace_attendee(
        old, {"full_name": "Bambang Irawan", "gender": "L", "category": "non-ASN"}, confirm_warnings=True
    )
    assert listing.replacement_of(old).id == new.id
    assert new.replaces.id == old.id
    assert new.institution_text == "DINAS KESEHATAN KOTA SERANG"
    assert listing.replacement_of(new) is None


def test_typed_spellings_and_summary(event):
    spellings = listing.typed_spellings(event)
    dinkes = next(i for i, _ in services.institutions_of(event) if i.name.startswith("Dinas Kesehatan"))
    assert sorted(spellings[dinkes.id]) == [("DINAS KESEHATAN KOTA SERANG", 1), ("Dinkes", 1)]
    summary = listing.summary(event)
    assert summary == {"peserta": 4, "total": 5, "by_role": {"peserta": 4, "narasumber": 1}, "capacity": 80}


def test_get_attendee_refuses_another_events_person(event, ctx):
    from sqlalchemy import select

    from workshop.attendees.models import Attendee

    stranger = ctx.execute(select(Attendee).where(Attendee.full_name == "Siti Lain")).scalar_one()
    assert listing.get_attendee(event, stranger.id) is None
    assert listing.get_attendee(event, 999999) is None


@pytest.mark.parametrize("text", ["0813 0004 0004", "+62 813-0004-0004", "62813 0004", "0004 0004"])
def test_phone_typed_in_groups(event, text):
    assert names(event, text=text) == ["Rina Marlina"]


def test_nip_typed_with_spaces(event):
    from tests.attendees.factories import nip

    assert names(event, text=nip(2)) == ["Budi Santoso"]
