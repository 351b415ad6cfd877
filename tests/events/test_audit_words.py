"""The audit log in words an inspector reads (issue 15): no class or column name ever shows, the
event's local time, who did it, filters, and an .xlsx export that Excel cannot run as formulas."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from html import unescape

import pytest
from openpyxl import load_workbook
from sqlalchemy import inspect, select

from workshop.core.audit import AuditEntry
from workshop.events import audit_words
from workshop.events.models import Event
from workshop.extensions import db


def text_of(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def audited_columns() -> dict[str, list[str]]:
    result = {}
    for name, model in audit_words.audited_models().items():
        ignore = set(getattr(model, "__audit_ignore__", ()))
        result[name] = [a.key for a in inspect(model).column_attrs if a.key != "id" and a.key not in ignore]
    return result


def test_every_audited_model_and_column_has_words(app):
    with app.app_context():
        columns = audited_columns()
    assert len(columns) >= 20
    missing = [name for name in columns if name not in audit_words.ENTITIES]
    assert not missing, f"audited models without a name in audit_words.ENTITIES: {missing}"
    unlabelled = [
        f"{name}.{column}"
        for name, keys in columns.items()
        for column in keys
        if (name, column) not in audit_words.MODEL_FIELDS and column not in audit_words.FIELDS
    ]
    assert not unlabelled, f"audited columns without a label in audit_words.FIELDS: {unlabelled}"


def _sample(column: str):
    if column.startswith(("is_", "requires_", "self_", "late_")):
        return True
    if column.endswith("_at"):
        return "2026-11-18T02:30:00+00:00"
    if column.endswith("_id"):
        return 1
    return "contoh nilai"


@pytest.fixture
def logged(app, world):
    """One entry per audited model and action, each naming every column the model audits."""
    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        columns = audited_columns()
        rows = []
        for name, keys in columns.items():
            for action in ("create", "update", "delete"):
                changes = {key: [None if action == "create" else _sample(key), _sample(key)] for key in keys}
                rows.append(
                    {
                        "created_at": datetime(2026, 11, 18, 2, 30, tzinfo=UTC),
                        "user_id": world.users["organiser"][0],
                        "actor": "organiser@serang.go.id",
                        "event_id": event.id,
                        "action": action,
                        "entity": name,
                        "entity_id": 999_000,
                        "changes": changes,
                    }
                )
        db.session.execute(AuditEntry.__table__.insert(), rows)
        db.session.commit()
        return columns


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_log_shows_no_class_or_column_name(app, world, as_role, logged, lang):
    client = as_role("organiser")
    client.set_cookie("lang", lang)
    seen = []
    page = 1
    while True:
        html = client.get(f"/manage/events/{world.event_slug}/audit?page={page}").get_data(as_text=True)
        seen.append(text_of(html))
        if "Older" not in html and "Lebih lama" not in html and ">" + "Older" not in html:
            break
        if f"page={page + 1}" not in html:
            break
        page += 1
    text = " ".join(seen)
    leaks = []
    for name, keys in logged.items():
        if re.search(rf"\b{name}\b", text) and name not in ("Event", "User", "Institution", "Group"):
            leaks.append(name)
        if re.search(rf"(?<![\w@.]){name}(?![\w])", text) and name in ("RtlRow", "CheckIn"):
            leaks.append(name)
        leaks += [key for key in keys if "_" in key and key in text]
    assert not leaks, f"raw names on the {lang} audit page: {sorted(set(leaks))}"
    # Times in the event's zone (02:30 UTC is 09:30 WIB), who did it, old -> new.
    assert "09.30 WIB" in text or "09:30 WIB" in text
    assert "Siti Organiser" in text
    assert "contoh nilai → contoh nilai" in text


def test_an_attendee_change_reads_as_a_sentence(app, world, as_role):
    client = as_role("organiser")
    client.set_cookie("lang", "en")
    response = client.post_form(
        f"/manage/events/{world.event_slug}/attendees/{world.attendee_id}/edit",
        {
            "full_name": "Muh. Ma'ruf, S.Pd.I.",
            "gender": "L",
            "category": "PNS",
            "nip": "19860926 201505 1 001",
            "golongan": "III/d",
            "position": "Kepala Seksi",
            "institution": "Dinas Kesehatan Kota Serang",
            "work_unit": "",
            "phone": "0812-3456-7890",
            "email": "maruf@dinkes.serangkota.go.id",
            "role": "narasumber",
        },
    )
    assert response.status_code in (200, 302)
    text = text_of(client.get(f"/manage/events/{world.event_slug}/audit").get_data(as_text=True))
    assert "changed attendee Muh. Ma'ruf, S.Pd.I. (no. 001)" in text, text[:2000]
    assert "Jabatan: Analis Kebijakan Ahli Muda → Kepala Seksi" in text
    assert "Role: Participant → Speaker" in text
    entries = text.split("Download as Excel (.xlsx)", 1)[1]
    assert not re.search(r"\bposition\b|\bAttendee\b", entries), entries
    client.set_cookie("lang", "id")
    text = text_of(client.get(f"/manage/events/{world.event_slug}/audit").get_data(as_text=True))
    assert "Peran: Peserta → Narasumber" in text


def test_filters_and_export(app, world, as_role, logged):
    client = as_role("organiser")
    client.set_cookie("lang", "en")
    base = f"/manage/events/{world.event_slug}/audit"
    only = text_of(client.get(f"{base}?entity=AgendaSession&action=delete").get_data(as_text=True))
    assert only.count("deleted agenda session") == 1 and "created" not in only.split("Show everything")[-1]
    none = text_of(client.get(f"{base}?day_from=2030-01-01").get_data(as_text=True))
    assert "Nothing matches these filters." in none
    person = text_of(client.get(f"{base}?person=nobody-by-this-name").get_data(as_text=True))
    assert "Nothing matches these filters." in person
    bad = client.get(f"{base}?day_from=not-a-date&entity=%3Cscript%3E&page=-3")
    assert bad.status_code == 200

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        db.session.add(
            AuditEntry(
                user_id=None,
                actor="cli",
                event_id=event.id,
                action="update",
                entity="AgendaSession",
                entity_id=999_001,
                changes={"title": ["Pembukaan", '=HYPERLINK("http://x")']},
            )
        )
        db.session.commit()
    response = client.get(f"{base}.xlsx?entity=AgendaSession")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["When", "Who", "What", "Object", "Name", "Field", "Before", "After"]
    assert any(row[1] == "command line" and row[7] == '\'=HYPERLINK("http://x")' for row in rows)
    assert all(row[3] == "agenda session" for row in rows[1:])
    assert not any("AgendaSession" in str(value) for row in rows for value in row)
