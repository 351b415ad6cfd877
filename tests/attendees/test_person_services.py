"""Attendee services against the database: the rules that need the event."""

import pytest

from tests.conftest import make_event, make_user, person_data
from workshop.attendees import services
from workshop.attendees.models import AttendeeStatus


@pytest.fixture
def event(ctx):
    return make_event(make_user("siti@serang.go.id"))


def test_create_attendee_stores_clean_values_and_a_random_ticket(event):
    attendee = services.create_attendee(event, person_data())
    assert attendee.nip == "198609262015051001"
    assert attendee.phone == "+6281234567890"
    assert attendee.institution.name == "Dinas Kesehatan"
    assert attendee.institution_text == "Dinas Kesehatan Kota Serang"
    assert attendee.reg_number == 1 and attendee.reg_label == "001"
    assert len(attendee.ticket_code) >= 32  # 24 random bytes, URL-safe
    assert "1986" not in attendee.ticket_code and "maruf" not in attendee.ticket_code.lower()


def test_registration_numbers_count_up_per_event(event):
    other = make_event(make_user("rina@lebak.go.id"), slug="lebak")
    first = services.create_attendee(event, person_data())
    second = services.create_attendee(
        event, person_data(nip="19900101 201801 2 003", gender="P", phone="0813-1111-2222")
    )
    elsewhere = services.create_attendee(other, person_data())
    assert (first.reg_number, second.reg_number, elsewhere.reg_number) == (1, 2, 1)


def test_the_same_nip_twice_is_refused(event):
    services.create_attendee(event, person_data())
    with pytest.raises(services.AttendeeError) as error:
        services.create_attendee(event, person_data(phone="0813-9999-0000", email=""))
    assert [p.field for p in error.value.problems] == ["nip"]


def test_the_same_phone_twice_is_a_warning_to_confirm(event):
    services.create_attendee(event, person_data())
    colleague = person_data(full_name="Rina Lestari", gender="P", nip="19900101 201801 2 003")
    with pytest.raises(services.AttendeeError) as error:
        services.create_attendee(event, colleague)
    assert error.value.problems[0].level == "warning" and error.value.problems[0].code == "duplicate_phone"
    assert services.create_attendee(event, colleague, confirm_warnings=True).phone == "+6281234567890"


def test_sex_digit_contradicting_gender_is_a_warning(event):
    checked = services.check_attendee(event, person_data(gender="P"))
    assert checked.ok
    assert [w.code for w in checked.warnings] == ["nip_gender"]


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"category": "PNS", "nip": ""}, "nip"),
        ({"category": "PPPK", "nip": "123"}, "nip"),
        ({"category": "non-ASN", "golongan": "", "nip": "19860926 201505 1 001"}, "nip"),
        ({"category": "non-ASN", "nip": "", "golongan": "III/a"}, "golongan"),
        ({"institution": ""}, "institution"),
        ({"position": "<b>Kepala</b>"}, "position"),
        ({"role": "tamu"}, "role"),
    ],
)
def test_rules_name_the_field(event, overrides, field):
    checked = services.check_attendee(event, person_data(**overrides))
    assert field in [p.field for p in checked.errors]


def test_institutions_are_one_per_canonical_name_and_can_be_merged(event):
    a = services.create_attendee(event, person_data(institution="Dinkes"))
    b = services.create_attendee(
        event,
        person_data(
            nip="19900101 201801 2 003",
            gender="P",
            phone="0813-1111-2222",
            institution="DINAS KESEHATAN KOTA SERANG",
        ),
    )
    assert a.institution_id == b.institution_id
    c = services.create_attendee(
        event,
        person_data(
            nip="19910101 201901 1 004", phone="0813-2222-3333", institution="Dinas Kesehatan dan KB"
        ),
    )
    assert c.institution_id != a.institution_id
    keep, merge = a.institution, c.institution
    services.merge_institutions(event, keep, merge)
    assert {row[0].name: row[1] for row in services.institutions_of(event)} == {"Dinas Kesehatan": 3}
    # The merged spelling keeps mapping to the kept institution.
    d = services.create_attendee(
        event,
        person_data(
            nip="19920101 202001 1 005", phone="0813-4444-5555", institution="dinas kesehatan dan kb"
        ),
    )
    assert d.institution_id == keep.id


def test_cancel_keeps_the_person_and_replace_links_both(event):
    old = services.create_attendee(event, person_data())
    new = services.replace_attendee(
        old,
        person_data(
            full_name="Rina Lestari",
            gender="P",
            nip="19900101 201801 2 003",
            phone="0813-1111-2222",
            institution="",
        ),
    )
    assert old.status == AttendeeStatus.REPLACED.value
    assert new.replaces_id == old.id and new.institution_id == old.institution_id and new.role == old.role
    services.cancel_attendee(new, "Sakit")
    assert new.status == "cancelled" and new.cancel_reason == "Sakit"
    with pytest.raises(services.AttendeeError):
        services.cancel_attendee(new)
    services.restore_attendee(new)
    assert new.is_active


def test_find_ticket_needs_number_and_the_whole_phone_number(event):
    attendee = services.create_attendee(event, person_data())
    assert services.find_ticket(event, attendee.reg_number, "0812-3456-7890") is attendee
    assert services.find_ticket(event, attendee.reg_number, "+6281234567890") is attendee
    assert services.find_ticket(event, attendee.reg_number, "7890") is None  # printed nowhere, but short
    assert services.find_ticket(event, attendee.reg_number, "0812-3456-7891") is None
    assert services.find_ticket(event, attendee.reg_number + 1, "0812-3456-7890") is None


def test_holder_proof_is_nip_or_last_four_phone_digits(event):
    attendee = services.create_attendee(event, person_data())
    assert services.verify_holder(attendee, "19860926 201505 1 001")
    assert services.verify_holder(attendee, "7890")
    assert not services.verify_holder(attendee, "")
    assert not services.verify_holder(attendee, "1234")
    assert not services.verify_holder(attendee, "890")


def test_a_child_is_shown_by_initials(event):
    child = services.create_attendee(
        event,
        person_data(
            full_name="Aisyah Putri Ramadhani",
            gender="P",
            category="Forum Anak",
            nip="",
            golongan="",
            institution="Forum Anak Kota Serang",
            phone="",
            email="",
        ),
    )
    assert child.is_child and child.public_name == "A.P.R."
    assert child.institution.name == "Forum Anak Daerah"


def test_the_replacement_cannot_reuse_the_old_persons_nip(event):
    old = services.create_attendee(event, person_data())
    with pytest.raises(services.AttendeeError) as error:
        services.replace_attendee(old, person_data(full_name="Rina Lestari"))
    assert [p.code for p in error.value.problems] == ["duplicate_nip"]
    assert old.status == "registered"


def test_guardian_consent_only_for_children_and_known_methods(event):
    adult = services.create_attendee(event, person_data())
    with pytest.raises(services.AttendeeError):
        services.record_guardian_consent(adult, "Ibu Siti", "paper")
    child = services.create_attendee(
        event,
        person_data(
            full_name="Rafi Alfarizi", category="Forum Anak", nip="", golongan="", phone="", email=""
        ),
    )
    with pytest.raises(services.AttendeeError):
        services.record_guardian_consent(child, "Ibu Siti", "fax")
    services.record_guardian_consent(child, "Ibu Siti", "paper")
    assert child.guardian_consent_method == "paper" and child.guardian_consent_at


def test_a_bad_cancel_reason_changes_nothing(event):
    attendee = services.create_attendee(event, person_data())
    with pytest.raises(services.AttendeeError):
        services.cancel_attendee(attendee, "<script>")
    assert attendee.status == "registered"
