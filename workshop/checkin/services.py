"""The check-in rules (DESIGN.md §4 "Check-in protocol"): plain functions that flush, never commit.

One row per person per session is guaranteed by a unique constraint: ``check_in`` inserts inside a
savepoint and, when the insert collides, rolls the savepoint back and reads what is there.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from workshop.agenda.models import AgendaSession, SessionGroup
from workshop.agenda.services import agenda_for
from workshop.attendees import services as attendee_services
from workshop.attendees.models import Attendee, AttendeeStatus, Role, Source
from workshop.checkin.models import METHOD_VALUES, CheckIn, CheckInVoid, DeviceToken, Method, PairingCode
from workshop.core import signals
from workshop.core.db import utcnow
from workshop.core.tokens import hash_token, random_token
from workshop.events.models import Event
from workshop.extensions import db

OK = "ok"
ALREADY = "already_checked_in"
DUPLICATE = "duplicate_scan"
INVALID = "invalid"
CANCELLED = "cancelled"
WRONG_EVENT = "wrong_event"
UNKNOWN_SESSION = "unknown_session"
OUTSIDE_WINDOW = "outside_window"
CLOCK_SKEW = "clock_skew"
WRONG_GROUP = "wrong_group"
STATUSES = (
    OK,
    ALREADY,
    DUPLICATE,
    INVALID,
    CANCELLED,
    WRONG_EVENT,
    UNKNOWN_SESSION,
    OUTSIDE_WINDOW,
    CLOCK_SKEW,
    WRONG_GROUP,
)

CLOCK_TOLERANCE = timedelta(minutes=2)
MAX_CODE_LENGTH = 2000


@dataclass
class CheckInResult:
    status: str
    attendee: Attendee | None = None
    checked_in_at: datetime | None = None
    checkin: CheckIn | None = None


class VoidRejected(Exception):
    pass


# ---- reading what was scanned --------------------------------------------------------------


def ticket_code_from(text: str | None) -> str:
    """The ticket code in scanned text: a full ticket URL (…/t/<code>) or the bare code."""
    if not isinstance(text, str):
        return ""
    text = text.strip()
    if not text or len(text) > MAX_CODE_LENGTH:
        return ""
    text = text.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return text.rsplit("/", 1)[-1].strip()


def parse_time(value) -> datetime | None:
    """An ISO 8601 time with its offset, as aware UTC; None when missing or unreadable
    (a time without offset cannot be placed and counts as unreadable)."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value.strip():
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        return None
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # e.g. 9999-12-31T23:59:59-01:00 is past the last day Python holds
        return None


def valid_scan_id(value) -> bool:
    if not isinstance(value, str) or not value:
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def session_by_code(code) -> AgendaSession | None:
    if not isinstance(code, str) or not code.strip() or len(code) > 16:
        return None
    return db.session.execute(
        select(AgendaSession)
        .where(AgendaSession.code == code.strip())
        .options(joinedload(AgendaSession.event))
    ).scalar_one_or_none()


# ---- checking in -----------------------------------------------------------------------------


def corrected_time(scanned_at: datetime | None, sent_at: datetime | None, now: datetime) -> datetime:
    """The scan time on the server's clock: the phone's clock error is now - sent_at."""
    moment = scanned_at or now
    if sent_at is not None:
        moment = moment + (now - sent_at)
    return moment


def check_in(
    event: Event,
    code_text,
    session_code,
    scan_id,
    scanned_at=None,
    sent_at=None,
    method: str = "scan",
    *,
    number=None,
    by_user=None,
    device: DeviceToken | None = None,
    now: datetime | None = None,
    trust_client_time: bool = True,
    phone_key: str | None = None,
    confirm_wrong_group: bool = False,
) -> CheckInResult:
    """Record that a person is at a session. ``event`` is the event the caller acts for; the
    answer's status is one of ``STATUSES``. Never writes a row for another event.

    The person is named by scanned text (a ticket URL or code) or, for people without their
    phone (methods manual and paper), by ``number``: their registration number in the event."""
    now = now or utcnow()
    if method not in METHOD_VALUES or not valid_scan_id(scan_id):
        return CheckInResult(INVALID)
    # The caller may pass the session it already looked up, to save a query per scan.
    session = session_code if isinstance(session_code, AgendaSession) else session_by_code(session_code)
    if session is None or session.event_id != event.id:
        return CheckInResult(UNKNOWN_SESSION)
    duplicate = _existing_scan(event, scan_id)
    if duplicate is not None:
        return duplicate
    attendee = None
    if code_text is None and number is not None:
        if method not in (Method.MANUAL.value, Method.PAPER.value):
            return CheckInResult(INVALID)
        attendee = attendee_by_number(event, number)
    else:
        code = ticket_code_from(code_text)
        if code and len(code) <= 64:
            attendee = db.session.execute(
                select(Attendee)
                .where(Attendee.ticket_code == code)
                .options(joinedload(Attendee.institution), joinedload(Attendee.group))
            ).scalar_one_or_none()
    if attendee is None:
        return CheckInResult(INVALID)
    if attendee.event_id != event.id:
        return CheckInResult(WRONG_EVENT)
    if attendee.status != AttendeeStatus.REGISTERED.value:
        return CheckInResult(CANCELLED, attendee)

    if trust_client_time:
        client_time = parse_time(scanned_at) if scanned_at is not None else None
        client_sent = parse_time(sent_at) if sent_at is not None else None
        if (scanned_at is not None and client_time is None) or (sent_at is not None and client_sent is None):
            return CheckInResult(INVALID, attendee)
        try:
            moment = corrected_time(client_time, client_sent, now)
        except OverflowError:  # e.g. scanned in year 9999 and sent in year 1: no real clock
            return CheckInResult(INVALID, attendee)
    else:
        moment = now
    if moment > now + CLOCK_TOLERANCE:
        return CheckInResult(CLOCK_SKEW, attendee)
    if not session.is_checkin_open(moment):
        return CheckInResult(OUTSIDE_WINDOW, attendee)
    wrong_group = is_wrong_group(session, attendee)
    if wrong_group and not confirm_wrong_group:
        existing = db.session.execute(
            select(CheckIn).where(CheckIn.attendee_id == attendee.id, CheckIn.agenda_session_id == session.id)
        ).scalar_one_or_none()
        if existing is not None:  # confirmed before: asking again would only slow the door
            return CheckInResult(ALREADY, attendee, existing.scanned_at, existing)
        return CheckInResult(WRONG_GROUP, attendee)

    row = CheckIn(
        event_id=event.id,
        attendee_id=attendee.id,
        agenda_session_id=session.id,
        scanned_at=moment,
        received_at=now,
        method=method,
        scan_id=scan_id,
        by_user_id=by_user.id if by_user is not None else None,
        device_id=device.id if device is not None else None,
        phone_key=phone_key,
        wrong_group=wrong_group,
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        # Another scan got there first (or this very scan id, sent twice at once).
        duplicate = _existing_scan(event, scan_id)
        if duplicate is not None:
            return duplicate
        existing = db.session.execute(
            select(CheckIn).where(CheckIn.attendee_id == attendee.id, CheckIn.agenda_session_id == session.id)
        ).scalar_one_or_none()
        if existing is None:  # pragma: no cover - the colliding row was voided meanwhile
            return CheckInResult(ALREADY, attendee, None)
        _keep_earliest(existing, moment, method)
        return CheckInResult(ALREADY, attendee, existing.scanned_at, existing)
    signals.check_in_recorded.send(event, check_in=row)
    return CheckInResult(OK, attendee, row.scanned_at, row)


def is_wrong_group(session: AgendaSession, attendee: Attendee) -> bool:
    """A participant at a breakout held for other groups (speakers, facilitators and the
    committee go to every room)."""
    return (
        not session.is_for_everyone
        and attendee.role == Role.PESERTA.value
        and not session.applies_to(attendee)
    )


def attendee_by_number(event: Event, number) -> Attendee | None:
    """The person with this registration number in the event ("17" or 17)."""
    if isinstance(number, str) and number.strip().isdigit():
        number = int(number.strip())
    if not isinstance(number, int) or isinstance(number, bool) or not 0 < number < 10**9:
        return None
    return db.session.execute(
        select(Attendee).where(Attendee.event_id == event.id, Attendee.reg_number == number)
    ).scalar_one_or_none()


def _existing_scan(event: Event, scan_id: str) -> CheckInResult | None:
    """The answer to a scan id already seen: kept as a check-in, or one that was undone since.
    One query for the usual case (a new scan id)."""
    found = db.session.execute(
        select(literal("checkin").label("kind"), CheckIn.id)
        .where(CheckIn.event_id == event.id, CheckIn.scan_id == scan_id)
        .union_all(
            select(literal("void").label("kind"), CheckInVoid.id).where(
                CheckInVoid.event_id == event.id, CheckInVoid.scan_id == scan_id
            )
        )
    ).first()
    if found is None:
        return None
    if found.kind == "checkin":
        row = db.session.get(CheckIn, found.id)
        return CheckInResult(DUPLICATE, row.attendee, row.scanned_at, row)
    void = db.session.get(CheckInVoid, found.id)
    return CheckInResult(DUPLICATE, db.session.get(Attendee, void.attendee_id), void.scanned_at)


def _keep_earliest(existing: CheckIn, moment: datetime, method: str) -> None:
    """Two phones scanned the same person (offline): the earliest scan is what happened."""
    if moment >= existing.scanned_at:
        return
    note = f"earlier {method} scan at {moment.isoformat()} replaced {existing.scanned_at.isoformat()}"
    existing.scanned_at = moment
    existing.conflict_count = (existing.conflict_count or 0) + 1
    existing.conflict_note = note[:300]
    db.session.flush()


# A void keeps every column of the check-in it undoes that it has too (event, person, session,
# times, method, scan id, who scanned, the phone).
_VOID_KEEPS = tuple(
    name
    for name in CheckInVoid.__table__.columns.keys()
    if name != "id" and name in CheckIn.__table__.columns
)


def void_check_in(checkin: CheckIn, reason: str, by_user=None) -> CheckInVoid:
    """Undo a mistaken check-in; the person may check in again. Kept as history (and audited)."""
    reason = (reason or "").strip()
    if not reason:
        raise VoidRejected("reason")
    void = CheckInVoid(
        checkin_id=checkin.id,
        voided_by_id=by_user.id if by_user is not None else None,
        void_reason=reason[:300],
        **{name: getattr(checkin, name) for name in _VOID_KEEPS},
    )
    db.session.add(void)
    db.session.delete(checkin)
    db.session.flush()
    return void


def get_checkin(checkin_id: int) -> CheckIn | None:
    return db.session.get(CheckIn, checkin_id)


# ---- device tokens ---------------------------------------------------------------------------


def device_token_expiry(event: Event) -> datetime:
    """The end of the event's last day (in its own zone) plus one day, in UTC."""
    end = datetime.combine(event.ends_on + timedelta(days=1), time(0, 0), tzinfo=event.tz)
    return (end + timedelta(days=1)).astimezone(UTC)


class DeviceTokenError(Exception):
    pass


def _device_name(event: Event, name: str) -> str:
    """A phone's name: given, at most 120 characters, not used by another phone of the event."""
    name = (name or "").strip()
    if not name or len(name) > 120 or any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise DeviceTokenError("name")
    taken = db.session.execute(
        select(DeviceToken.id).where(DeviceToken.event_id == event.id, DeviceToken.name == name)
    ).first()
    if taken is not None:
        raise DeviceTokenError("taken")
    return name


def create_device_token(event: Event, name: str, now: datetime | None = None) -> tuple[DeviceToken, str]:
    name = _device_name(event, name)
    token = random_token()
    device = DeviceToken(
        event_id=event.id,
        name=name,
        token_hash=hash_token(token),
        created_at=now or utcnow(),
        expires_at=device_token_expiry(event),
    )
    db.session.add(device)
    db.session.flush()
    return device, token


def revoke_device_token(event: Event, name: str, now: datetime | None = None) -> DeviceToken | None:
    device = db.session.execute(
        select(DeviceToken).where(
            DeviceToken.event_id == event.id,
            DeviceToken.name == (name or "").strip(),
            DeviceToken.revoked_at.is_(None),
        )
    ).scalar_one_or_none()
    if device is not None:
        revoke_device(device, now)
    return device


def device_for_token(token: str | None, now: datetime | None = None) -> DeviceToken | None:
    """The active device a bearer token belongs to, or None (unknown, revoked or expired)."""
    if not token or len(token) > 200:
        return None
    device = db.session.execute(
        select(DeviceToken).where(DeviceToken.token_hash == hash_token(token))
    ).scalar_one_or_none()
    now = now or utcnow()
    if device is None or device.revoked_at is not None or device.expires_at <= now:
        return None
    return device


# ---- what scanners and dashboards read -------------------------------------------------------


def participant_info(attendee: Attendee | None) -> dict | None:
    if attendee is None:
        return None
    institution = attendee.institution.name if attendee.institution is not None else attendee.institution_text
    return {
        "name": attendee.public_name,
        "institution": institution or "",
        "group": attendee.group.name if attendee.group is not None else None,
        "role": attendee.role,
    }


def roster(event: Event) -> list[dict]:
    """Everyone of the event for offline scanners, keyed by the hash of the ticket code
    (no NIP, phone or email)."""
    people = db.session.execute(
        select(Attendee)
        .where(Attendee.event_id == event.id)
        .order_by(Attendee.reg_number)
        .options(selectinload(Attendee.institution), selectinload(Attendee.group))
    ).scalars()
    return [
        {"hash": hash_token(a.ticket_code), "number": a.reg_number, **participant_info(a), "status": a.status}
        for a in people
    ]


def attendance(event: Event) -> list[dict]:
    """Per session: how many checked in, how many it applies to, and the check-ins by gender."""
    people = (
        db.session.execute(
            select(Attendee).where(
                Attendee.event_id == event.id, Attendee.status == AttendeeStatus.REGISTERED.value
            )
        )
        .scalars()
        .all()
    )
    counts: dict[tuple[int, str], int] = {}
    for session_id, gender, n in db.session.execute(
        select(CheckIn.agenda_session_id, Attendee.gender, func.count(CheckIn.id))
        .join(Attendee, Attendee.id == CheckIn.attendee_id)
        .where(CheckIn.event_id == event.id)
        .group_by(CheckIn.agenda_session_id, Attendee.gender)
    ):
        counts[(session_id, gender)] = n
    rows = []
    for session in agenda_for(event):
        by_gender = {"L": counts.get((session.id, "L"), 0), "P": counts.get((session.id, "P"), 0)}
        rows.append(
            {
                "session_id": session.id,
                "title": session.title,
                "starts_at": session.starts_at.isoformat(),
                "checked_in": by_gender["L"] + by_gender["P"],
                "expected": sum(1 for person in people if session.applies_to(person)),
                "by_gender": by_gender,
            }
        )
    return rows


def checked_in_for(session: AgendaSession) -> dict[int, tuple[datetime, str]]:
    """attendee id -> (check-in time, method) for one session: what the daftar hadir prints."""
    rows = db.session.execute(
        select(CheckIn.attendee_id, CheckIn.scanned_at, CheckIn.method).where(
            CheckIn.agenda_session_id == session.id
        )
    ).all()
    return {attendee_id: (moment, method) for attendee_id, moment, method in rows}


def roster_sessions(event: Event) -> list[dict]:
    """The sessions a scanner may choose, with their check-in windows (for the offline roster)."""
    rows = []
    for session in agenda_for(event):
        if not session.requires_checkin:
            continue
        opens, closes = session.checkin_window
        local = event.local(session.starts_at)
        groups = [] if session.is_for_everyone else session.groups
        rows.append(
            {
                "code": session.code,
                "title": session.title,
                # A breakout: the groups it is held for (names) and their clusters, shown first.
                "groups": [group.name for group in groups],
                "clusters": sorted({group.cluster for group in groups if group.cluster}),
                "starts_at": session.starts_at.isoformat(),
                "local_day": local.strftime("%d/%m"),
                "local_time": local.strftime("%H:%M"),
                "ends_at": session.ends_at.isoformat(),
                "opens_at": opens.isoformat(),
                "closes_at": closes.isoformat(),
                "for_everyone": session.is_for_everyone,
            }
        )
    return rows


def conflicts(event: Event) -> list[CheckIn]:
    """Check-ins that two phones made offline for the same person (the earliest was kept)."""
    return db.session.scalars(
        select(CheckIn)
        .where(CheckIn.event_id == event.id, CheckIn.conflict_count > 0)
        .order_by(CheckIn.scanned_at)
        .options(selectinload(CheckIn.attendee))
    ).all()


def wrong_group_checkins(event: Event) -> list[CheckIn]:
    """Participants recorded at a breakout of another group (confirmed at the door or sent by an
    offline phone), for the organisers to review: their own group and the session are loaded."""
    return db.session.scalars(
        select(CheckIn)
        .where(CheckIn.event_id == event.id, CheckIn.wrong_group.is_(True))
        .order_by(CheckIn.scanned_at, CheckIn.id)
        .options(
            selectinload(CheckIn.attendee).selectinload(Attendee.group),
            selectinload(CheckIn.agenda_session)
            .selectinload(AgendaSession.audience)
            .selectinload(SessionGroup.group),
        )
    ).all()


def session_checkins(session: AgendaSession) -> list[CheckIn]:
    """Who checked in to a session, earliest first, with the person loaded."""
    return db.session.scalars(
        select(CheckIn)
        .where(CheckIn.agenda_session_id == session.id)
        .order_by(CheckIn.scanned_at, CheckIn.id)
        .options(
            selectinload(CheckIn.attendee).selectinload(Attendee.institution),
            selectinload(CheckIn.attendee).selectinload(Attendee.group),
        )
    ).all()


def expected_people(session: AgendaSession) -> list[Attendee]:
    """Everyone a session applies to (registered), by institution then name: the paper list."""
    people = db.session.execute(
        select(Attendee)
        .where(Attendee.event_id == session.event_id, Attendee.status == AttendeeStatus.REGISTERED.value)
        .options(selectinload(Attendee.institution), selectinload(Attendee.group))
    ).scalars()
    chosen = [person for person in people if session.applies_to(person)]
    return sorted(
        chosen,
        key=lambda a: (
            (a.institution.name if a.institution else a.institution_text).casefold(),
            a.full_name.casefold(),
        ),
    )


@dataclass
class Breakdown:
    """One session's attendance for the organisers' page: counts per gender, category and
    institution (present, expected), and who is still missing."""

    present: int
    expected: int
    by_gender: list[tuple[str, int, int]]
    by_category: list[tuple[str, int, int]]
    by_institution: list[tuple[str, int, int]]
    missing: list[Attendee]


def session_breakdown(session: AgendaSession) -> Breakdown:
    people = expected_people(session)
    here = set(checked_in_for(session))

    def count(key) -> list[tuple[str, int, int]]:
        table: dict[str, list[int]] = {}
        for person in people:
            row = table.setdefault(key(person), [0, 0])
            row[0] += person.id in here
            row[1] += 1
        return sorted(((k, v[0], v[1]) for k, v in table.items()), key=lambda r: (-r[2], r[0].casefold()))

    return Breakdown(
        present=sum(1 for p in people if p.id in here),
        expected=len(people),
        by_gender=count(lambda p: p.gender),
        by_category=count(lambda p: p.category),
        by_institution=count(lambda p: p.institution.name if p.institution else (p.institution_text or "—")),
        missing=[p for p in people if p.id not in here],
    )


def record_paper(
    event: Event, session: AgendaSession, numbers: list, *, by_user=None, now: datetime | None = None
) -> dict[str, int]:
    """People ticked on a signed paper daftar hadir (their registration numbers), as check-ins at
    the session's start (method paper). Answers how many were added, already there, refused."""
    now = now or utcnow()
    moment = min(session.starts_at, now)
    counts = {"added": 0, "already": 0, "refused": 0}
    for number in numbers:
        result = check_in(
            event,
            None,
            session.code,
            str(uuid.uuid4()),
            moment,
            None,
            Method.PAPER.value,
            number=number,
            by_user=by_user,
            now=now,
        )
        if result.status == OK:
            counts["added"] += 1
        elif result.status in (ALREADY, DUPLICATE):
            counts["already"] += 1
        else:
            counts["refused"] += 1
    return counts


# ---- walk-ins ----------------------------------------------------------------------------------


def add_walk_in(event: Event, data: dict, now: datetime | None = None) -> Attendee:
    """Someone who is not on the list, added at the door. The same rules as any attendee; a
    warning (a shared phone) does not stop staff at the door. Raises AttendeeError."""
    return attendee_services.create_attendee(
        event, data, source=Source.WALK_IN.value, confirm_warnings=True, now=now
    )


# ---- self check-in: one phone, many tickets --------------------------------------------------


def phone_key_for(cookie_value: str) -> str:
    return hash_token("phone:" + cookie_value)[:32]


def shared_phones(event: Event) -> list[tuple[str, list[Attendee]]]:
    """Phones that self-checked-in more than one person in this event: possibly one participant
    checking in absent colleagues. Organisers see them and decide."""
    rows = db.session.execute(
        select(CheckIn.phone_key, CheckIn.attendee_id)
        .where(CheckIn.event_id == event.id, CheckIn.phone_key.is_not(None))
        .distinct()
    ).all()
    by_phone: dict[str, set[int]] = {}
    for key, attendee_id in rows:
        by_phone.setdefault(key, set()).add(attendee_id)
    flagged = [(key, ids) for key, ids in by_phone.items() if len(ids) > 1]
    if not flagged:
        return []
    people = {
        a.id: a
        for a in db.session.execute(
            select(Attendee)
            .where(Attendee.id.in_({i for _, ids in flagged for i in ids}))
            .options(selectinload(Attendee.institution))
        ).scalars()
    }
    return sorted(
        ((key, sorted((people[i] for i in ids), key=lambda a: a.reg_number)) for key, ids in flagged),
        key=lambda item: -len(item[1]),
    )


# ---- rotating self check-in codes ---------------------------------------------------------------

ROTATE_SECONDS = 30
ROTATE_ACCEPTED = 3  # the current code and the two before it, for slow phones


def rotation_window(now: datetime) -> int:
    return int(now.timestamp()) // ROTATE_SECONDS


def rotating_code(secret: str | bytes, session_code: str, window: int) -> str:
    """The code a venue screen shows in one 30-second window: derived from the session and the
    time by HMAC, so every worker computes the same code with no shared state."""
    key = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(key, f"rotating-checkin:{session_code}:{window}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:10]).decode().lower()


def rotating_code_valid(secret: str | bytes, session_code: str, given, now: datetime) -> bool:
    if not isinstance(given, str) or len(given) != 16:
        return False
    current = rotation_window(now)
    return any(
        hmac.compare_digest(rotating_code(secret, session_code, current - i), given.lower())
        for i in range(ROTATE_ACCEPTED)
    )


def seconds_to_next_code(now: datetime) -> float:
    return ROTATE_SECONDS - (now.timestamp() % ROTATE_SECONDS)


SELF_CHECKIN_MODES = ("poster", "rotating", "off")


def self_checkin_refusal(
    session: AgendaSession, rotating_key, secret: str | bytes, now: datetime
) -> str | None:
    """Why a participant may not check themselves in to this session now: "off" (staff scan
    only), "expired" (rotating mode and the code is not one of the last three), or None."""
    if session.self_checkin == "off":
        return "off"
    if session.self_checkin == "rotating" and not rotating_code_valid(
        secret, session.code, rotating_key, now
    ):
        return "expired"
    return None


def set_self_checkin_mode(session: AgendaSession, mode: str) -> None:
    if mode not in SELF_CHECKIN_MODES:
        raise ValueError(mode)
    session.self_checkin = mode
    db.session.flush()


# ---- pairing scanner phones ------------------------------------------------------------------

PAIRING_VALID = timedelta(minutes=10)


class PairingError(Exception):
    """``str(error)`` is "invalid", "used" or "expired"."""


def create_pairing(
    event: Event, name: str, *, by_user=None, now: datetime | None = None
) -> tuple[PairingCode, str]:
    """A one-time pairing code for a new scanner phone named ``name`` (shown as a QR)."""
    name = _device_name(event, name)
    now = now or utcnow()
    if device_token_expiry(event) <= now:
        raise DeviceTokenError("over")  # its token would be expired already
    code = random_token(18)
    pairing = PairingCode(
        event_id=event.id,
        name=name,
        code_hash=hash_token(code),
        created_at=now,
        expires_at=now + PAIRING_VALID,
        created_by_id=by_user.id if by_user else None,
    )
    db.session.add(pairing)
    db.session.flush()
    return pairing, code


def pairing_for_code(code: str | None) -> PairingCode | None:
    if not code or len(code) > 100:
        return None
    return db.session.execute(
        select(PairingCode).where(PairingCode.code_hash == hash_token(code))
    ).scalar_one_or_none()


def redeem_pairing(code: str | None, now: datetime | None = None) -> tuple[DeviceToken, str]:
    """The phone that opens the pairing link first gets a device token; the code is then spent
    (one conditional UPDATE, so two phones at once cannot both pair)."""
    now = now or utcnow()
    pairing = pairing_for_code(code)
    if pairing is None:
        raise PairingError("invalid")
    if pairing.used_at is not None:
        raise PairingError("used")
    if pairing.expires_at <= now:
        raise PairingError("expired")
    spent = db.session.execute(
        update(PairingCode)
        .where(PairingCode.id == pairing.id, PairingCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        raise PairingError("used")
    event = db.session.get(Event, pairing.event_id)
    name = pairing.name
    suffix = 2
    while (
        db.session.execute(
            select(DeviceToken.id).where(DeviceToken.event_id == event.id, DeviceToken.name == name)
        ).first()
        is not None
    ):
        name = f"{pairing.name[:110]} ({suffix})"
        suffix += 1
    device, token = create_device_token(event, name, now=now)
    db.session.refresh(pairing)
    pairing.device_id = device.id
    db.session.flush()
    return device, token


def devices(event: Event) -> list[DeviceToken]:
    return db.session.scalars(
        select(DeviceToken).where(DeviceToken.event_id == event.id).order_by(DeviceToken.created_at.desc())
    ).all()


def revoke_device(device: DeviceToken, now: datetime | None = None) -> None:
    if device.revoked_at is None:
        device.revoked_at = now or utcnow()
        device.name = f"{device.name[:90]} (revoked #{device.id})"
        db.session.flush()


# ---- the hot path: a scanner phone's scan in three statements ----------------------------------
#
# A door scans hundreds of people a minute, and nearly every scan is the ordinary case: a valid
# phone, a known session of its event, a registered person scanned for the first time, inside the
# window. ``device_scan`` answers that case with one SELECT (phone, session, person, institution,
# group, and whether the scan id was seen before), one INSERT … ON CONFLICT DO NOTHING (with the
# audit row in the same statement on PostgreSQL) and the commit, in SQLAlchemy Core. Anything
# else (an unknown token, a repeated scan, a cancelled person, a collision with another phone,
# a session of another event…) answers None and the caller runs ``check_in`` above, the reference
# for every rule; so the statuses and guarantees stay the ones ``check_in`` gives.


@dataclass
class FastScan:
    status: str
    participant: dict
    checked_in_at: datetime


def _fast_query():
    from sqlalchemy import and_, exists, literal_column, or_

    from workshop.agenda.models import SessionGroup
    from workshop.attendees.models import Institution
    from workshop.groups.models import Group

    d, s, a = DeviceToken.__table__, AgendaSession.__table__, Attendee.__table__
    i, g, c, v, sg = (
        Institution.__table__,
        Group.__table__,
        CheckIn.__table__,
        CheckInVoid.__table__,
        SessionGroup.__table__,
    )
    from sqlalchemy import bindparam

    token, code, ticket, scan = (
        bindparam("token_hash"),
        bindparam("session_code"),
        bindparam("ticket"),
        bindparam("scan_id"),
    )
    seen = or_(
        exists().where(c.c.event_id == d.c.event_id, c.c.scan_id == scan),
        exists().where(v.c.event_id == d.c.event_id, v.c.scan_id == scan),
    )
    applies = or_(
        s.c.is_for_everyone,
        exists().where(sg.c.session_id == s.c.id, sg.c.group_id == a.c.group_id),
    )
    return (
        select(
            d.c.id.label("device_id"),
            d.c.name.label("device_name"),
            *[d.c[name] for name in ("event_id", "expires_at", "revoked_at", "last_used_at")],
            s.c.id.label("session_id"),
            s.c.event_id.label("session_event_id"),
            *[s.c[name] for name in ("starts_at", "ends_at", "checkin_opens_at", "checkin_closes_at")],
            a.c.id.label("attendee_id"),
            a.c.event_id.label("attendee_event_id"),
            *[a.c[name] for name in ("status", "full_name", "category", "role", "institution_text")],
            i.c.name.label("institution_name"),
            g.c.name.label("group_name"),
            seen.label("seen"),
            applies.label("applies"),
        )
        .select_from(d)
        .outerjoin(s, and_(s.c.code == code, s.c.event_id == d.c.event_id))
        .outerjoin(a, and_(a.c.ticket_code == ticket, a.c.event_id == d.c.event_id))
        .outerjoin(i, i.c.id == a.c.institution_id)
        .outerjoin(g, g.c.id == a.c.group_id)
        .where(d.c.token_hash == token)
        .limit(literal_column("1"))
    )


class _Statement:
    """A Core statement compiled once for a dialect and run straight on the driver's cursor: the
    bind values converted by the columns' own processors (naive UTC datetimes, JSON), the values
    returned by theirs. No SQLAlchemy ``Connection`` or ``Result`` on the way: for a scan they
    cost more CPU than the statement itself."""

    def __init__(self, statement, dialect, result_types=(), rows: bool = True):
        compiled = statement.compile(dialect=dialect)
        self.rows = rows  # whether it returns rows (SELECT, RETURNING) to read
        self.sql = compiled.string
        self.positional = compiled.positiontup  # qmark (sqlite3) or None (psycopg: named)
        names = compiled.positiontup if self.positional is not None else list(compiled.binds)
        # In the order of the placeholders (positional: a name used twice, twice); a value the
        # statement carries itself (an anonymous bind) is kept as its key's fallback.
        self.binds = [
            (
                name,
                compiled.binds[name].key,
                compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect),
            )
            for name in names
        ]
        self.constants = {
            bind.key: bind.effective_value for bind in compiled.binds.values() if not bind.required
        }
        self.results = [type_.dialect_impl(dialect).result_processor(dialect, None) for type_ in result_types]

    def parameters(self, params: dict):
        """What the driver is sent for ``params``: a tuple (positional) or a dict, converted."""
        if self.constants:
            params = {**self.constants, **params}
        values = [
            (convert(params[key]) if convert is not None and params[key] is not None else params[key])
            for _name, key, convert in self.binds
        ]
        if self.positional is not None:
            return tuple(values)
        return {name: value for (name, _k, _c), value in zip(self.binds, values, strict=True)}

    def first(self, connection, params: dict):
        """The first row the statement returns (a tuple, converted), or None."""
        cursor = connection.cursor()
        try:
            cursor.execute(self.sql, self.parameters(params))
            row = cursor.fetchone() if self.rows else None
        finally:
            cursor.close()
        if row is None or not self.results:
            return row
        return tuple(
            convert(value) if convert is not None else value
            for convert, value in zip(self.results, row, strict=True)
        )


_CHECKIN_COLUMNS = (
    "event_id",
    "attendee_id",
    "agenda_session_id",
    "scanned_at",
    "received_at",
    "method",
    "scan_id",
    "by_user_id",
    "device_id",
    "conflict_count",
    "phone_key",
    "wrong_group",
)
_AUDIT_COLUMNS = ("created_at", "user_id", "actor", "event_id", "action", "entity", "changes")


def _fast_insert(dialect: str):
    """INSERT … ON CONFLICT DO NOTHING RETURNING id, as text (SQLAlchemy does not cache the
    compiled form of a dialect insert with ON CONFLICT); on PostgreSQL the audit row is written
    from the RETURNING in the same statement."""
    from sqlalchemy import bindparam, text

    from workshop.core.audit import AuditEntry

    table, audit = CheckIn.__table__, AuditEntry.__table__
    columns = ", ".join(_CHECKIN_COLUMNS)
    if dialect != "postgresql":
        values = ", ".join(f":{k}" for k in _CHECKIN_COLUMNS)
        statement = text(
            f"INSERT INTO check_ins ({columns}) VALUES ({values}) ON CONFLICT DO NOTHING RETURNING id"
        )
        return statement.bindparams(*[bindparam(k, type_=table.c[k].type) for k in _CHECKIN_COLUMNS])
    values = ", ".join(f":c_{k}" for k in _CHECKIN_COLUMNS)
    statement = text(
        f"WITH inserted AS (INSERT INTO check_ins ({columns}) VALUES ({values}) "
        "ON CONFLICT DO NOTHING RETURNING id) "
        f"INSERT INTO audit_entries ({', '.join(_AUDIT_COLUMNS)}, entity_id) "
        f"SELECT {', '.join(f':a_{k}' for k in _AUDIT_COLUMNS)}, inserted.id FROM inserted RETURNING entity_id"
    )
    return statement.bindparams(
        *[bindparam(f"c_{k}", type_=table.c[k].type) for k in _CHECKIN_COLUMNS],
        *[bindparam(f"a_{k}", type_=audit.c[k].type) for k in _AUDIT_COLUMNS],
    )


class _HotPath:
    """The hot path's statements for one dialect, compiled once (``prepare_hot_path``)."""

    def __init__(self, dialect):
        from collections import namedtuple

        from sqlalchemy import bindparam

        from workshop.core.audit import AuditEntry

        query = _fast_query()
        self.Row = namedtuple("HotRow", query.selected_columns.keys())
        self.select = _Statement(query, dialect, [column.type for column in query.selected_columns])
        self.insert = _Statement(_fast_insert(dialect.name), dialect)
        audit = AuditEntry.__table__
        self.audit = _Statement(  # SQLite: the audit row after the check-in, in its transaction
            audit.insert().values(
                {k: bindparam(k, type_=audit.c[k].type) for k in (*_AUDIT_COLUMNS, "entity_id")}
            ),
            dialect,
            rows=False,
        )
        devices = DeviceToken.__table__
        self.touch = _Statement(
            update(devices)
            .where(devices.c.id == bindparam("device_id"))
            .values(last_used_at=bindparam("now", type_=devices.c.last_used_at.type)),
            dialect,
            rows=False,
        )


_HOT: dict[tuple, _HotPath] = {}


def hot_path_key(dialect) -> tuple:
    # The SQL text depends on the driver's parameter style, not only on the database.
    return (dialect.name, dialect.driver, dialect.paramstyle)


def prepare_hot_path(dialect) -> _HotPath:
    """The hot path's compiled statements for ``dialect``, made once per process: at app
    creation (``workshop.warm_up``), so gunicorn's forked workers inherit them."""
    key = hot_path_key(dialect)
    if key not in _HOT:
        _HOT[key] = _HotPath(dialect)
    return _HOT[key]


@dataclass
class ScanPlan:
    """What ``plan_device_scan`` found: an ordinary scan, ready to be recorded."""

    row: tuple
    values: dict
    actor: str


def plan_device_scan(
    connection, dialect, token: str, item: dict, now: datetime | None = None
) -> ScanPlan | None:
    """The ordinary scan of a scanner phone (see above), or None: ask ``check_in``. One SELECT on
    the driver's ``connection`` (psycopg or sqlite3, as the pool gives it), nothing written."""
    code_text, method, scan_id = item.get("code"), item.get("method", "scan"), item.get("scan_id")
    session_code = item.get("session")
    if (
        not isinstance(token, str)
        or not token
        or len(token) > 200
        or method not in METHOD_VALUES
        or not isinstance(session_code, str)
        or not valid_scan_id(scan_id)
        or item.get("number") is not None
        or item.get("confirm")  # a confirmed exception: the reference path decides
        # A module listening for new check-ins (core/signals.py) gets them from the reference path,
        # which has the ORM objects a receiver expects.
        or bool(signals.check_in_recorded.receivers)
    ):
        return None
    code = ticket_code_from(code_text)
    if not code or len(code) > 64 or len(session_code) > 16:
        return None
    now = now or utcnow()
    client_time = parse_time(item.get("scanned_at")) if item.get("scanned_at") is not None else None
    client_sent = parse_time(item.get("sent_at")) if item.get("sent_at") is not None else None
    if (item.get("scanned_at") is not None and client_time is None) or (
        item.get("sent_at") is not None and client_sent is None
    ):
        return None
    try:
        moment = corrected_time(client_time, client_sent, now)
    except OverflowError:  # no real clock: the reference path answers it (invalid)
        return None
    if moment > now + CLOCK_TOLERANCE:
        return None
    hot = prepare_hot_path(dialect)
    found = hot.select.first(
        connection,
        {
            "token_hash": hash_token(token),
            "session_code": session_code.strip(),
            "ticket": code,
            "scan_id": scan_id,
        },
    )
    if found is None:
        return None
    row = hot.Row(*found)
    if (
        row.revoked_at is not None
        or row.expires_at <= now
        or row.session_id is None
        or row.attendee_id is None
        or row.status != AttendeeStatus.REGISTERED.value
        or row.seen
        or not row.applies
    ):
        return None
    from workshop.agenda.models import checkin_window_for

    opens, closes = checkin_window_for(
        row.starts_at, row.ends_at, row.checkin_opens_at, row.checkin_closes_at
    )
    if not opens <= moment <= closes:
        return None
    values = {
        "event_id": row.event_id,
        "attendee_id": row.attendee_id,
        "agenda_session_id": row.session_id,
        "scanned_at": moment,
        "received_at": now,
        "method": method,
        "scan_id": scan_id,
        "by_user_id": None,
        "device_id": row.device_id,
        "conflict_count": 0,
        "phone_key": None,
        "wrong_group": False,
    }
    return ScanPlan(row, values, f"device:{row.device_id}:{row.device_name}")


def record_device_scan(connection, dialect, plan: ScanPlan) -> FastScan | None:
    """Write the check-in ``plan_device_scan`` found, with its audit row (and the phone's
    last-used time at most once a minute); None when another phone got there first (or the scan
    id was used meanwhile): ``check_in`` says what is there. The caller commits (on SQLite under
    the writer lock); on PostgreSQL the connection is in autocommit and each statement stands."""
    from workshop.attendees.models import public_name_for
    from workshop.core.audit import creation_entry

    hot, row, values = prepare_hot_path(dialect), plan.row, plan.values
    entry = creation_entry(CheckIn, values, plan.actor, None, None, row.event_id)
    if dialect.name == "postgresql":  # the check-in and its audit row in one statement
        params = {**{f"c_{k}": v for k, v in values.items()}, **{f"a_{k}": v for k, v in entry.items()}}
        inserted = hot.insert.first(connection, params)
    else:  # SQLite holds the write lock from the first INSERT to the commit: keep it short
        inserted = hot.insert.first(connection, values)
        if inserted is not None:
            hot.audit.first(connection, {**entry, "entity_id": inserted[0]})
    if inserted is None:
        return None
    now = values["received_at"]
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_EVERY:
        hot.touch.first(connection, {"device_id": row.device_id, "now": now})
    return FastScan(
        OK,
        {
            "name": public_name_for(row.full_name, row.category),
            "institution": (
                row.institution_name if row.institution_name is not None else row.institution_text
            )
            or "",
            "group": row.group_name,
            "role": row.role,
        },
        values["scanned_at"],
    )


# A scanner phone's last-used time is written at most once a minute: a busy door's phone should
# not rewrite its row per scan.
LAST_USED_EVERY = timedelta(minutes=1)


# ---- the session page at any size (issue 17): counts in SQL, lists a page at a time -------------

PAGE_SIZE = 50


def _expected_where(session: AgendaSession) -> list:
    """Whom a session applies to (registered; a breakout: its groups' members), as SQL."""
    from workshop.agenda.models import SessionGroup

    where = [Attendee.event_id == session.event_id, Attendee.status == AttendeeStatus.REGISTERED.value]
    if not session.is_for_everyone:
        where.append(
            Attendee.group_id.in_(select(SessionGroup.group_id).where(SessionGroup.session_id == session.id))
        )
    return where


def _here_join(session: AgendaSession):
    """ON clause of attendees LEFT JOIN check_ins: at most one row per person (the unique
    constraint), so count(check_ins.id) counts who is here. A join, not a correlated EXISTS: the
    planner hashes it instead of probing once per person (which, with stale statistics after a big
    import, PostgreSQL did by reading check_ins each time)."""
    from sqlalchemy import and_

    return and_(CheckIn.attendee_id == Attendee.id, CheckIn.agenda_session_id == session.id)


def _institution_label():
    from workshop.attendees.models import Institution

    return func.coalesce(Institution.name, func.nullif(Attendee.institution_text, ""), "—")


def session_counts(session: AgendaSession) -> Breakdown:
    """``session_breakdown`` without loading anyone: the counts by gender, category and institution
    in three GROUP BY queries, and no list of missing people (``session_people`` pages it)."""
    from workshop.attendees.models import Institution

    def count(key, join_institution=False) -> list[tuple[str, int, int]]:
        query = (
            select(key.label("k"), func.count(CheckIn.id), func.count(Attendee.id))
            .select_from(Attendee)
            .outerjoin(CheckIn, _here_join(session))
            .where(*_expected_where(session))
        )
        if join_institution:
            query = query.outerjoin(Institution, Institution.id == Attendee.institution_id)
        rows = db.session.execute(query.group_by(key)).all()
        return sorted(
            ((k or "—", int(p or 0), int(n)) for k, p, n in rows), key=lambda r: (-r[2], r[0].casefold())
        )

    by_gender = count(Attendee.gender)
    return Breakdown(
        present=sum(p for _k, p, _n in by_gender),
        expected=sum(n for _k, _p, n in by_gender),
        by_gender=by_gender,
        by_category=count(Attendee.category),
        by_institution=count(_institution_label(), join_institution=True),
        missing=[],
    )


def _search(query, text: str):
    from sqlalchemy import or_

    text = (text or "").strip()[:100]
    if not text:
        return query
    conditions = [func.lower(Attendee.full_name).contains(text.lower(), autoescape=True)]
    if text.lstrip("#").isdigit() and len(text) < 10:
        conditions.append(Attendee.reg_number == int(text.lstrip("#")))
    return query.where(or_(*conditions))


def session_missing(session: AgendaSession, search: str = "", page: int = 1) -> tuple[list[Attendee], int]:
    """One page of the people a session applies to who have not checked in (by institution, then
    name), and how many there are in all (matching ``search``: part of a name, or a number)."""
    from workshop.attendees.models import Institution

    base = _search(
        select(Attendee)
        .outerjoin(Institution, Institution.id == Attendee.institution_id)
        .outerjoin(CheckIn, _here_join(session))
        .where(*_expected_where(session), CheckIn.id.is_(None)),
        search,
    )
    total = db.session.execute(select(func.count()).select_from(base.subquery())).scalar_one()
    people = db.session.execute(
        base.order_by(func.lower(_institution_label()), func.lower(Attendee.full_name), Attendee.id)
        .limit(PAGE_SIZE)
        .offset((max(page, 1) - 1) * PAGE_SIZE)
        .options(joinedload(Attendee.institution))
    ).scalars()
    return list(people), total


def session_checkins_page(
    session: AgendaSession, search: str = "", page: int = 1
) -> tuple[list[CheckIn], int]:
    """One page of who checked in to a session (earliest first) and how many in all."""
    base = _search(
        select(CheckIn)
        .join(Attendee, Attendee.id == CheckIn.attendee_id)
        .where(CheckIn.agenda_session_id == session.id),
        search,
    )
    total = db.session.execute(select(func.count()).select_from(base.subquery())).scalar_one()
    rows = db.session.execute(
        base.order_by(CheckIn.scanned_at, CheckIn.id)
        .limit(PAGE_SIZE)
        .offset((max(page, 1) - 1) * PAGE_SIZE)
        .options(
            joinedload(CheckIn.attendee).joinedload(Attendee.institution),
            joinedload(CheckIn.attendee).joinedload(Attendee.group),
        )
    ).scalars()
    return list(rows), total


def session_live(session: AgendaSession) -> dict:
    """The live figures of the session page (polled every few seconds): two small queries."""
    present, expected = db.session.execute(
        select(func.count(CheckIn.id), func.count(Attendee.id))
        .select_from(Attendee)
        .outerjoin(CheckIn, _here_join(session))
        .where(*_expected_where(session))
    ).one()
    checked_in, latest = db.session.execute(
        select(func.count(CheckIn.id), func.max(CheckIn.id)).where(CheckIn.agenda_session_id == session.id)
    ).one()
    return {
        "present": int(present or 0),
        "expected": int(expected),
        "checked_in": checked_in,
        "latest": latest or 0,
    }
