"""The agenda module's rows of the authorisation matrix (see tests/matrix.py)."""

from tests.matrix import LOGIN, ORGANISERS_ONLY, TEAM_ONLY  # noqa: F401

MANAGE = "/manage/events/{event}/agenda"

ROUTES = {
    "agenda.manage": ("GET", MANAGE + "/", TEAM_ONLY),
    "agenda.session_new": ("GET", MANAGE + "/new", ORGANISERS_ONLY),
    "agenda.session_edit": ("GET", MANAGE + "/{agenda_session}/edit", ORGANISERS_ONLY),
    "agenda.session_delete": ("POST", MANAGE + "/{agenda_session}/delete", {**ORGANISERS_ONLY, "*": 302}),
    # Staff and facilitators may look at the materials (and download them); only organisers change them.
    "agenda.session_materials": ("GET", MANAGE + "/{agenda_session}/materials", TEAM_ONLY),
    # An empty upload form comes back with its error message.
    "agenda.material_upload": ("POST", MANAGE + "/{agenda_session}/materials", ORGANISERS_ONLY),
    "agenda.material_delete": (
        "POST",
        MANAGE + "/materials/{material}/delete",
        {**ORGANISERS_ONLY, "*": 302},
    ),
    "agenda.material_download": ("GET", MANAGE + "/materials/{material}", TEAM_ONLY),
    "agenda.speakers": ("GET", MANAGE + "/speakers", ORGANISERS_ONLY),
    "agenda.speaker_edit": ("GET", MANAGE + "/speakers/{speaker}", ORGANISERS_ONLY),
    "agenda.public_agenda": ("GET", "/e/{event}/agenda", {"*": 200}),
    "agenda.public_ics": ("GET", "/e/{event}/agenda.ics", {"*": 200}),
    "agenda.speaker_photo": ("GET", "/e/{event}/speakers/{speaker}/photo", {"*": 200}),
    # The ticket code in the URL is the key: whoever holds the link may download.
    "agenda.ticket_material": ("GET", "/t/{ticket}/materials/{material}", {"*": 200}),
}

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def extra_url_values(app, world) -> dict:
    """A speaker with a photo, a session with that speaker, and a material of the session."""
    import io
    from datetime import datetime, time, timedelta

    from PIL import Image
    from sqlalchemy import select

    from tests.conftest import make_attendee
    from workshop.agenda import services
    from workshop.events.models import Event
    from workshop.extensions import db

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        speaker = make_attendee(
            event,
            full_name="Drs. Dermawan, M.Si.",
            role="narasumber",
            nip="19680412 199303 1 002",
            phone="0811-1234-5601",
            email="",
        )
        photo = io.BytesIO()
        Image.new("RGB", (8, 8), (200, 40, 40)).save(photo, "PNG")
        photo.seek(0)
        services.set_speaker_photo(speaker, photo)
        start = datetime.combine(event.starts_on, time(9, 0))
        session, _ = services.create_session(
            event,
            {
                "title": "Konvensi Hak Anak",
                "kind": "materi",
                "starts_at": start,
                "ends_at": start + timedelta(minutes=90),
                "room": "Aula",
                "speaker_ids": [speaker.id],
            },
        )
        material = services.add_material(session, io.BytesIO(PDF_BYTES), "Paparan KHA.pdf")
        db.session.commit()
        return {"agenda_session": session.id, "material": material.id, "speaker": speaker.id}
