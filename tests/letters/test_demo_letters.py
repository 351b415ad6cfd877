"""The demo's letters: an invitation per institution of its participants (the organiser's own
Bappeda aside) and a request per outside speaker, the Kemen PPPA one to the Deputy; numbered
1..n in one series, every letter naming its head and its people."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.pdf_read import pdf_chars_outside, pdf_text
from workshop.attendees.models import Attendee
from workshop.demo import seed_demo
from workshop.extensions import db
from workshop.letters import exports, services
from workshop.letters.models import Letter


def test_demo_has_letters_for_its_institutions_and_kemen_pppa_speaker(ctx):
    event, _ = seed_demo(today=date(2026, 11, 18))
    letters = services.registered(event)
    assert [letter.seq for letter in letters] == list(range(1, len(letters) + 1))
    invitations = [letter for letter in letters if letter.kind == "undangan"]
    institutions = {
        person.institution_id
        for person in db.session.execute(
            select(Attendee).where(Attendee.event_id == event.id, Attendee.role == "peserta")
        ).scalars()
        if person.is_active
        and person.institution_id
        and not services.is_own_unit(event, person.institution_name)
    }
    assert {letter.institution_id for letter in invitations} == institutions
    speaker = next(letter for letter in letters if "Kementerian Pemberdayaan" in letter.institution_name)
    assert speaker.kind == "narasumber" and speaker.addressee.startswith("Deputi Bidang Pemenuhan Hak Anak")
    assert speaker.number == f"005/{speaker.seq:03d}/Bappeda/{speaker.year}"

    pages = [" ".join(page.split()) for page in pdf_text(exports.all_pdf(event, "undangan"))]
    first_pages = [page for page in pages if "Yth." in page]
    assert len(first_pages) == len(invitations)
    for letter, page in zip(invitations, first_pages):
        assert f"Yth. {letter.addressee}" in page and letter.number in page
        for person in letter.data["people"]:
            assert person["name"] in page
    seed_demo(today=date(2026, 11, 18))  # idempotent
    assert len(db.session.execute(select(Letter).where(Letter.event_id == event.id)).all()) == len(letters)


def test_demo_speaker_letters_stay_on_their_pages(ctx):
    event, _ = seed_demo(today=date(2026, 11, 18))
    data = exports.all_pdf(event, "narasumber")
    assert pdf_chars_outside(data) == []
    assert "Drs. Dermawan, M.Si." in "".join(pdf_text(data))
