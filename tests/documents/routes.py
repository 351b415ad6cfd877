"""The documents module's rows of the authorisation matrix (see tests/matrix.py)."""

from tests.matrix import LOGIN, ORGANISERS_ONLY

# Organiser actions that redirect back.
ORGANISER_POST = {
    "anonymous": LOGIN,
    "ticket": LOGIN,
    "other": 403,
    "staff": 403,
    "facilitator": 403,
    "*": 302,
}
# A form post without its file answers the form again with the message (422).
ORGANISER_FORM = {
    "anonymous": LOGIN,
    "ticket": LOGIN,
    "other": 403,
    "staff": 403,
    "facilitator": 403,
    "*": 422,
}

ROUTES = {
    # Printed before a session for signatures and afterwards with check-in times: the check-in
    # staff at the door need it too.
    "documents.daftar_hadir": (
        "GET",
        "/manage/events/{event}/agenda/{agenda_session}/daftar-hadir.pdf",
        {"anonymous": LOGIN, "ticket": LOGIN, "other": 403, "facilitator": 403, "*": 200},
    ),
    "documents.poster": (
        "GET",
        "/manage/events/{event}/agenda/{agenda_session}/poster.pdf",
        {"anonymous": LOGIN, "ticket": LOGIN, "other": 403, "facilitator": 403, "*": 200},
    ),
    # The documents an organiser hands in: the organisers' own.
    "documents.index": ("GET", "/manage/events/{event}/documents", ORGANISERS_ONLY),
    "documents.recap": ("GET", "/manage/events/{event}/documents/attendance-recap.xlsx", ORGANISERS_ONLY),
    "documents.report": ("GET", "/manage/events/{event}/documents/report", ORGANISERS_ONLY),
    "documents.report_pdf": ("GET", "/manage/events/{event}/documents/report.pdf", ORGANISERS_ONLY),
    # Starts a job and opens its page.
    "documents.bundle": ("POST", "/manage/events/{event}/documents/bundle", ORGANISER_POST),
    # The letterhead (kop) and the daftar hadir's "Mengetahui" block, and a sample page of both.
    "documents.letterhead": ("GET", "/manage/events/{event}/documents/letterhead", ORGANISERS_ONLY),
    "documents.letterhead_pdf": ("GET", "/manage/events/{event}/documents/letterhead.pdf", ORGANISERS_ONLY),
    "documents.rtl_pdf": ("GET", "/manage/events/{event}/documents/rtl.pdf", ORGANISERS_ONLY),
    "documents.rtl_docx": ("GET", "/manage/events/{event}/documents/rtl.docx", ORGANISERS_ONLY),
    "documents.report_docx": ("GET", "/manage/events/{event}/documents/report.docx", ORGANISERS_ONLY),
    # Any document of the exporter registry, by its kind.
    "documents.export": ("GET", "/manage/events/{event}/documents/export/recap", ORGANISERS_ONLY),
    "documents.add_photo": ("POST", "/manage/events/{event}/documents/report/photos", ORGANISER_FORM),
    "documents.photo": (
        "GET",
        "/manage/events/{event}/documents/report/photos/{report_photo}",
        ORGANISERS_ONLY,
    ),
    "documents.delete_photo": (
        "POST",
        "/manage/events/{event}/documents/report/photos/{report_photo}/delete",
        ORGANISER_POST,
    ),
}


def extra_url_values(app, world) -> dict:
    """A photo in the event's activity report."""
    import io

    from PIL import Image
    from sqlalchemy import select

    from workshop.documents import services
    from workshop.events.models import Event
    from workshop.extensions import db

    image = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(image, "JPEG")
    image.seek(0)
    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        photo = services.add_photo(event, image, "Pembukaan")
        db.session.commit()
        return {"report_photo": photo.id}
