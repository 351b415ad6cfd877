"""'Find my ticket' on the event page: registration number plus the whole phone number (the number
is printed on the ticket, so the phone number is the secret), limited per browser, per IP, and per
registration number whoever asks."""

import pytest

from tests.conftest import make_attendee, make_event, make_user
from tests.registration.helpers import english
from workshop.extensions import db

FAILED = "No ticket matches this registration number and phone number."


@pytest.fixture
def tickets(app):
    with app.app_context():
        organiser = make_user("panitia@serang.go.id")
        event = make_event(organiser, slug="kla-serang")
        first = make_attendee(event)  # no. 001, phone ends in 7890
        second = make_attendee(
            event, full_name="Rina Lestari", gender="P", nip="19900101 201801 2 003", phone="0813-1111-2222"
        )  # no. 002
        other_event = make_event(organiser, slug="kla-lebak")
        stranger = make_attendee(
            other_event, nip="19700101 199503 1 001", phone="0811-0000-9999"
        )  # no. 001 there
        db.session.commit()
        return {"first": first.ticket_code, "second": second.ticket_code, "stranger": stranger.ticket_code}


@pytest.fixture
def client(app):
    return english(app.test_client())


def find(client, reg_number, phone, slug="kla-serang"):
    return client.post_form(f"/e/{slug}/find-ticket", {"reg_number": reg_number, "phone": phone})


@pytest.mark.parametrize(
    "reg_number, phone, ticket",
    [
        ("001", "0812-3456-7890", "first"),
        ("1", "+62 812 3456 7890", "first"),
        (" 2 ", "081311112222", "second"),
    ],
)
def test_the_right_number_and_phone_lead_to_the_ticket(app, tickets, client, reg_number, phone, ticket):
    response = find(client, reg_number, phone)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/t/{tickets[ticket]}"


@pytest.mark.parametrize(
    "reg_number, phone",
    [
        ("001", "0813-1111-2222"),  # the phone of another person
        ("003", "0812-3456-7890"),  # no such number
        ("001", "0811-0000-9999"),  # the person exists only in another event
        ("001", "0899-3456-7890"),  # the right last four digits are no longer enough
    ],
)
def test_a_wrong_pair_gets_one_generic_message(app, tickets, client, reg_number, phone):
    response = find(client, reg_number, phone)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert FAILED in page
    assert tickets["first"] not in page and tickets["stranger"] not in page
    assert f'value="{reg_number}"' in page


@pytest.mark.parametrize(
    "reg_number, phone, field",
    [
        ("abc", "0812-3456-7890", "reg_number"),
        ("001", "7890", "phone"),
        ("", "", "reg_number"),
    ],
)
def test_malformed_input_is_shown_next_to_the_field(app, tickets, client, reg_number, phone, field):
    page = find(client, reg_number, phone).get_data(as_text=True)
    assert f'id="{field}-error"' in page


def test_the_event_page_form_posts_here(app, tickets, client):
    page = client.get("/e/kla-serang").get_data(as_text=True)
    assert 'action="/e/kla-serang/find-ticket"' in page
    assert 'name="reg_number"' in page and 'name="phone"' in page
    assert client.get("/e/kla-serang/find-ticket").status_code == 200


def test_failed_attempts_are_limited_per_browser_but_not_per_venue(app, tickets, client):
    for n in range(5):
        assert find(client, f"{n + 3:03d}", "0812-0000-0000").status_code == 200
    assert find(client, "001", "0812-3456-7890").status_code == 429
    # Another phone behind the same venue IP still finds its ticket.
    assert find(english(app.test_client()), "002", "0813-1111-2222").status_code == 302


def test_successful_look_ups_are_not_counted(app, tickets, client):
    for _ in range(8):
        assert find(client, "001", "0812-3456-7890").status_code == 302


def test_one_registration_number_is_limited_whoever_asks(app, tickets):
    """Many clients (fresh cookies, each from its own IP) guessing one person's phone: after the
    configured failures for that number, every client is refused for it, even with the right
    phone; other numbers and the same number of another event are untouched."""

    def stranger(n):
        client = english(app.test_client())
        client.environ_base["REMOTE_ADDR"] = f"10.0.{n // 250}.{n % 250 + 1}"
        return client

    answers = [find(stranger(n), "001", f"0812-0000-{n:04d}").status_code for n in range(12)]
    assert answers[:5] == [200] * 5 and set(answers[5:]) == {429}
    assert find(stranger(99), "001", "0812-3456-7890").status_code == 429
    assert find(stranger(100), "002", "0813-1111-2222").status_code == 302
    assert find(stranger(101), "001", "0811-0000-9999", slug="kla-lebak").status_code == 302
