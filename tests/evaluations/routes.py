"""The evaluations module's rows of the authorisation matrix (see tests/matrix.py).

The participant's pages live under a ticket link: the code is the key (like the ticket page), so
every visitor holding the link gets the same answer. The answers endpoint takes JSON: the
matrix's form post is a 400. The organiser's pages: organisers only (the venue screen: staff too).
"""

from tests.checkin.routes import DESK, ORGANISER_POST
from tests.matrix import ORGANISERS_ONLY

BASE = "/manage/events/{event}/evaluations"
ANSWER = "/t/{evaluation_ticket}/evaluations/{evaluation}"

ROUTES = {
    "evaluations.answer_page": ("GET", ANSWER, {"*": 200}),
    "evaluations.start": ("POST", ANSWER + "/start", {"*": 302}),
    "evaluations.save_answer": ("POST", ANSWER + "/answers", {"*": 400}),
    "evaluations.submit": ("POST", "/t/{evaluation_ticket}/evaluations/{form_evaluation}/submit", {"*": 302}),
    "evaluations.overview": ("GET", BASE, ORGANISERS_ONLY),
    "evaluations.setup": ("POST", BASE + "/setup", ORGANISER_POST),
    "evaluations.set_state": ("POST", BASE + "/{evaluation}/state", ORGANISER_POST),
    "evaluations.settings": ("GET", BASE + "/{evaluation}", ORGANISERS_ONLY),
    "evaluations.speaker_link": ("POST", BASE + "/{form_evaluation}/speaker-link", ORGANISER_POST),
    # The speaker's link is the key (an unguessable token the organiser sends).
    "evaluations.speaker_results": ("GET", "/evaluations/speaker/{speaker_token}", {"*": 200}),
    "evaluations.questions": ("GET", BASE + "/questions", ORGANISERS_ONLY),
    # Without a file the page says what is missing.
    "evaluations.import_questions": (
        "POST",
        BASE + "/questions/import",
        {**ORGANISER_POST, "*": 422},
    ),
    "evaluations.edit_question": ("GET", BASE + "/questions/{test_question}", ORGANISERS_ONLY),
    "evaluations.delete_question": ("POST", BASE + "/questions/{test_question}/delete", ORGANISER_POST),
    "evaluations.results": ("GET", BASE + "/results", ORGANISERS_ONLY),
    "evaluations.screen": ("GET", BASE + "/poster", DESK),
    # The poster's QR: this phone's remembered ticket (a redirect to it), else how to open it.
    "evaluations.evaluate": ("GET", "/e/{event}/evaluate", {"ticket": 302, "*": 200}),
}


def extra_url_values(app, world) -> dict:
    """The event's evaluations (the pre-test open by hand, one question), a participant who has
    accepted the notice about their data, and a speaker's results link."""
    from datetime import datetime, time, timedelta

    from sqlalchemy import select

    from tests.conftest import make_attendee
    from workshop.agenda import services as agenda_services
    from workshop.evaluations import services
    from workshop.events.models import Event
    from workshop.extensions import db
    from workshop.registration.services import accept_consent

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        speaker = make_attendee(
            event,
            full_name="Dr. Rini Wulandari",
            role="narasumber",
            nip="19750101 200001 2 001",
            phone="0812-7777-1111",
            email="rini@kemenpppa.go.id",
        )
        start = datetime.combine(event.starts_on, time(9, 0))
        agenda_services.create_session(
            event,
            {
                "title": "Konvensi Hak Anak",
                "kind": "materi",
                "starts_at": start,
                "ends_at": start + timedelta(minutes=90),
                "room": "Aula",
                "is_for_everyone": True,
                "speaker_ids": [speaker.id],
            },
            confirm_warnings=True,
        )
        evaluations = services.ensure_evaluations(event)
        question = services.add_question(event, "KHA disahkan pada tahun?", ["1989", "1990"], 0)
        pretest = next(e for e in evaluations if e.kind == "pretest")
        services.set_state(pretest, "open")
        session_form = next(e for e in evaluations if e.kind == "session")
        services.set_state(session_form, "open")
        token = services.speaker_link_token(session_form)
        person = make_attendee(
            event,
            full_name="Ani Maharani",
            gender="P",
            nip="19900505 201503 2 004",
            phone="0813-5555-6666",
            email="ani@dinsos.serangkota.go.id",
        )
        accept_consent(person)
        db.session.commit()
        return {
            "evaluation": pretest.id,
            "form_evaluation": session_form.id,
            "test_question": question.id,
            "speaker_token": token,
            "evaluation_ticket": person.ticket_code,
        }
