"""Agenda pages with the Flask client: forms keep what was typed and show messages next to the
fields, warnings are confirmed, every change is audited, downloads reach only who may see them."""

import io
import re
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from tests.agenda.conftest import file_of_type
from tests.conftest import make_attendee
from workshop.agenda import services
from workshop.agenda.models import AgendaMaterial, AgendaSession
from workshop.core.audit import AuditEntry
from workshop.events.models import Event
from workshop.extensions import db

AGENDA = "/manage/events/kla-serang/agenda"


def get_event(slug="kla-serang"):
    return db.session.execute(select(Event).where(Event.slug == slug)).scalar_one()


def local(event, day_offset, hhmm):
    hours, minutes = map(int, hhmm.split(":"))
    return datetime.combine(event.starts_on + timedelta(days=day_offset), time(hours, minutes))


def make_session(app, slug="kla-serang", day=0, start="08:00", minutes=90, **overrides):
    with app.app_context():
        event = get_event(slug)
        starts = local(event, day, start)
        data = {
            "title": "Konvensi Hak Anak",
            "kind": "materi",
            "starts_at": starts,
            "ends_at": starts + timedelta(minutes=minutes),
            "room": "Aula",
        }
        data.update(overrides)
        session, _ = services.create_session(event, data, confirm_warnings=True)
        db.session.commit()
        return session.id


def make_material(app, session_id, content=None, name="Paparan KHA.pdf", hidden=False):
    with app.app_context():
        session = db.session.get(AgendaSession, session_id)
        material = services.add_material(
            session, io.BytesIO(content or file_of_type("pdf")), name, is_hidden_until_start=hidden
        )
        db.session.commit()
        return material.id


def form(event, **overrides):
    day = event.starts_on.isoformat()
    data = {
        "title": "Konvensi Hak Anak",
        "kind": "materi",
        "starts_at": f"{day}T08:00",
        "ends_at": f"{day}T09:30",
        "room": "Aula Bappeda",
        "audience": "everyone",
        "requires_checkin": "y",
    }
    data.update(overrides)
    return data


@pytest.fixture
def storage(app, storage_dir):
    return storage_dir


def test_organiser_creates_and_edits_a_session_and_both_are_audited(app, as_role, world, storage):
    client = as_role("organiser")
    with app.app_context():
        event = get_event()
        speaker = make_attendee(
            event,
            full_name="Drs. Dermawan, M.Si.",
            role="narasumber",
            nip="19680412 199303 1 002",
            phone="0811-1234-5601",
            email="",
        )
        db.session.commit()
        speaker_id, event_form = speaker.id, form(event)
    page = client.get(AGENDA + "/new").get_data(as_text=True)
    assert "Drs. Dermawan, M.Si." in page and 'name="speakers"' in page
    response = client.post_form(AGENDA + "/new", {**event_form, "speakers": str(speaker_id)})
    assert response.status_code == 302
    with app.app_context():
        session = db.session.execute(select(AgendaSession)).scalar_one()
        assert session.title == "Konvensi Hak Anak" and session.jp == 2
        assert [p.id for p in session.speakers] == [speaker_id]
        session_id = session.id
    listing = client.get(AGENDA + "/").get_data(as_text=True)
    assert "Konvensi Hak Anak" in listing and "08:00–09:30" in listing and "2 JP" in listing

    edit_url = f"{AGENDA}/{session_id}/edit"
    page = client.get(edit_url).get_data(as_text=True)
    assert 'value="Konvensi Hak Anak"' in page and "T08:00" in page
    response = client.post_form(edit_url, {**event_form, "title": "KHA dan KLA", "jp_override": "3"})
    assert response.status_code == 302
    with app.app_context():
        entries = (
            db.session.execute(
                select(AuditEntry).where(AuditEntry.entity == "AgendaSession").order_by(AuditEntry.id)
            )
            .scalars()
            .all()
        )
        assert [(e.action, e.actor) for e in entries] == [
            ("create", "organiser@serang.go.id"),
            ("update", "organiser@serang.go.id"),
        ]
        assert entries[1].changes["title"] == ["Konvensi Hak Anak", "KHA dan KLA"]
        assert entries[1].changes["jp_override"] == [None, 3]
        assert entries[0].event_id == get_event().id
        speaker_entries = (
            db.session.execute(select(AuditEntry).where(AuditEntry.entity == "SessionSpeaker"))
            .scalars()
            .all()
        )
        # The edit form did not send the speaker again: adding and removing are both recorded.
        assert [e.action for e in speaker_entries] == ["create", "delete"]
        assert {e.event_id for e in speaker_entries} == {get_event().id}
    assert client.get(AGENDA + "/").status_code == 200


def test_end_before_start_is_shown_next_to_the_field_and_nothing_is_stored(app, as_role, world):
    client = as_role("organiser")
    with app.app_context():
        data = form(
            get_event(), title="Sesi <b>tebal</b>", ends_at=f"{get_event().starts_on.isoformat()}T07:00"
        )
    response = client.post_form(AGENDA + "/new", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'id="ends_at-error">The session must end after it starts.', page)
    assert 'value="Sesi &lt;b&gt;tebal&lt;/b&gt;"' in page  # kept, and escaped
    with app.app_context():
        assert db.session.execute(select(AgendaSession)).first() is None


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"kind": "seminar"}, "kind", "Choose a kind of session from the list."),
        ({"starts_at": "besok pagi"}, "starts_at", "Enter when the session starts (date and time)."),
        ({"jp_override": "-1"}, "jp_override", "Enter a number of JP from 0 to 40."),
        ({"audience": "groups"}, "groups", "Choose at least one group, or make the session for everyone."),
        (
            {"speakers": "999999"},
            "speakers",
            "Speakers must be narasumber or moderators registered for this event.",
        ),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field(app, as_role, world, overrides, field, message):
    client = as_role("organiser")
    with app.app_context():
        data = form(get_event(), **overrides)
    page = client.post_form(AGENDA + "/new", data).get_data(as_text=True)
    assert f'id="{field}-error">{message}' in page
    with app.app_context():
        assert db.session.execute(select(AgendaSession)).first() is None


def test_a_clash_is_shown_and_saved_only_when_confirmed(app, as_role, world):
    make_session(app, title="Materi pagi", room="Aula Bappeda")
    client = as_role("organiser")
    with app.app_context():
        data = form(
            get_event(),
            title="Rapat panitia",
            starts_at=f"{get_event().starts_on.isoformat()}T09:00",
            ends_at=f"{get_event().starts_on.isoformat()}T10:00",
        )
    page = client.post_form(AGENDA + "/new", data).get_data(as_text=True)
    assert "The room Aula Bappeda is also booked for “Materi pagi”" in page
    assert 'name="confirm_warnings"' in page and 'value="Rapat panitia"' in page
    with app.app_context():
        assert len(db.session.execute(select(AgendaSession)).all()) == 1
    response = client.post_form(AGENDA + "/new", {**data, "confirm_warnings": "y"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Session saved." in page and "also booked" in page  # still shown on the list
    with app.app_context():
        assert len(db.session.execute(select(AgendaSession)).all()) == 2


def test_session_outside_the_event_needs_confirmation(app, as_role, world):
    client = as_role("organiser")
    with app.app_context():
        event = get_event()
        before = (event.starts_on - timedelta(days=3)).isoformat()
        data = form(event, starts_at=f"{before}T08:00", ends_at=f"{before}T09:00")
    page = client.post_form(AGENDA + "/new", data).get_data(as_text=True)
    assert "outside the event&#39;s dates" in page or "outside the event's dates" in page
    with app.app_context():
        assert db.session.execute(select(AgendaSession)).first() is None


def test_delete_session(app, as_role, world, storage):
    session_id = make_session(app)
    make_material(app, session_id)
    response = as_role("organiser").post_form(f"{AGENDA}/{session_id}/delete")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(AgendaSession, session_id) is None
        assert db.session.execute(select(AgendaMaterial)).first() is None
        deleted = (
            db.session.execute(select(AuditEntry.entity).where(AuditEntry.action == "delete")).scalars().all()
        )
        assert "AgendaSession" in deleted and "AgendaMaterial" in deleted
    assert list((storage / "materials").iterdir()) == []


def test_objects_of_another_event_are_not_found_and_its_organiser_is_refused(app, as_role, world, storage):
    ours = make_session(app)
    theirs = make_session(app, slug="kla-lebak")
    their_material = make_material(app, theirs)
    organiser = as_role("organiser")
    assert organiser.get(f"{AGENDA}/{theirs}/edit").status_code == 404
    assert organiser.get(f"{AGENDA}/{theirs}/materials").status_code == 404
    assert organiser.get(f"{AGENDA}/materials/{their_material}").status_code == 404
    assert organiser.post_form(f"{AGENDA}/materials/{their_material}/delete").status_code == 404
    assert organiser.post_form(f"{AGENDA}/{theirs}/delete").status_code == 404
    other = as_role("other")
    assert other.get(f"{AGENDA}/{ours}/edit").status_code == 403
    assert other.post_form(f"{AGENDA}/{ours}/delete").status_code == 403
    with app.app_context():
        assert (
            db.session.get(AgendaSession, theirs) is not None
            and db.session.get(AgendaSession, ours) is not None
        )


def test_upload_download_and_delete_a_material(app, as_role, world, storage):
    session_id = make_session(app)
    client = as_role("organiser")
    url = f"{AGENDA}/{session_id}/materials"
    content = file_of_type("docx")
    response = client.post_form(
        url,
        {"file": (io.BytesIO(content), "Format RTL – Klaster I.docx"), "title": "Format RTL"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    with app.app_context():
        material = db.session.execute(select(AgendaMaterial)).scalar_one()
        material_id = material.id
        assert material.uploaded_by_id == world.users["organiser"][0]
        assert (
            db.session.execute(select(AuditEntry).where(AuditEntry.entity == "AgendaMaterial"))
            .scalar_one()
            .action
            == "create"
        )
    page = client.get(url).get_data(as_text=True)
    assert "Format RTL" in page and "DOCX" in page

    for kind in ("organiser", "staff", "facilitator"):
        download = as_role(kind).get(f"{AGENDA}/materials/{material_id}")
        assert download.status_code == 200
        assert download.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        disposition = download.headers["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert "filename*=UTF-8''Format%20RTL%20%E2%80%93%20Klaster%20I.docx" in disposition
        assert download.get_data() == content
        download.close()

    assert as_role("staff").post_form(f"{AGENDA}/materials/{material_id}/delete").status_code == 403
    assert client.post_form(f"{AGENDA}/materials/{material_id}/delete").status_code == 302
    assert list((storage / "materials").iterdir()) == []


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"MZ\x90\x00" + b"\0" * 100, "Paparan.pdf", "judged by its content"),
        (b"Catatan rapat biasa", "Notulen.docx", "judged by its content"),
        (b"%PDF-1.4\n" + b"\0" * (26 * 1024 * 1024), "besar.pdf", "larger than 25 MB"),
    ],
)
def test_refused_uploads_say_why_next_to_the_field(app, as_role, world, storage, content, name, message):
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    session_id = make_session(app)
    client = as_role("organiser")
    # Encoded here, in memory: the test client would spool a large body to a file it never closes.
    boundary, body = encode_multipart(
        {"csrf_token": client.csrf_token(), "file": FileStorage(io.BytesIO(content), filename=name)}
    )
    response = client.post(
        f"{AGENDA}/{session_id}/materials",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'id="file-error">[^<]*' + re.escape(message), page)
    with app.app_context():
        assert db.session.execute(select(AgendaMaterial)).first() is None
    assert list((storage / "materials").iterdir()) == []


def test_a_200_mb_request_gets_a_clear_message(app, as_role, world, storage):
    session_id = make_session(app)
    client = as_role("organiser")
    url = f"{AGENDA}/{session_id}/materials"
    body = io.BytesIO(b"--x\r\n")  # the size is only announced: nothing of it is read
    response = client.post(
        url,
        input_stream=body,
        content_type="multipart/form-data; boundary=x",
        environ_overrides={"CONTENT_LENGTH": str(200 * 1024 * 1024)},
    )
    assert response.status_code == 303 and response.headers["Location"].endswith(url)
    page = client.get(url).get_data(as_text=True)
    assert "The file is larger than 25 MB; nothing was stored." in page


def test_participants_download_with_their_ticket(app, as_role, world, storage):
    session_id = make_session(app, day=0, start="00:00", minutes=60)  # already started
    later_id = make_session(app, day=2, start="10:00", title="Pleno", room="Ruang 2")
    visible = make_material(app, session_id, name="Paparan KHA.pdf")
    hidden = make_material(
        app, later_id, content=file_of_type("pptx"), name="Kunci jawaban.pptx", hidden=True
    )
    their_session = make_session(app, slug="kla-lebak")
    theirs = make_material(app, their_session)
    anonymous = as_role("anonymous")

    response = anonymous.get(f"/t/{world.ticket}/materials/{visible}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert 'filename="Paparan KHA.pdf"' in response.headers["Content-Disposition"]
    response.close()

    not_yet = anonymous.get(f"/t/{world.ticket}/materials/{hidden}")
    assert not_yet.status_code == 403
    assert "This material can be downloaded once the session has started" in not_yet.get_data(as_text=True)
    team = as_role("staff").get(f"{AGENDA}/materials/{hidden}")
    assert team.status_code == 200  # the team may always download
    team.close()

    assert (
        anonymous.get(f"/t/{world.ticket}/materials/{theirs}").status_code == 404
    )  # another event's material
    assert (
        anonymous.get(f"/t/{world.other_ticket}/materials/{visible}").status_code == 404
    )  # another event's ticket
    assert anonymous.get(f"/t/not-a-ticket/materials/{visible}").status_code == 404
    with app.app_context():
        from workshop.attendees.services import cancel_attendee, get_by_ticket

        cancel_attendee(get_by_ticket(world.ticket), "tidak hadir")
        db.session.commit()
    assert anonymous.get(f"/t/{world.ticket}/materials/{visible}").status_code == 404


def test_public_agenda_and_calendar(app, as_role, world):
    with app.app_context():
        event = get_event()
        speaker = make_attendee(
            event,
            full_name="Drs. Dermawan, M.Si.",
            role="narasumber",
            nip="19680412 199303 1 002",
            phone="0811-1234-5601",
            email="dermawan@kemenpppa.go.id",
            position="Asisten Deputi Pemenuhan Hak Sipil, Informasi dan Partisipasi Anak",
            institution="Kementerian PPPA",
        )
        db.session.commit()
        speaker_id = speaker.id
    make_session(app, title='KHA; hak, dan "kebijakan"', speaker_ids=[speaker_id], start="08:00", minutes=100)
    make_session(app, title="Rehat", kind="istirahat", start="09:40", minutes=20, room="")
    client = as_role("anonymous")
    page = client.get("/e/kla-serang/agenda").get_data(as_text=True)
    assert "08:00" in page and "09:40" in page and "WIB" in page
    assert "Asisten Deputi Pemenuhan Hak Sipil, Informasi dan Partisipasi Anak" in page
    assert "2 JP" in page and "Total: 2 JP" in page
    assert "dermawan@kemenpppa.go.id" not in page and "0811" not in page
    with app.app_context():
        code = db.session.execute(select(AgendaSession.code)).scalars().first()
    assert code not in page  # the self check-in code stays at the venue

    response = client.get("/e/kla-serang/agenda.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    text = response.get_data(as_text=True)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # CRLF everywhere
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert 'SUMMARY:KHA\\; hak\\, dan "kebijakan"' in unfolded
    with app.app_context():
        event = get_event()
        start = event.starts_on
    utc = datetime.combine(start, time(8, 0)) - timedelta(hours=7)
    assert f"DTSTART:{utc:%Y%m%dT%H%M%S}Z" in unfolded
    assert "Drs. Dermawan\\, M.Si." in unfolded
    assert unfolded.count("BEGIN:VEVENT") == 2
    assert code not in text


def test_draft_events_have_no_public_agenda(app, as_role, world):
    with app.app_context():
        get_event().status = "draft"
        db.session.commit()
    client = as_role("anonymous")
    assert client.get("/e/kla-serang/agenda").status_code == 404
    assert client.get("/e/kla-serang/agenda.ics").status_code == 404


def test_agenda_partial_for_a_ticket_shows_its_groups_sessions_and_materials(app, world, storage):
    from flask import render_template

    from workshop.groups.models import Group

    with app.app_context():
        event = get_event()
        one = Group(event_id=event.id, name="Klaster I", cluster="I", position=1)
        two = Group(event_id=event.id, name="Klaster II", cluster="II", position=2)
        db.session.add_all([one, two])
        db.session.commit()
        one_id, two_id = one.id, two.id
    everyone = make_session(app, title="Pembukaan", kind="pembukaan", start="00:00", minutes=30)
    make_session(
        app,
        title="Diskusi I",
        kind="diskusi_kelompok",
        day=1,
        minutes=135,
        is_for_everyone=False,
        group_ids=[one_id],
        room="R1",
    )
    make_session(
        app,
        title="Diskusi II",
        kind="diskusi_kelompok",
        day=1,
        minutes=90,
        is_for_everyone=False,
        group_ids=[two_id],
        room="R2",
    )
    material = make_material(app, everyone, name="Jadwal.pdf")
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        from workshop.attendees.services import get_by_ticket

        attendee = get_by_ticket(world.ticket)
        attendee.group_id = two_id
        db.session.flush()
        html = render_template(
            "agenda/_agenda.html", event=get_event(), attendee=attendee, ticket_code=world.ticket
        )
        public = render_template("agenda/_agenda.html", event=get_event())
    assert "Diskusi II" in html and "Diskusi I<" not in html and "Total: 2 JP" in html
    assert f"/t/{world.ticket}/materials/{material}" in html
    assert "Diskusi I<" in public and "Diskusi II" in public and "Total: 3 JP" in public
    assert "/materials/" not in public


def test_public_agenda_in_english(app, as_role, world):
    make_session(app, title="Rehat kopi", kind="istirahat", minutes=15)
    client = as_role("anonymous")
    client.get("/lang/en?next=/e/kla-serang/agenda")
    page = client.get("/e/kla-serang/agenda").get_data(as_text=True)
    assert '<html lang="en">' in page and "Istirahat (break)" in page and "Times are in WIB." in page


def test_speakers_page_bio_and_photo(app, as_role, world, storage):
    from PIL import Image

    with app.app_context():
        speaker = make_attendee(
            get_event(),
            full_name="Drs. Dermawan, M.Si.",
            role="narasumber",
            nip="19680412 199303 1 002",
            phone="0811-1234-5601",
            email="",
        )
        db.session.commit()
        speaker_id = speaker.id
    client = as_role("organiser")
    assert "Drs. Dermawan, M.Si." in client.get(AGENDA + "/speakers").get_data(as_text=True)
    url = f"{AGENDA}/speakers/{speaker_id}"
    bad = client.post_form(
        url,
        {"bio": "Asdep", "photo": (io.BytesIO(b"GIF89a...."), "foto.png")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert 'id="photo-error">The photo must be a JPG or PNG image.' in bad
    response = client.post_form(
        url,
        {"bio": "Asisten Deputi di Kemen PPPA.", "photo": (io.BytesIO(file_of_type("png")), "foto.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    public = as_role("anonymous")
    page = public.get("/e/kla-serang/agenda").get_data(as_text=True)
    assert "Asisten Deputi di Kemen PPPA." in page
    photo = public.get(f"/e/kla-serang/speakers/{speaker_id}/photo")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    with Image.open(io.BytesIO(photo.get_data())) as image:
        assert image.format == "JPEG"
    photo.close()
    assert public.get(f"/e/kla-serang/speakers/{world.attendee_id}/photo").status_code == 404  # not a speaker
    assert client.get(f"{AGENDA}/speakers/{world.attendee_id}").status_code == 404
