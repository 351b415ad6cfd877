"""The check-in module's rows of the authorisation matrix (see tests/matrix.py).

The JSON API answers 401 (not the sign-in page) without a session or device token. The matrix
posts a form without the X-CSRFToken header, so signed-in callers who get that far see 400.
"""

from tests.matrix import LOGIN, ORGANISERS_ONLY

API_SCANNERS = {"anonymous": 401, "ticket": 401, "device": 200, "other": 403, "facilitator": 403, "*": 200}
# Pages of the check-in desk: organisers and staff.
DESK = {"anonymous": LOGIN, "ticket": LOGIN, "other": 403, "facilitator": 403, "*": 200}
# Organiser actions (form posts that redirect back).
ORGANISER_POST = {
    "anonymous": LOGIN,
    "ticket": LOGIN,
    "other": 403,
    "staff": 403,
    "facilitator": 403,
    "*": 302,
}
SESSION = "/manage/events/{event}/checkin/sessions/{checkin_session_id}"

ROUTES = {
    # The event comes from the body, which a form post does not have: 400 once signed in.
    "checkin.api_checkins": (
        "POST",
        "/api/checkins",
        {"anonymous": 401, "ticket": 401, "device": 400, "*": 400},
    ),
    # Undoing a check-in is for organisers only, never for a door's phone.
    "checkin.api_void": (
        "POST",
        "/api/checkins/{checkin}/void",
        {
            "anonymous": 401,
            "ticket": 401,
            "device": 403,
            "other": 403,
            "staff": 403,
            "facilitator": 403,
            "*": 400,
        },
    ),
    "checkin.api_roster": ("GET", "/api/events/{event}/roster", API_SCANNERS),
    "checkin.api_attendance": ("GET", "/api/events/{event}/attendance", API_SCANNERS),
    # Self check-in: the session code is shown at the venue; without a ticket cookie the page
    # says to open the ticket link first.
    "checkin.self_checkin": ("GET", "/c/{checkin_session}", {"*": 200}),
    # A walk-in at the door: the matrix's form post lacks the X-CSRFToken header (400).
    "checkin.api_walk_in": (
        "POST",
        "/api/events/{event}/walk-ins",
        {"anonymous": 401, "ticket": 401, "device": 400, "other": 403, "facilitator": 403, "*": 400},
    ),
    # The scanner page is a shell without personal data: signed-in staff or a paired phone (its
    # token lives in the phone's storage, so the server cannot tell before the API calls).
    "checkin.scanner": ("GET", "/scan/{event}", {"*": 200}),
    "checkin.service_worker": ("GET", "/scan/sw.js", {"*": 200}),
    # The pairing link is the secret: whoever opens it first pairs their phone.
    "checkin.pair": ("GET", "/pair/{pairing_code}", {"*": 200}),
    "checkin.devices": ("GET", "/manage/events/{event}/checkin/devices", ORGANISERS_ONLY),
    "checkin.revoke_device": (
        "POST",
        "/manage/events/{event}/checkin/devices/{device}/revoke",
        ORGANISER_POST,
    ),
    "checkin.dashboard": ("GET", "/manage/events/{event}/checkin", DESK),
    "checkin.session_detail": ("GET", SESSION, DESK),
    "checkin.session_live": ("GET", SESSION + "/live", DESK),
    "checkin.paper": ("GET", SESSION + "/paper", DESK),
    "checkin.screen": ("GET", SESSION + "/screen", DESK),
    "checkin.screen_qr": ("GET", SESSION + "/screen.svg", DESK),
    "checkin.set_mode": ("POST", SESSION + "/mode", ORGANISER_POST),
    "checkin.void": ("POST", "/manage/events/{event}/checkin/{checkin}/void", ORGANISER_POST),
}


def extra_url_values(app, world) -> dict:
    """A session of the event with the ticket holder checked in."""
    import uuid
    from datetime import datetime, time, timedelta

    from sqlalchemy import select

    from workshop.agenda import services as agenda_services
    from workshop.checkin import services
    from workshop.events.models import Event
    from workshop.extensions import db

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        start = datetime.combine(event.starts_on, time(13, 0))
        session, _ = agenda_services.create_session(
            event,
            {
                "title": "Pemenuhan Hak Anak",
                "kind": "materi",
                "starts_at": start,
                "ends_at": start + timedelta(minutes=90),
                "room": "Aula",
                "is_for_everyone": True,
            },
            confirm_warnings=True,
        )
        result = services.check_in(
            event, world.ticket, session.code, str(uuid.uuid4()), now=session.starts_at + timedelta(minutes=5)
        )
        assert result.status == "ok", result.status
        device, _token = services.create_device_token(event, "Pintu Aula")
        _pairing, pairing_code = services.create_pairing(event, "Meja Registrasi")
        db.session.commit()
        return {
            "checkin": result.checkin.id,
            "checkin_session": session.code,
            "checkin_session_id": session.id,
            "device": device.id,
            "pairing_code": pairing_code,
        }
