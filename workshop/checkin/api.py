"""The check-in JSON API (DESIGN.md §5).

Auth: a signed-in member of the event's team (organiser or staff; admins too) with the session
cookie and the X-CSRFToken header, or "Authorization: Bearer <device token>". The routes are
exempt from Flask-WTF's automatic check because device tokens carry no CSRF token; cookie
requests are checked here instead (400 when the header is missing or wrong).

Which event: a scan names a session; the session's code decides the event. A single scan for a
session of an event the caller does not belong to answers 403. In a batch each item is judged on
its own: an item naming a session of another event answers ``unknown_session`` (nothing is
written across events); a batch where no item names a session the caller may use, but some name
another event's session, answers 403.
"""

from __future__ import annotations

from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from flask import jsonify, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from sqlalchemy import select
from werkzeug.exceptions import TooManyRequests
from wtforms.validators import ValidationError

from workshop.attendees.services import AttendeeError
from workshop.checkin import bp, fastlane, services
from workshop.checkin.models import DeviceToken
from workshop.core import ratelimit
from workshop.core.audit import acting_as
from workshop.core.db import utcnow
from workshop.core.inputs import per_item_text
from workshop.core.ratelimit import LeasedLimit
from workshop.core.tokens import hash_token
from workshop.core.web import ApiError, api_error
from workshop.core.writelock import writer_lock
from workshop.events.models import Event
from workshop.events.services import role_in
from workshop.extensions import csrf, db, limiter

MAX_BATCH = 500
LAST_USED_EVERY = services.LAST_USED_EVERY
SCAN_ROLES = ("organiser", "staff")


bp.register_error_handler(ApiError, api_error)


@dataclass
class Caller:
    user: object | None = None
    device: DeviceToken | None = None

    def may_use(self, event: Event, roles=SCAN_ROLES) -> bool:
        if self.device is not None:
            return self.device.event_id == event.id and "device" in roles
        if self.user.is_admin:
            return True
        return role_in(event, self.user) in roles


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return None


def _caller() -> Caller:
    """Who is calling: 401 without a valid device token or session."""
    token = _bearer()
    if token is not None:
        device = services.device_for_token(token)
        if device is None:
            raise ApiError(401, "invalid or expired device token")
        now = utcnow()
        # Written at most once a minute: a busy door's phone should not rewrite its row per scan.
        if device.last_used_at is None or now - device.last_used_at > LAST_USED_EVERY:
            device.last_used_at = now
        return Caller(device=device)
    if current_user and current_user.is_authenticated:
        return Caller(user=current_user._get_current_object())
    raise ApiError(401, "authentication required")


def _check_csrf(caller: Caller) -> None:
    if caller.device is not None or request.method == "GET":
        return
    try:
        validate_csrf(request.headers.get("X-CSRFToken"))
    except (ValidationError, CSRFError):
        raise ApiError(400, "missing or invalid X-CSRFToken header") from None


def _rate_key() -> str:
    token = _bearer()
    if token:
        return "device:" + hash_token(token)[:16]
    if current_user and current_user.is_authenticated:
        return f"user:{current_user.get_id()}"
    return f"ip:{request.remote_addr or 'unknown'}"


_limit = ratelimit.configured("CHECKIN_API_LIMIT", "1200/minute")


def _scanner_of(slug: str) -> tuple[Caller, Event]:
    """The caller and the event of the URL, when the caller may scan there (401/404/403)."""
    caller = _caller()
    event = _event(slug)
    if not caller.may_use(event, (*SCAN_ROLES, "device")):
        raise ApiError(403, "not allowed for this event")
    return caller, event


def _event(slug: str) -> Event:
    event = db.session.execute(select(Event).where(Event.slug == slug)).scalar_one_or_none()
    if event is None:
        raise ApiError(404, "not found")
    return event


def result_json(result: services.CheckInResult) -> dict:
    return {
        "status": result.status,
        "participant": services.participant_info(result.attendee),
        "checked_in_at": result.checked_in_at.isoformat() if result.checked_in_at else None,
        # Recorded at a breakout of another group (confirmed, or sent in an offline batch).
        "flagged": bool(result.checkin is not None and result.checkin.wrong_group),
    }


def _scan(caller: Caller, item, event: Event | None, session=None, *, batch: bool = False) -> dict:
    if event is None:
        return {"status": services.UNKNOWN_SESSION, "participant": None, "checked_in_at": None}
    if not isinstance(item, dict):
        return {"status": services.INVALID, "participant": None, "checked_in_at": None}
    result = services.check_in(
        event,
        item.get("code"),
        session or item.get("session"),
        item.get("scan_id"),
        item.get("scanned_at"),
        item.get("sent_at"),
        item.get("method", "scan"),
        number=item.get("number"),
        by_user=caller.user,
        device=caller.device,
        # A batch is what a phone sends after being offline: it could not ask, so such a scan is
        # recorded flagged for review. A single scan asks first and is confirmed with "confirm".
        confirm_wrong_group=batch or item.get("confirm") is True,
    )
    return result_json(result)


@contextmanager
def _driver_connection(engine):
    """The pool's connection as the driver gives it (psycopg or sqlite3), for the hot path's
    statements (services._Statement). PostgreSQL: in autocommit for the block, since the scan is
    one SELECT and one INSERT that writes its audit row in the same statement: BEGIN and COMMIT
    would be two more round trips of four. A connection that failed is not given back."""
    pooled = engine.raw_connection()
    connection = pooled.driver_connection
    postgres = engine.dialect.name == "postgresql"
    try:
        if postgres:
            connection.autocommit = True
        yield connection
        if postgres:
            connection.autocommit = False
    except BaseException:
        pooled.invalidate()
        raise
    finally:
        pooled.close()


def hot_scan(token: str, body: dict) -> services.FastScan | None:
    """A scanner phone's ordinary scan in two statements (services.plan_device_scan and
    record_device_scan), or None: the reference path answers. SQLite's writers queue on the
    writer lock (core/writelock.py) only for the write and its commit: the SELECT reads the last
    committed state in WAL mode, and a scan that a writer before it made stale is refused by the
    INSERT's unique constraints (ON CONFLICT DO NOTHING) and goes to the reference path."""
    engine = db.engine
    with _driver_connection(engine) as connection:
        plan = services.plan_device_scan(connection, engine.dialect, token, body)
        if plan is None:
            return None
        with writer_lock(engine):
            fast = services.record_device_scan(connection, engine.dialect, plan)
            connection.commit()  # SQLite's transaction; nothing to do in PostgreSQL's autocommit
        return fast


def fast_json(fast: services.FastScan) -> dict:
    return {
        "status": fast.status,
        "participant": fast.participant,
        "checked_in_at": fast.checked_in_at.isoformat(),
        "flagged": False,  # the hot path records only a person's own session
    }


def _event_for(caller: Caller, item):
    """The event an item acts on (None: unknown to this caller), its session, and whether it was
    refused because it belongs to an event the caller may not use."""
    session = services.session_by_code(item.get("session")) if isinstance(item, dict) else None
    if session is not None:
        if caller.may_use(session.event, (*SCAN_ROLES, "device")):
            return session.event, session, False
        return None, None, True
    if caller.device is not None:
        return db.session.get(Event, caller.device.event_id), None, False
    return None, None, False


# The scan route counts hits with a lease from the shared counter (one Redis round trip per
# lease instead of one per scan, see LeasedLimit); the other API routes use Flask-Limiter.
SCAN_LIMIT = LeasedLimit("checkin-scans")


limiter.counting_themselves.add("checkin.api_checkins")  # Flask-Limiter skips it (extensions.py)


@bp.route("/api/checkins", methods=["POST"])
@csrf.exempt
@per_item_text
def api_checkins():
    environ = request.environ
    # The fast lane in front of Flask (fastlane.py) may have counted this request already.
    if environ.get(fastlane.LIMITED) or (
        not environ.get(fastlane.COUNTED) and not SCAN_LIMIT.hit(_rate_key(), _limit())
    ):
        raise TooManyRequests()
    body = request.get_json(force=True, silent=True)
    token = _bearer()
    if (
        token is not None
        and isinstance(body, dict)
        and "scans" not in body
        and not environ.get(fastlane.TRIED)
    ):
        fast = hot_scan(token, body)  # the hot path: a scanner phone's ordinary scan
        if fast is not None:
            return jsonify(fast_json(fast))
    caller = _caller()
    _check_csrf(caller)
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object")
    if "scans" in body:
        scans = body["scans"]
        if not isinstance(scans, list):
            raise ApiError(400, "scans must be a list")
        if len(scans) > MAX_BATCH:
            raise ApiError(400, f"at most {MAX_BATCH} scans at once")
        targets = [_event_for(caller, item) for item in scans]
        if (
            scans
            and all(event is None for event, _s, _r in targets)
            and any(refused for _e, _s, refused in targets)
        ):
            raise ApiError(403, "not allowed for this event")
        with _actor(caller):
            results = [
                _scan(caller, item, event, session, batch=True)
                for item, (event, session, _r) in zip(scans, targets)
            ]
            db.session.commit()
        return jsonify({"results": results})
    event, session, refused = _event_for(caller, body)
    if refused:
        raise ApiError(403, "not allowed for this event")
    with _actor(caller):
        result = _scan(caller, body, event, session)
        db.session.commit()
    return jsonify(result)


def _actor(caller: Caller):
    """Check-ins from a scanner phone are audited under the phone's name."""
    if caller.device is not None:
        return acting_as(f"device:{caller.device.id}:{caller.device.name}")
    return nullcontext()


@bp.route("/api/checkins/<int:checkin_id>/void", methods=["POST"])
@csrf.exempt
@limiter.limit(_limit, key_func=_rate_key)
def api_void(checkin_id: int):
    caller = _caller()
    checkin = services.get_checkin(checkin_id)
    if checkin is None:
        raise ApiError(404, "not found")
    if caller.device is not None or not caller.may_use(
        db.session.get(Event, checkin.event_id), ("organiser",)
    ):
        raise ApiError(403, "only the event's organisers may undo a check-in")
    _check_csrf(caller)
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object")
    reason = body.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        return jsonify({"error": "a reason is required"}), 422
    services.void_check_in(checkin, reason, by_user=caller.user)
    db.session.commit()
    return jsonify({"status": "voided"})


@bp.route("/api/events/<slug>/roster")
@limiter.limit(_limit, key_func=_rate_key)
def api_roster(slug: str):
    caller, event = _scanner_of(slug)
    rows = services.roster(event)
    sessions = services.roster_sessions(event)
    db.session.commit()  # last_used_at of a device
    response = jsonify(
        {
            "event": {"slug": event.slug, "title": event.title, "timezone": event.timezone},
            # The server's clock, so a phone whose clock is wrong still knows which session is open.
            "now": utcnow().isoformat(),
            "sessions": sessions,
            "participants": rows,
        }
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/api/events/<slug>/walk-ins", methods=["POST"])
@csrf.exempt
@limiter.limit(_limit, key_func=_rate_key)
def api_walk_in(slug: str):
    """Add someone who is not on the list, at the door; answers their roster row and ticket
    hash so the scanner can check them in at once (method manual)."""
    caller, event = _scanner_of(slug)
    _check_csrf(caller)
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object")
    data = {key: body.get(key) for key in WALK_IN_FIELDS}
    if any(value is not None and not isinstance(value, str) for value in data.values()):
        raise ApiError(400, "every field must be text")
    data["role"] = "peserta"
    with _actor(caller):
        try:
            attendee = services.add_walk_in(event, data)
        except AttendeeError as error:
            db.session.rollback()
            return jsonify({"error": "invalid", "errors": {p.field: str(p) for p in error.problems}}), 422
        row = {
            "hash": hash_token(attendee.ticket_code),
            "number": attendee.reg_number,
            **services.participant_info(attendee),
            "status": attendee.status,
        }
        db.session.commit()
    return jsonify({"participant": row}), 201


WALK_IN_FIELDS = ("full_name", "gender", "category", "nip", "position", "institution", "phone")


@bp.route("/api/events/<slug>/attendance")
@limiter.limit(_limit, key_func=_rate_key)
def api_attendance(slug: str):
    caller, event = _scanner_of(slug)
    rows = services.attendance(event)
    db.session.commit()
    return jsonify({"sessions": rows})
