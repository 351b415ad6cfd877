"""The participant's rules, tested on the services without requests."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from tests.conftest import make_attendee, make_event, make_user
from tests.registration.helpers import form_data, local_naive
from workshop.attendees.models import Attendee
from workshop.extensions import db
from workshop.registration import services
from workshop.registration.services import RegistrationClosed, RegistrationError


@pytest.fixture
def organiser(ctx):
    # Texts are asserted in English, the message ids (the Indonesian catalogue is filled later).
    with force_locale("en"):
        user = make_user("panitia@serang.go.id")
        db.session.flush()
        yield user


def person(**overrides) -> dict:
    data = form_data(**overrides)
    data.pop("consent", None)
    return data


def register(event, consent=True, **kwargs):
    data = kwargs.pop("data", None) or person()
    return services.register_participant(event, data, consent_given=consent, **kwargs)


def count(event) -> int:
    return db.session.execute(
        select(func.count(Attendee.id)).where(Attendee.event_id == event.id)
    ).scalar_one()


def problems_of(excinfo) -> dict[str, str]:
    return {p.field: p.code or p.level for p in excinfo.value.problems}


# ---- the window, the status and the capacity ---------------------------------------------------


def test_registration_is_open_without_a_window(organiser):
    assert services.registration_state(make_event(organiser)) == "open"


def test_registration_before_the_window_opens(organiser):
    event = make_event(organiser, registration_opens_at=local_naive(days=1))
    assert services.registration_state(event) == "not_yet"
    with pytest.raises(RegistrationClosed) as e:
        register(event)
    assert e.value.reason == "not_yet"
    assert count(event) == 0


def test_registration_after_the_window_closes(organiser):
    event = make_event(
        organiser, registration_opens_at=local_naive(days=-3), registration_closes_at=local_naive(hours=-1)
    )
    assert services.registration_state(event) == "ended"
    with pytest.raises(RegistrationClosed):
        register(event)


def test_without_a_closing_time_registration_ends_with_the_event(organiser):
    event = make_event(
        organiser, starts_on=date.today() - timedelta(days=5), ends_on=date.today() - timedelta(days=3)
    )
    assert services.registration_state(event) == "ended"
    # The event's own today (WIB), not the machine's: from 17:00 UTC on they differ.
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    last_day = make_event(organiser, slug="today", timezone="Asia/Jakarta", starts_on=today, ends_on=today)
    assert services.registration_state(last_day) == "open"
    # Midnight after the last day, in the event's own zone (WIT is UTC+9).
    east = make_event(organiser, slug="papua", timezone="Asia/Jayapura")
    midnight = datetime.combine(east.ends_on + timedelta(days=1), datetime.min.time()) - timedelta(hours=9)
    assert (
        services.registration_state(east, now=midnight.replace(tzinfo=UTC) - timedelta(seconds=1)) == "open"
    )
    assert services.registration_state(east, now=midnight.replace(tzinfo=UTC)) == "ended"


@pytest.mark.parametrize("status, state", [("closed", "closed"), ("draft", "not_public")])
def test_registration_needs_an_open_event(organiser, status, state):
    event = make_event(organiser, status=status)
    assert services.registration_state(event) == state
    with pytest.raises(RegistrationClosed):
        register(event)


def test_capacity_counts_registered_peserta_only(organiser):
    event = make_event(organiser, capacity=2)
    make_attendee(event, nip="19700101 199503 1 001", phone="0811-1000-0001")
    make_attendee(event, nip=None, category="non-ASN", golongan="", role="narasumber", phone="0811-1000-0002")
    cancelled = make_attendee(event, nip="19700101 199503 1 002", phone="0811-1000-0003")
    from workshop.attendees.services import cancel_attendee

    cancel_attendee(cancelled)
    assert services.registration_state(event) == "open"
    register(event)
    assert services.registration_state(event) == "full"
    with pytest.raises(RegistrationClosed) as e:
        register(event, data=person(nip="19900101 201801 2 003", phone="0813-1111-2222"))
    assert e.value.reason == "full"


# ---- registering ---------------------------------------------------------------------------


def test_registration_stores_a_peserta_with_the_notice_they_agreed_to(organiser):
    event = make_event(organiser, retention_months=18, privacy_contact="Sekretariat KLA, 0254-200100")
    attendee = register(event, data=person(role="narasumber"))
    assert attendee.role == "peserta"  # the public form registers participants only
    assert attendee.source == "registration"
    assert attendee.nip == "198609262015052001"
    assert attendee.phone == "+6281298765432"
    assert attendee.institution.name == "Dinas Kesehatan"
    assert attendee.consent_at is not None
    assert attendee.consent_text == services.consent_notice(event)
    assert "18 months" in attendee.consent_text
    assert "Sekretariat KLA, 0254-200100" in attendee.consent_text
    for right in ("see your data", "corrected", "deleted", "withdraw your consent"):
        assert right in attendee.consent_text
    assert event.title in attendee.consent_text


def test_registration_without_consent_is_refused(organiser):
    event = make_event(organiser)
    with pytest.raises(RegistrationError) as e:
        register(event, consent=False)
    assert "consent" in problems_of(e)
    assert count(event) == 0


def test_every_problem_is_reported_at_once(organiser):
    event = make_event(organiser)
    with pytest.raises(RegistrationError) as e:
        register(event, consent=False, data=person(full_name="Budi 2", nip="123", phone="", institution=""))
    assert {"consent", "full_name", "nip", "phone", "institution"} <= set(problems_of(e))


def test_a_child_needs_a_guardian_name_and_consent(organiser):
    event = make_event(organiser)
    child = person(
        full_name="Aisyah Putri",
        category="Forum Anak",
        nip="",
        golongan="",
        position="Ketua Forum Anak",
        institution="Forum Anak Kota Serang",
        phone="0857-1234-5678",
    )
    with pytest.raises(RegistrationError) as e:
        register(event, data=child)
    assert {"guardian_name", "guardian_consent"} <= set(problems_of(e))
    with pytest.raises(RegistrationError) as e:
        register(event, data=child, guardian_name="Ibu Rahma", guardian_consent=False)
    assert set(problems_of(e)) == {"guardian_consent"}
    assert count(event) == 0

    attendee = register(event, data=child, guardian_name="Rahmawati", guardian_consent=True)
    assert attendee.guardian_name == "Rahmawati"
    assert attendee.guardian_consent_method == "online"
    assert attendee.guardian_consent_at is not None
    assert services.guardian_statement() in attendee.consent_text
    assert not services.needs_guardian(attendee)


def test_nip_sex_digit_against_gender_needs_a_confirmation(organiser):
    event = make_event(organiser)
    data = person(gender="L")  # the NIP's 15th digit says P
    with pytest.raises(RegistrationError) as e:
        register(event, data=data)
    assert e.value.errors == []
    assert [(w.field, w.code) for w in e.value.warnings] == [("nip", "nip_gender")]
    assert count(event) == 0
    attendee = register(event, data=data, confirmed={"nip:nip_gender"})
    assert attendee.gender == "L"


def test_a_confirmation_covers_only_the_warnings_that_were_shown(organiser):
    event = make_event(organiser)
    make_attendee(event, nip="19700101 199503 1 001", phone="0812-9876-5432")
    data = person(gender="L")
    with pytest.raises(RegistrationError) as e:
        register(event, data=data, confirmed={"nip:nip_gender"})
    assert {(w.field, w.code) for w in e.value.warnings} == {
        ("nip", "nip_gender"),
        ("phone", "duplicate_phone"),
    }
    assert (
        register(event, data=data, confirmed={"nip:nip_gender", "phone:duplicate_phone"}).phone
        == "+6281298765432"
    )


def test_the_same_nip_twice_is_refused(organiser):
    event = make_event(organiser)
    register(event)
    with pytest.raises(RegistrationError) as e:
        register(event, data=person(phone="0813-5555-6666"), confirmed={"phone:duplicate_phone"})
    assert problems_of(e) == {"nip": "duplicate_nip"}
    assert count(event) == 1


def test_the_last_seat_is_taken_once(organiser, monkeypatch):
    """The capacity is checked again after the row is written (taking a registration number locks
    the event row, so a second registration waits for the first)."""
    event = make_event(organiser, capacity=1)
    register(event)
    # As if the first check had seen a free seat: two people pressed the button at once.
    monkeypatch.setattr(services, "is_full", lambda e: False)
    with pytest.raises(RegistrationClosed) as e:
        register(event, data=person(nip="19900101 201801 2 003", phone="0813-1111-2222"))
    assert e.value.reason == "full"


# ---- one's own data --------------------------------------------------------------------------


def test_correcting_keeps_the_role_and_applies_the_same_rules(organiser):
    event = make_event(organiser)
    speaker = make_attendee(event, role="narasumber")
    with pytest.raises(RegistrationError) as e:
        services.correct_attendee(speaker, person(full_name="<b>x</b>"))
    assert "full_name" in problems_of(e)
    services.correct_attendee(
        speaker, person(full_name="Prof. Dr. Ahmad Ma'ruf", gender="L", nip="19860926 201505 1 001")
    )
    assert speaker.role == "narasumber"
    assert speaker.full_name == "Prof. Dr. Ahmad Ma'ruf"


def test_deletion_request_cancels_with_the_reason(organiser):
    event = make_event(organiser)
    attendee = make_attendee(event)
    services.request_deletion(attendee)
    assert attendee.status == "cancelled"
    assert attendee.cancel_reason == "Permintaan penghapusan data oleh peserta"
    with pytest.raises(RegistrationError):
        services.request_deletion(attendee)


def test_accepting_the_notice_keeps_the_first_consent(organiser):
    event = make_event(organiser)
    attendee = make_attendee(event)
    assert attendee.consent_at is None
    services.accept_consent(attendee)
    first = attendee.consent_at
    assert attendee.consent_text == services.consent_notice(event)
    services.accept_consent(attendee)
    assert attendee.consent_at == first


def test_personal_data_holds_every_field_and_the_event(organiser):
    event = make_event(organiser)
    attendee = register(event)
    data = services.personal_data(attendee)
    assert data["event"]["title"] == event.title
    record = data["attendee"]
    assert record["full_name"] == "Dr. Siti Aminah, S.Pd., M.Si."
    assert record["consent_text"] == attendee.consent_text
    assert record["consent_at"] == attendee.consent_at.isoformat()
    assert record["institution_name"] == "Dinas Kesehatan"
    assert record["institution_text"] == "Dinkes"
    for column in (
        "nip",
        "phone",
        "email",
        "golongan",
        "position",
        "work_unit",
        "reg_number",
        "status",
        "created_at",
    ):
        assert column in record
