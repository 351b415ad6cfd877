"""Every code value shown to a person is a word in their language (issue 15): roles, statuses,
sources, methods. The pages are read as a person reads them (text only) in both languages and
searched for raw codes; a favicon is linked from every page."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.core.test_pages import HTML_PAGES, pages  # noqa: F401  (the fixture)
from workshop.core import labels

pytestmark = pytest.mark.sqlite_only

# Codes stored in the database that must never be shown as they are.
INDONESIAN_CODES = ("peserta", "narasumber", "fasilitator", "panitia", "registrasi_ulang", "diskusi_kelompok")
ENGLISH_CODES = (
    "registered",
    "cancelled",
    "replaced",
    "draft",
    "submitted",
    "returned",
    "locked",
    "organiser",
    "staff",
    "facilitator",
    "revoked",
    "walk-in",
)


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S | re.I)
    html = re.sub(r"<[^>]+>", " ", html)
    return " ".join(unescape(html).split())


def test_every_stored_code_has_a_label():
    from workshop.agenda.models import SessionKind
    from workshop.attendees.models import AttendeeStatus, Category, Role, Source
    from workshop.certificates.models import CertificateStatus, Decision
    from workshop.checkin.models import Method
    from workshop.events.models import EventStatus, MemberRole
    from workshop.groups.models import OutputStatus

    tables = [
        (Role, labels.ATTENDEE_ROLES),
        (AttendeeStatus, labels.ATTENDEE_STATUSES),
        (Source, labels.SOURCES),
        (Category, labels.CATEGORIES),
        (EventStatus, labels.EVENT_STATUSES),
        (MemberRole, labels.MEMBER_ROLES),
        (Method, labels.CHECKIN_METHODS),
        (Decision, labels.DECISIONS),
        (CertificateStatus, labels.CERTIFICATE_STATUSES),
        (OutputStatus, labels.OUTPUT_STATUSES),
        (SessionKind, labels.SESSION_KINDS),
    ]
    missing = [f"{enum.__name__}.{m.value}" for enum, table in tables for m in enum if m.value not in table]
    assert not missing, f"codes without a label in workshop/core/labels.py: {missing}"


def _leaks(text: str, codes) -> list[str]:
    """Codes standing as words; a gloss in brackets ("Speakers (narasumber)") is deliberate."""
    return [code for code in codes if re.search(rf"(?<![\w/#.(-]){re.escape(code)}(?![\w/@)-])", text)]


def test_no_page_shows_a_raw_code_in_either_language(pages):  # noqa: F811
    found = []
    for endpoint, url, client in pages:
        for lang, codes in (("en", INDONESIAN_CODES), ("id", ENGLISH_CODES)):
            client.set_cookie("lang", lang)
            response = client.get(url)
            if response.mimetype != "text/html":
                response.close()
                continue
            leaks = _leaks(visible_text(response.get_data(as_text=True)), codes)
            if leaks:
                found.append(f"{endpoint} ({lang}): {leaks}")
        client.set_cookie("lang", "id")
    assert not found, "raw codes shown to people:\n" + "\n".join(found)


def test_the_role_of_a_ticket_holder_is_a_word_in_english(app, world):
    from workshop.attendees import services as attendee_services
    from workshop.attendees.models import Attendee
    from workshop.extensions import db

    with app.app_context():
        attendee_services.record_consent(db.session.get(Attendee, world.attendee_id), "Saya setuju.")
        db.session.commit()
    client = app.test_client()
    client.set_cookie("lang", "en")
    text = visible_text(client.get(f"/t/{world.ticket}").get_data(as_text=True))
    assert "Participant" in text and not _leaks(text, INDONESIAN_CODES)


def test_every_page_links_the_favicon_and_it_is_served(app, client):
    html = client.get("/login").get_data(as_text=True)
    links = re.findall(r'<link rel="(?:icon|apple-touch-icon)"[^>]*href="([^"]+)"', html)
    assert len(links) == 3
    for href in links:
        response = client.get(href)
        assert response.status_code == 200 and response.mimetype.startswith("image/")
        assert len(response.get_data()) > 200
        response.close()
