"""'Find my ticket' on the event page: registration number plus the last four phone digits."""

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


def find(client, reg_number, last_four, slug="kla-serang"):
    return client.post_form(
        f"/e/{slug}/find-ticket", {"reg_number": reg_number, "phone_last_four": last_four}
    )


@pytest.mark.parametrize(
    "reg_number, last_four, ticket",
    [
        ("001", "7890", "first"),
        ("1", "7890", "first"),
        (" 2 ", "2222", "second"),
    ],
)
def test_the_right_number_and_digits_lead_to_the_ticket(app, tickets, client, reg_number, last_four, ticket):
    response = find(client, reg_number, last_four)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/t/{tickets[ticket]}"


@pytest.mark.parametrize(
    "reg_number, last_four",
    [
        ("001", "2222"),  # digits of another person
        ("003", "7890"),  # no such number
        ("001", "9999"),  # the number exists only in another event
    ],
)
def test_a_wrong_pair_gets_one_generic_message(app, tickets, client, reg_number, last_four):
    response = find(client, reg_number, last_four)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert FAILED in page
    assert tickets["first"] not in page and tickets["stranger"] not in page
    assert f'value="{reg_number}"' in page


@pytest.mark.parametrize(
    "reg_number, last_four, field",
    [
        ("abc", "7890", "reg_number"),
        ("001", "789", "phone_last_four"),
        ("", "", "reg_number"),
    ],
)
def test_malformed_input_is_shown_next_to_the_field(app, tickets, client, reg_number, last_four, field):
    page = find(client, reg_number, last_four).get_data(as_text=True)
    assert f'id="{field}-error"' in page


def test_the_event_page_form_posts_here(app, tickets, client):
    page = client.get("/e/kla-serang").get_data(as_text=True)
    assert 'action="/e/kla-serang/find-ticket"' in page
    assert 'name="reg_number"' in page and 'name="phone_last_four"' in page
    assert client.get("/e/kla-serang/find-ticket").status_code == 200


def test_failed_attempts_are_limited_per_browser_but_not_per_venue(app, tickets, client):
    for n in range(5):
        assert find(client, f"{n + 3:03d}", "0000").status_code == 200
    assert find(client, "001", "7890").status_code == 429
    # Another phone behind the same venue IP still finds its ticket.
    assert find(english(app.test_client()), "002", "2222").status_code == 302


def test_successful_look_ups_are_not_counted(app, tickets, client):
    for _ in range(8):
        assert find(client, "001", "7890").status_code == 302
