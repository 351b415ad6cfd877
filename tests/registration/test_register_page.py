"""The public registration form, as a person on a phone uses it."""

import re

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tests.conftest import make_attendee, make_event, make_user
from tests.registration.helpers import (
    attendees_of,
    english,
    event_by_slug,
    form_data,
    local_naive,
    notice_digest,
    register,
)
from workshop.core.audit import AuditEntry
from workshop.extensions import db
from workshop.registration import services


@pytest.fixture
def event_slug(app):
    with app.app_context():
        organiser = make_user("panitia@serang.go.id")
        make_event(
            organiser,
            slug="kla-serang",
            capacity=3,
            retention_months=12,
            privacy_contact="Sekretariat KLA, kla@example.go.id",
        )
        db.session.commit()
    return "kla-serang"


@pytest.fixture
def client(app):
    return english(app.test_client())


def make_closed_event(app, **overrides):
    with app.app_context():
        organiser = make_user("lain@serang.go.id")
        make_event(organiser, slug="tutup", **overrides)
        db.session.commit()
    return "tutup"


def test_registering_leads_to_the_ticket_and_stores_the_notice_shown(app, event_slug, client):
    form = client.get(f"/e/{event_slug}/register").get_data(as_text=True)
    assert "12 months" in form and "Sekretariat KLA, kla@example.go.id" in form
    assert 'name="consent"' in form
    response = client.post_form(f"/e/{event_slug}/register", form_data(notice=notice_digest(form)))
    assert response.status_code == 302
    code = re.fullmatch(r"/t/([A-Za-z0-9_-]+)", response.headers["Location"]).group(1)
    with app.app_context():
        [attendee] = attendees_of(event_slug)
        assert attendee.ticket_code == code and len(code) >= 16
        assert (attendee.full_name, attendee.role, attendee.source) == (
            "Dr. Siti Aminah, S.Pd., M.Si.",
            "peserta",
            "registration",
        )
        assert attendee.golongan == "III/c"
        # Exactly the text the form showed, paragraph by paragraph.
        for paragraph in attendee.consent_text.split("\n\n"):
            assert paragraph.replace("'", "&#39;") in form
        assert attendee.consent_at is not None
        # A registration is in the event's audit log, made by the public form.
        entry = db.session.execute(select(AuditEntry).where(AuditEntry.entity == "Attendee")).scalar_one()
        assert entry.actor == "public registration form" and entry.action == "create"
        assert entry.changes["ticket_code"][1] == "••••"
    ticket = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dr. Siti Aminah, S.Pd., M.Si." in ticket


def test_the_public_form_cannot_choose_a_role(app, event_slug, client):
    register(client, event_slug, role="narasumber")
    with app.app_context():
        assert [a.role for a in attendees_of(event_slug)] == ["peserta"]


def test_the_event_page_offers_registration_only_while_it_is_open(app, event_slug, client):
    page = client.get(f"/e/{event_slug}").get_data(as_text=True)
    assert f'href="/e/{event_slug}/register"' in page
    assert f'action="/e/{event_slug}/find-ticket"' in page
    slug = make_closed_event(
        app, registration_closes_at=local_naive(hours=-2), registration_opens_at=local_naive(days=-5)
    )
    page = client.get(f"/e/{slug}").get_data(as_text=True)
    assert f'href="/e/{slug}/register"' not in page
    assert f'action="/e/{slug}/find-ticket"' in page


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"registration_opens_at": "days:2"}, "Registration opens on"),
        (
            {"registration_opens_at": "days:-5", "registration_closes_at": "hours:-1"},
            "Registration has closed.",
        ),
        ({"status": "closed"}, "This event is closed."),
    ],
)
def test_outside_the_window_the_form_is_replaced_by_a_clear_page(app, client, overrides, message):
    values = {}
    for key, value in overrides.items():
        if key.startswith("registration_"):
            unit, amount = value.split(":")
            values[key] = local_naive(**{unit: float(amount)})
        else:
            values[key] = value
    slug = make_closed_event(app, **values)
    page = client.get(f"/e/{slug}/register").get_data(as_text=True)
    assert message in page
    assert 'name="full_name"' not in page
    response = client.post_form(f"/e/{slug}/register", form_data(notice="x"))
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert attendees_of(slug) == []


def test_a_full_event_says_so(app, event_slug, client):
    with app.app_context():
        event = event_by_slug(event_slug)
        for n in range(3):
            make_attendee(event, nip=f"19700101 199503 1 00{n + 1}", phone=f"0811-1000-000{n}")
        db.session.commit()
    page = client.get(f"/e/{event_slug}/register").get_data(as_text=True)
    assert "All places are taken" in page
    assert f'href="/e/{event_slug}/register"' not in client.get(f"/e/{event_slug}").get_data(as_text=True)
    response = client.post_form(f"/e/{event_slug}/register", form_data(notice="x"))
    assert "All places are taken" in response.get_data(as_text=True)
    with app.app_context():
        assert len(attendees_of(event_slug)) == 3


def test_a_draft_event_has_no_registration(app, client):
    slug = make_closed_event(app, status="draft")
    assert client.get(f"/e/{slug}/register").status_code == 404
    assert client.post_form(f"/e/{slug}/register", form_data()).status_code == 404
    assert client.get(f"/e/{slug}/find-ticket").status_code == 404
    assert client.get("/e/no-such-event/register").status_code == 404


def test_without_consent_nothing_is_stored_and_the_input_is_kept(app, event_slug, client):
    response = register(client, event_slug, consent=None)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Tick the box to agree to the use of your data." in page
    assert 'value="Dr. Siti Aminah, S.Pd., M.Si."' in page
    assert '<option selected value="PNS">PNS</option>' in page
    assert 'value="III/c" selected' in page
    with app.app_context():
        assert attendees_of(event_slug) == []


def test_a_changed_notice_must_be_read_again(app, event_slug, client):
    page = client.get(f"/e/{event_slug}/register").get_data(as_text=True)
    digest = notice_digest(page)
    with app.app_context():
        event_by_slug(event_slug).retention_months = 36
        db.session.commit()
    page = client.post_form(f"/e/{event_slug}/register", form_data(notice=digest)).get_data(as_text=True)
    assert "The notice about your data has changed" in page
    assert "36 months" in page
    with app.app_context():
        assert attendees_of(event_slug) == []


def test_a_child_needs_a_guardian(app, event_slug, client):
    child = dict(
        full_name="Aisyah Putri",
        category="Forum Anak",
        nip="",
        golongan="",
        institution="Forum Anak Kota Serang",
        phone="0857-1234-5678",
        position="Ketua",
    )
    page = register(client, event_slug, **child).get_data(as_text=True)
    assert 'id="guardian_name-error"' in page and 'id="guardian_consent-error"' in page
    with app.app_context():
        assert attendees_of(event_slug) == []
    response = register(client, event_slug, guardian_name="Rahmawati", guardian_consent="y", **child)
    assert response.status_code == 302
    with app.app_context():
        [attendee] = attendees_of(event_slug)
        assert (attendee.guardian_name, attendee.guardian_consent_method) == ("Rahmawati", "online")
        with force_locale("en"):  # the client reads English (helpers.py)
            assert services.guardian_statement() in attendee.consent_text


def test_nip_sex_digit_warning_needs_the_checkbox(app, event_slug, client):
    response = register(client, event_slug, gender="L")  # the NIP says P
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="field-warning" id="nip-warning"' in page
    assert "The NIP&#39;s 15th digit says P, but L was chosen" in page
    assert 'name="confirm_warnings"' in page
    warned = re.search(r'name="warned" value="([^"]*)"', page).group(1)
    assert warned == "nip:nip_gender"
    with app.app_context():
        assert attendees_of(event_slug) == []
    # Sending it again without ticking the box changes nothing.
    register(client, event_slug, gender="L", warned=warned)
    with app.app_context():
        assert attendees_of(event_slug) == []
    response = register(client, event_slug, gender="L", warned=warned, confirm_warnings="y")
    assert response.status_code == 302
    with app.app_context():
        assert [a.gender for a in attendees_of(event_slug)] == ["L"]


def test_a_second_registration_with_the_same_nip_is_refused(app, event_slug, client):
    assert register(client, event_slug).status_code == 302
    other = english(app.test_client())
    page = register(other, event_slug, phone="0813-4444-5555").get_data(as_text=True)
    assert "Someone with this NIP is already registered for this event." in page
    with app.app_context():
        assert len(attendees_of(event_slug)) == 1


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("full_name", "Budi <script>", "A name may contain letters"),
        ("full_name", "Budi 2", "A name cannot contain digits."),
        ("full_name", "", "Enter the full name."),
        ("full_name", "A" * 201, "At most 200 characters."),
        ("nip", "1986092620150520", "A NIP has 18 digits"),
        ("nip", "19861326 201505 2 001", "not a real date"),
        ("phone", "12345", "phone number"),
        ("phone", "", "Enter a mobile number."),
        ("email", "not-an-email", "This is not a valid email address."),
        ("golongan", "IX", "Write the golongan like III/a"),
        ("category", "", "Choose a category."),
        ("gender", None, "Choose L (male) or P (female)."),
        ("institution", "", "Enter the institution (OPD) or organisation."),
    ],
)
def test_bad_input_is_shown_next_to_the_field(app, event_slug, client, field, value, message):
    response = register(client, event_slug, **{field: value})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    error = re.search(rf'<small class="field-error" id="{field}-error">([^<]*)</small>', page)
    assert error, f"no error next to {field}"
    assert message in error.group(1).replace("&#39;", "'")
    assert "<script>" not in page.split("<main", 1)[1]
    with app.app_context():
        assert attendees_of(event_slug) == []


def test_a_phone_that_already_holds_a_ticket_is_told_so(app, event_slug, client):
    ticket_url = register(client, event_slug).headers["Location"]
    client.get(ticket_url)  # the ticket page remembers it on this phone
    page = client.get(f"/e/{event_slug}/register").get_data(as_text=True)
    assert "This phone already holds a ticket for this event" in page
    assert f'href="{ticket_url}"' in page


def test_registration_is_rate_limited_per_browser_not_per_venue(app, event_slug, client):
    for _n in range(10):
        assert register(client, event_slug, full_name="", nip="").status_code == 200
    assert client.post_form(f"/e/{event_slug}/register", form_data()).status_code == 429
    # Another phone at the same venue (same IP) still registers.
    neighbour = english(app.test_client())
    assert register(neighbour, event_slug).status_code == 302


def test_registration_pages_are_not_cached(app, event_slug, client):
    response = client.get(f"/e/{event_slug}/register")
    assert response.headers["Cache-Control"] == "private, no-store"
