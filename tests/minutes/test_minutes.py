"""The minutes of a session: saved as typed with versions (fields merge, the same field changed by
two is a conflict), the page without JavaScript, the PDF, and what they add to the report and the
evidence bundle."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import make_attendee
from tests.pdf_read import pdf_text
from workshop.core import exporters
from workshop.events.models import Event
from workshop.extensions import db
from workshop.minutes.models import SessionMinutes


@pytest.fixture
def session_id(app, world):
    from workshop.agenda import services as agenda

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        speaker = make_attendee(
            event,
            full_name="Dr. Ré Ölsen",
            role="narasumber",
            nip="19700101 199503 1 001",
            phone="0812-9999-0001",
        )
        day = event.starts_on + timedelta(days=1)
        session, _ = agenda.create_session(
            event,
            {
                "title": "Pleno: penetapan RTL",
                "kind": "pleno",
                "room": "Aula",
                "starts_at": datetime.combine(day, time(8)),
                "ends_at": datetime.combine(day, time(9, 30)),
                "speaker_ids": [speaker.id],
                "moderator_id": None,
                "is_for_everyone": True,
                "group_ids": [],
            },
            confirm_warnings=True,
        )
        db.session.commit()
        return session.id


def _put(client, session_id, body):
    return client.put(
        f"/api/sessions/{session_id}/minutes", json=body, headers={"X-CSRFToken": client.csrf_token()}
    )


def test_staff_write_and_fields_merge(as_role, session_id):
    staff, organiser = as_role("staff"), as_role("organiser")
    first = _put(staff, session_id, {"version": 0, "summary": "Ringkasan", "notulis_name": "Budi Staff"})
    assert first.status_code == 200 and first.json["minutes"]["version"] == 2
    # The organiser, still on version 0, writes another field: it merges.
    second = _put(organiser, session_id, {"version": 0, "conclusions": "Kesimpulan"})
    assert second.status_code == 200
    minutes = second.json["minutes"]
    assert (minutes["summary"], minutes["conclusions"]) == ("Ringkasan", "Kesimpulan")
    # The same field changed since version 0 by someone else: a conflict, nothing written.
    third = _put(organiser, session_id, {"version": 0, "summary": "Lain"})
    assert third.status_code == 409 and third.json["current"]["summary"] == "Ringkasan"
    assert third.json["fields"] == ["summary"]
    # Based on the current version it goes through.
    fourth = _put(organiser, session_id, {"version": minutes["version"], "summary": "Lain"})
    assert fourth.status_code == 200 and fourth.json["minutes"]["summary"] == "Lain"
    assert staff.get(f"/api/sessions/{session_id}/minutes").json["minutes"]["summary"] == "Lain"


@pytest.mark.parametrize(
    "body",
    [
        {"version": "x", "summary": "a"},
        {"version": -1, "summary": "a"},
        {"version": 0, "summary": 5},
        {"version": 0, "summary": "a" * 20_001},
        {"version": 99, "summary": "a"},
    ],
)
def test_bad_input_is_refused_and_nothing_stored(app, as_role, session_id, body):
    answer = _put(as_role("staff"), session_id, body)
    assert answer.status_code == 422
    with app.app_context():
        assert db.session.execute(select(SessionMinutes.summary)).scalars().all() in ([], [""])


def test_a_facilitator_may_not_write(as_role, session_id):
    assert _put(as_role("facilitator"), session_id, {"version": 0, "summary": "x"}).status_code == 403


def test_the_form_without_javascript(app, as_role, session_id, world):
    staff = as_role("staff")
    url = f"/manage/events/{world.event_slug}/minutes/{session_id}"
    page = staff.get(url)
    assert page.status_code == 200 and b"Budi Staff" in page.data  # the writer's name, suggested
    answer = staff.post_form(
        url, {"version": "0", "notulis_name": "Budi Staff", "summary": "Ringkasan\n\nDua"}
    )
    assert answer.status_code == 302
    stale = staff.post_form(url, {"version": "1", "notulis_name": "Budi Staff", "summary": "Lain"})
    assert stale.status_code == 422 and "Ringkasan" in stale.get_data(as_text=True)


def test_pdf_report_and_bundle(app, as_role, session_id, world, runner, tmp_path):
    staff = as_role("staff")
    _put(
        staff,
        session_id,
        {
            "version": 0,
            "summary": "Ringkasan <b>materi</b>",
            "conclusions": "RTL ditetapkan",
            "follow_up": "Pantau triwulan",
            "notulis_name": "Budi Staff",
        },
    )
    pdf = staff.get(f"/manage/events/{world.event_slug}/minutes/{session_id}/notula.pdf")
    assert pdf.status_code == 200
    text = "\n".join(pdf_text(pdf.data))
    assert (
        "NOTULA" in text
        and "Ringkasan <b>materi</b>" in text
        and "Budi Staff" in text
        and "Dr. Ré Ölsen" in text
    )
    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        assert "RTL ditetapkan" in "\n".join(pdf_text(exporters.make("notula", event, "http://localhost")))
        report = "\n".join(pdf_text(exporters.make("report", event, "http://localhost")))
        assert "Pantau triwulan" in report
    target = tmp_path / "bundle.zip"
    result = runner.invoke(args=["documents", "bundle", world.event_slug, str(target)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as bundle:
        assert "07-notula/notula-semua-sesi.pdf" in bundle.namelist()


def test_the_purge_erases_the_notulis(app, as_role, session_id):
    from workshop.core.audit import acting_as
    from workshop.lifecycle import services as lifecycle

    _put(as_role("staff"), session_id, {"version": 0, "summary": "x", "notulis_name": "Budi Staff"})
    with app.app_context(), acting_as("test"):
        minutes = db.session.execute(select(SessionMinutes)).scalar_one()
        lifecycle.purge_event(db.session.get(Event, minutes.event_id))
        db.session.commit()
        assert db.session.execute(select(SessionMinutes.notulis_name)).scalar_one() == ""
