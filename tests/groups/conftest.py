"""Factories for group tests: the world's event with its five cluster groups, facilitators, and a
JSON helper that sends what rtl.js sends (session cookie + X-CSRFToken)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from tests.conftest import log_in, make_attendee, make_user


def person(event, n: int, institution: str, gender: str = "L", **overrides):
    """A non-ASN participant (no NIP) with a distinct name and phone."""
    data = {
        "full_name": f"Peserta {chr(65 + n // 26)}{chr(65 + n % 26)}",
        "gender": gender,
        "category": "non-ASN",
        "nip": "",
        "golongan": "",
        "phone": f"0813-4444-{n:04d}",
        "email": f"p{n}@example.go.id",
        "institution": institution,
    }
    data.update(overrides)
    return make_attendee(event, **data)


@dataclass
class Groups:
    slug: str
    group_i: int
    group_ii: int
    row: int  # an RTL row of group I
    other_row: int  # an RTL row of group II
    facilitator: int  # user id: facilitator of group I (the world's)
    second: int  # user id: another facilitator of group I
    facilitator_ii: int  # user id: facilitator of group II


@pytest.fixture
def groups(app, world) -> Groups:
    from workshop.auth.models import User
    from workshop.events.models import Event
    from workshop.events.services import add_member
    from workshop.extensions import db
    from workshop.groups import services

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        made = services.create_default_groups(event)
        one, two = made[0], made[1]
        second = make_user("fasilitator2@serang.go.id", "Rudi Fasilitator Dua")
        other = make_user("fasilitator3@serang.go.id", "Yanti Fasilitator Tiga")
        add_member(event, second, "facilitator")
        add_member(event, other, "facilitator")
        services.assign_facilitator(one, db.session.get(User, world.users["facilitator"][0]))
        services.assign_facilitator(one, second)
        services.assign_facilitator(two, other)
        row, _ = services.create_row(one, str(uuid.uuid4()), {"activity": "Sosialisasi akta kelahiran"})
        other_row, _ = services.create_row(two, str(uuid.uuid4()), {"activity": "Penguatan PUSPAGA"})
        db.session.commit()
        return Groups(
            event.slug,
            one.id,
            two.id,
            row.id,
            other_row.id,
            world.users["facilitator"][0],
            second.id,
            other.id,
        )


class Api:
    """Calls the JSON API as a signed-in browser script does."""

    def __init__(self, client):
        self.client = client
        self.token = client.csrf_token()

    def call(self, method, url, body=None):
        kwargs = {"headers": {"X-CSRFToken": self.token}}
        if body is not None:
            kwargs["data"] = json.dumps(body)
            kwargs["content_type"] = "application/json"
        return self.client.open(url, method=method, **kwargs)

    def get(self, url):
        return self.call("GET", url)

    def post(self, url, body):
        return self.call("POST", url, body)

    def patch(self, url, body):
        return self.call("PATCH", url, body)

    def put(self, url, body):
        return self.call("PUT", url, body)

    def delete(self, url):
        return self.call("DELETE", url)


@pytest.fixture
def api_as(app):
    """api_as(user_id) -> an Api signed in as that account."""

    def make(user_id: int) -> Api:
        client = app.test_client()
        log_in(client, user_id)
        return Api(client)

    return make


def english(client):
    client.set_cookie("lang", "en")
    return client
