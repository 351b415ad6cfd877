"""Characters no document can hold (U+FFFF, other non-characters, control characters) are refused at
every form and API now, but a value stored before that rule, or read from an imported file, must
still never break a document: every writer drops them. And one document that cannot be made never
fails the evidence bundle silently: the job names it."""

from __future__ import annotations

import io
import uuid
import zipfile

import openpyxl
import pytest
from docx import Document
from sqlalchemy import select

from workshop.attendees.models import Attendee
from workshop.events.models import Event
from workshop.extensions import db

BAD = "\uffff\ufdd0\x01\ufffe"


@pytest.fixture
def legacy(app, world):
    """Text with forbidden characters stored directly (as an older version or an import did)."""
    from workshop.groups import services as groups

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        group = groups.create_default_groups(event)[0]
        group.name = f"Kelompok{BAD} Satu"
        row, _ = groups.create_row(group, str(uuid.uuid4()), {"activity": "Sosialisasi akta"})
        row.activity = f"Sosialisasi{BAD} akta"
        person = db.session.execute(select(Attendee).where(Attendee.event_id == event.id)).scalars().first()
        person.full_name = f"Siti{BAD} Aminah"
        person.group_id = group.id
        db.session.commit()
        return group.id


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value
    )


def test_group_and_compiled_rtl_docx_drop_forbidden_characters(app, world, as_role, legacy):
    client = as_role("organiser")
    for url in (
        f"/manage/events/{world.event_slug}/groups/{legacy}/rtl.docx",
        f"/manage/events/{world.event_slug}/documents/rtl.docx",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = _docx_text(response.data)
        assert "Sosialisasi akta" in text
        assert not any(ch in text for ch in BAD)
    assert client.get(f"/manage/events/{world.event_slug}/documents/rtl.pdf").status_code == 200


def test_recap_and_attendee_xlsx_drop_forbidden_characters(app, world, as_role, legacy):
    client = as_role("organiser")
    recap = client.get(f"/manage/events/{world.event_slug}/documents/attendance-recap.xlsx")
    assert recap.status_code == 200
    text = _xlsx_text(recap.data)
    assert "Kelompok Satu" in text and not any(ch in text for ch in BAD)
    export = client.post_form(f"/manage/events/{world.event_slug}/attendees/export.xlsx")
    assert export.status_code == 200
    text = _xlsx_text(export.data)
    assert "Siti Aminah" in text and not any(ch in text for ch in BAD)


def test_the_bundle_is_made_with_forbidden_characters_in_the_data(app, world, legacy):
    from workshop.documents import services

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        out = io.BytesIO()
        names = services.write_bundle(event, out, "https://bintek.example.go.id")
    assert set(zipfile.ZipFile(out).namelist()) == set(names)
