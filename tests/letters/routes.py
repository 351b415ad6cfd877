"""The letters module's rows of the authorisation matrix (see tests/matrix.py)."""

from tests.matrix import LOGIN, ORGANISERS_ONLY

ORGANISER_POSTS = {"anonymous": LOGIN, "ticket": LOGIN, "other": 403, "staff": 403, "facilitator": 403}

ROUTES = {
    "letters.index": ("GET", "/manage/events/{event}/letters", ORGANISERS_ONLY),
    "letters.addressee": (
        "GET",
        "/manage/events/{event}/letters/undangan/{letter_institution}",
        ORGANISERS_ONLY,
    ),
    "letters.preview": (
        "GET",
        "/manage/events/{event}/letters/narasumber/{letter_speaker}/preview.pdf",
        ORGANISERS_ONLY,
    ),
    "letters.generate": (
        "POST",
        "/manage/events/{event}/letters/undangan/generate",
        {**ORGANISER_POSTS, "*": 302},
    ),
    "letters.register": ("GET", "/manage/events/{event}/letters/register", ORGANISERS_ONLY),
    "letters.letter_pdf": ("GET", "/manage/events/{event}/letters/register/{letter}.pdf", ORGANISERS_ONLY),
    "letters.letter_docx": ("GET", "/manage/events/{event}/letters/register/{letter}.docx", ORGANISERS_ONLY),
    "letters.download": ("GET", "/manage/events/{event}/letters/undangan/all.zip", ORGANISERS_ONLY),
}


def extra_url_values(app, world) -> dict:
    """The world's event has a speaker from the ministry, settings and a registered letter."""
    from tests.letters.conftest import add_speakers, event_by_slug, save
    from workshop.attendees.models import Attendee
    from workshop.extensions import db
    from workshop.letters import services

    with app.app_context():
        event = event_by_slug(world.event_slug)
        ids = add_speakers(event)
        # The letters' own words are Indonesian whatever the page's language: one that is also a
        # catalogue word ("Narasumber") would read as an untranslated label to tests/core/test_pages.py.
        save(event, hal_narasumber="Permohonan Pemateri")
        letter = services.generate(event, "undangan")[0]
        holder = db.session.get(Attendee, world.attendee_id)
        db.session.commit()
        return {
            "letter": letter.id,
            "letter_institution": holder.institution_id,
            "letter_speaker": ids["deputy"],
        }
