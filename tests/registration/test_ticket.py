"""The personal ticket: what it shows, the consent gate for imported people, its headers and weight."""

import gzip
import re
from urllib.parse import unquote, urlsplit

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tests.conftest import TICKET_COOKIE, make_attendee, make_event, make_user
from tests.registration.helpers import decode_svg, english
from workshop.attendees import services as attendee_services
from workshop.attendees.models import Attendee
from workshop.core.audit import AuditEntry
from workshop.extensions import db
from workshop.registration import services

pytest.importorskip("zxingcpp")


@pytest.fixture
def people(app):
    """An event with a registered peserta (consented), an imported one (no consent yet) and an
    imported child; returns their ticket codes."""
    with app.app_context():
        organiser = make_user("panitia@serang.go.id")
        event = make_event(organiser, slug="kla-serang", venue="Aula Bappeda", city="Kota Serang")
        registered = make_attendee(
            event,
            full_name="Dr. Siti Aminah, S.Pd., M.Si.",
            gender="P",
            nip="19860926 201505 2 001",
            institution="dinkes kota serang",
        )
        attendee_services.record_consent(registered, "the notice")
        imported = make_attendee(
            event, full_name="Budi Santoso", nip="19700101 199503 1 001", phone="0811-2222-3333"
        )
        child = make_attendee(
            event,
            full_name="Aisyah Putri",
            category="Forum Anak",
            nip="",
            golongan="",
            institution="Forum Anak Kota Serang",
            phone="0857-1234-5678",
        )
        db.session.commit()
        return {
            "registered": registered.ticket_code,
            "imported": imported.ticket_code,
            "child": child.ticket_code,
            "registered_id": registered.id,
            "imported_id": imported.id,
            "reg_label": registered.reg_label,
        }


@pytest.fixture
def client(app):
    return english(app.test_client())


def ticket_cookie(response) -> str:
    """The Set-Cookie header of the remembered ticket ('' when there is none)."""
    found = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{TICKET_COOKIE}=")]
    return found[0] if found else ""


def attendee(code: str) -> Attendee:
    return db.session.execute(select(Attendee).where(Attendee.ticket_code == code)).scalar_one()


def test_the_ticket_shows_the_person_the_event_and_a_qr_of_its_own_url(app, people, client):
    code = people["registered"]
    response = client.get(f"/t/{code}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Dr. Siti Aminah, S.Pd., M.Si." in page
    assert "Participant" in page  # the role in words, in the page language
    assert "Dinas Kesehatan" in page  # the canonical institution, not what was typed
    assert "Bintek Peningkatan Kapasitas Gugus Tugas KLA" in page
    assert "Aula Bappeda, Kota Serang" in page
    assert f'id="reg-number">{people["reg_label"]}</strong>' in page
    assert 'href="/e/kla-serang"' in page
    svg = re.search(r"<svg class=\"qr\".*?</svg>", page, re.S).group(0)
    assert decode_svg(svg) == [f"http://localhost/t/{code}"]
    share = re.search(r'href="(https://wa\.me/\?text=[^"]+)"', page).group(1)
    message = unquote(share.split("text=", 1)[1])
    assert f"http://localhost/t/{code}" in message and people["reg_label"] in message


def test_the_ticket_is_remembered_on_this_phone(app, people, client):
    response = client.get(f"/t/{people['registered']}")
    cookie = ticket_cookie(response)
    assert cookie.startswith(f"{TICKET_COOKIE}={people['registered']};")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert f"Max-Age={120 * 24 * 3600}" in cookie
    app.config["SESSION_COOKIE_SECURE"] = True
    try:
        assert "Secure" in ticket_cookie(client.get(f"/t/{people['registered']}"))
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False


def test_the_ticket_leaks_its_code_nowhere(app, people, client):
    response = client.get(f"/t/{people['registered']}")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "private, no-store"
    missing = client.get("/t/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    assert missing.status_code == 404
    assert missing.headers["Referrer-Policy"] == "no-referrer"
    assert not ticket_cookie(missing)
    assert client.get("/t/" + "x" * 200).status_code == 404


def test_a_cancelled_ticket_says_it_is_no_longer_valid(app, people, client):
    client.get(f"/t/{people['registered']}")  # remembered on this phone
    with app.app_context():
        attendee_services.cancel_attendee(attendee(people["registered"]), reason="tidak hadir")
        db.session.commit()
    response = client.get(f"/t/{people['registered']}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This ticket is no longer valid" in page
    assert "<svg" not in page
    assert ticket_cookie(response).startswith(f"{TICKET_COOKIE}=;")  # forgotten on this phone


def test_a_replaced_ticket_says_someone_else_took_the_place(app, people, client):
    with app.app_context():
        from tests.conftest import person_data

        attendee_services.replace_attendee(
            attendee(people["registered"]),
            person_data(
                full_name="Rina Lestari", gender="P", nip="19900101 201801 2 003", phone="0813-1111-2222"
            ),
        )
        db.session.commit()
    page = client.get(f"/t/{people['registered']}").get_data(as_text=True)
    assert "This ticket is no longer valid" in page and "Someone else from your institution" in page


def test_an_imported_person_accepts_the_notice_before_the_ticket(app, people, client):
    code = people["imported"]
    gate = client.get(f"/t/{code}")
    page = gate.get_data(as_text=True)
    assert gate.status_code == 200
    assert "Before your ticket: your personal data" in page
    assert "24 months" in page and "withdraw your consent" in page
    assert "<svg" not in page and not ticket_cookie(gate)
    digest = re.search(r'name="notice" type="hidden" value="([^"]+)"', page).group(1)

    refused = client.post_form(f"/t/{code}/consent", {"notice": digest})
    assert refused.status_code == 200
    assert re.search(r'id="consent-error">Tick the box to agree', refused.get_data(as_text=True))
    with app.app_context():
        assert attendee(code).consent_at is None

    accepted = client.post_form(f"/t/{code}/consent", {"notice": digest, "consent": "y"})
    assert accepted.status_code == 302 and accepted.headers["Location"] == f"/t/{code}"
    with app.app_context():
        person = attendee(code)
        assert person.consent_at is not None
        with force_locale("en"):  # the client reads English (helpers.py)
            assert person.consent_text == services.consent_notice(person_event(person))
        entry = db.session.execute(
            select(AuditEntry).where(AuditEntry.entity == "Attendee", AuditEntry.entity_id == person.id)
        ).scalar_one()
        assert entry.actor == f"attendee #{person.id} (ticket)"
        assert "consent_at" in entry.changes
    assert "<svg" in client.get(f"/t/{code}").get_data(as_text=True)


def person_event(person):
    return attendee_services.attendee_event(person)


def test_a_child_without_guardian_consent_is_sent_to_the_committee(app, people, client):
    code = people["child"]
    page = client.get(f"/t/{code}").get_data(as_text=True)
    assert "Before your ticket" in page
    digest = re.search(r'name="notice" type="hidden" value="([^"]+)"', page).group(1)
    client.post_form(f"/t/{code}/consent", {"notice": digest, "consent": "y"})
    page = client.get(f"/t/{code}").get_data(as_text=True)
    assert "A parent or guardian must agree first" in page
    assert "consent form signed by your parent or guardian" in page
    assert "<svg" not in page
    assert "guardian_name" not in page  # no self-service for the guardian's consent
    with app.app_context():
        attendee_services.record_guardian_consent(attendee(code), "Rahmawati", "paper")
        db.session.commit()
    assert "<svg" in client.get(f"/t/{code}").get_data(as_text=True)


def test_ticket_page_weighs_at_most_30_kb_and_asks_no_other_host(app, people, client):
    response = client.get(f"/t/{people['registered']}", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("Content-Encoding") == "gzip"
    html = gzip.decompress(response.data).decode()
    total = len(response.data)
    assets = re.findall(r'<(?:link|script|img|source|iframe)\b[^>]*\b(?:href|src)="([^"]+)"', html)
    assert assets, "the page links no assets?"
    weights = {}
    for url in assets:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, f"request to another host: {url}"
        asset = client.get(url, headers={"Accept-Encoding": "gzip"})
        asset.close()
        assert asset.status_code == 200, url
        body = gzip.decompress(asset.data) if asset.headers.get("Content-Encoding") == "gzip" else asset.data
        text = body.decode("utf-8", "replace")
        # CSS may pull more in: imports and url() must stay on this host too.
        for ref in re.findall(r"@import\s+['\"]([^'\"]+)|url\(\s*['\"]?([^'\")]+)", text):
            ref = ref[0] or ref[1]
            assert ref.startswith("data:") or not urlsplit(ref).netloc, f"{url} loads {ref}"
        weights[url] = len(asset.data)
        total += len(asset.data)
    assert total <= 30 * 1024, f"ticket page is {total} bytes compressed: {weights}"
