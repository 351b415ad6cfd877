"""Agenda rules: checking and saving sessions (hard errors block, clashes are warnings the
organiser confirms), JP, who a session is for, materials and speaker photos, and the programme
as days and as an iCalendar file. Services flush, never commit, and never read the request."""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import BinaryIO

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from workshop.agenda.models import (
    KIND_VALUES,
    AgendaMaterial,
    AgendaSession,
    SessionGroup,
    SessionKind,
    SessionSpeaker,
)
from workshop.agenda.queries import agenda_for as agenda_for
from workshop.agenda.queries import event_sessions
from workshop.agenda.queries import get_session as get_session
from workshop.attendees.models import Attendee, AttendeeStatus, Role
from workshop.auth.models import User
from workshop.core import images, storage
from workshop.core.db import utcnow
from workshop.core.i18n import date_range
from workshop.events.models import Event
from workshop.extensions import db
from workshop.groups.models import Group

# Session codes are read off posters and typed on phones: no 0/O, 1/I.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 8
MATERIAL_MAX_BYTES = 25 * 1024 * 1024
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_SIZE = 600  # longest side of the stored speaker photo, in pixels
MAX_SESSION_HOURS = 24
MAX_JP_OVERRIDE = 40
SPEAKER_ROLES = (Role.NARASUMBER.value, Role.MODERATOR.value)
MATERIALS = "materials"
SPEAKERS = "speakers"


class SessionRejected(Exception):
    """The session was not saved. ``errors`` maps form fields to messages; ``warnings`` are clashes
    that the organiser may confirm (nothing is saved until they do)."""

    def __init__(self, errors: dict[str, list[str]], warnings: list[str]):
        super().__init__("; ".join([m for ms in errors.values() for m in ms] + warnings))
        self.errors = errors
        self.warnings = warnings


class UploadError(Exception):
    """A file was refused; nothing was stored."""

    def __init__(self, message, field: str = "file"):
        super().__init__(message)
        self.field = field


@dataclass
class SessionCheck:
    values: dict = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def error(self, name: str, message) -> None:
        self.errors.setdefault(name, []).append(str(message))


# ---- small helpers ---------------------------------------------------------------------------


def kind_labels() -> dict[str, str]:
    """Kinds of session by their Indonesian names (domain words stay Indonesian in both languages,
    with an English gloss where it helps)."""
    return {
        SessionKind.REGISTRASI_ULANG.value: _("Registrasi ulang (re-registration)"),
        SessionKind.PEMBUKAAN.value: _("Pembukaan (opening)"),
        SessionKind.MATERI.value: _("Materi (presentation)"),
        SessionKind.DISKUSI_KELOMPOK.value: _("Diskusi kelompok (group discussion)"),
        SessionKind.PENYUSUNAN_RTL.value: _("Penyusunan RTL (follow-up plan)"),
        SessionKind.PLENO.value: _("Pleno (plenary)"),
        SessionKind.PENUTUPAN.value: _("Penutupan (closing)"),
        SessionKind.ISTIRAHAT.value: _("Istirahat (break)"),
    }


def kind_label(kind: str) -> str:
    return kind_labels().get(kind, kind)


def new_code() -> str:
    """A session code not used by any session yet."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.execute(select(AgendaSession.id).where(AgendaSession.code == code)).first() is None:
            return code


def to_utc(event: Event, moment: datetime | None) -> datetime | None:
    """A wall-clock time typed in the event's zone (or an aware time) as aware UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=event.tz)
    return moment.astimezone(UTC)


def local_day(event: Event, moment: datetime) -> date:
    return moment.astimezone(event.tz).date()


def _last_day(event: Event, ends_at: datetime) -> date:
    """The day a session ends on; one that ends at midnight ends on the day before."""
    local = ends_at.astimezone(event.tz)
    if local.hour == 0 and local.minute == 0 and local.second == 0:
        return (local - timedelta(seconds=1)).date()
    return local.date()


def _when(event: Event, moment: datetime) -> str:
    local = moment.astimezone(event.tz).replace(tzinfo=None)
    return f"{format_datetime(local, 'EEE d MMM HH:mm')} {event.tz_label}"


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def _room_key(room: str) -> str:
    return " ".join((room or "").lower().split())


def speakers_of(event: Event) -> list[Attendee]:
    """The event's narasumber and moderators (registered), by name."""
    return db.session.scalars(
        select(Attendee)
        .where(
            Attendee.event_id == event.id,
            Attendee.role.in_(SPEAKER_ROLES),
            Attendee.status == AttendeeStatus.REGISTERED.value,
        )
        .order_by(Attendee.role.desc(), Attendee.full_name)
    ).all()


def groups_of(event: Event) -> list[Group]:
    return db.session.scalars(
        select(Group).where(Group.event_id == event.id).order_by(Group.position, Group.name)
    ).all()


def get_material(event: Event, material_id: int) -> AgendaMaterial | None:
    material = db.session.get(AgendaMaterial, material_id)
    return material if material is not None and material.event_id == event.id else None


# ---- checking and saving sessions ------------------------------------------------------------


def check_session(event: Event, data: dict, session: AgendaSession | None = None) -> SessionCheck:
    """Hard errors (field by field) and warnings (clashes) for a session's data. Times are
    wall-clock times in the event's zone (or aware datetimes)."""
    check = SessionCheck()
    values = check.values

    values["title"] = " ".join((data.get("title") or "").split())
    if not values["title"]:
        check.error("title", _l("Enter the session's title."))
    elif len(values["title"]) > 300:
        check.error("title", _l("At most 300 characters."))

    values["kind"] = (data.get("kind") or "").strip()
    if values["kind"] not in KIND_VALUES:
        check.error("kind", _l("Choose a kind of session from the list."))

    starts_at = to_utc(event, data.get("starts_at"))
    ends_at = to_utc(event, data.get("ends_at"))
    if starts_at is None:
        check.error("starts_at", _l("Enter when the session starts (date and time)."))
    if ends_at is None:
        check.error("ends_at", _l("Enter when the session ends (date and time)."))
    if starts_at and ends_at:
        if ends_at <= starts_at:
            check.error("ends_at", _l("The session must end after it starts."))
        elif ends_at - starts_at > timedelta(hours=MAX_SESSION_HOURS):
            check.error("ends_at", _l("A session can last at most %(hours)d hours.", hours=MAX_SESSION_HOURS))
    values["starts_at"], values["ends_at"] = starts_at, ends_at

    values["room"] = " ".join((data.get("room") or "").split())
    if len(values["room"]) > 200:
        check.error("room", _l("At most 200 characters."))

    speaker_ids = list(dict.fromkeys(int(i) for i in data.get("speaker_ids") or []))
    moderator_id = data.get("moderator_id") or None
    wanted = set(speaker_ids) | ({moderator_id} if moderator_id else set())
    people = {}
    if wanted:
        people = {
            a.id: a for a in db.session.execute(select(Attendee).where(Attendee.id.in_(wanted))).scalars()
        }

    def usable(person_id) -> bool:
        person = people.get(person_id)
        return (
            person is not None
            and person.event_id == event.id
            and person.role in SPEAKER_ROLES
            and person.status == AttendeeStatus.REGISTERED.value
        )

    if any(not usable(i) for i in speaker_ids):
        check.error("speakers", _l("Speakers must be narasumber or moderators registered for this event."))
    if moderator_id and not usable(moderator_id):
        check.error(
            "moderator", _l("The moderator must be a moderator or narasumber registered for this event.")
        )
    values["speakers"] = [people[i] for i in speaker_ids if i in people]
    values["moderator"] = people.get(moderator_id) if moderator_id else None

    jp_override = data.get("jp_override")
    if jp_override is not None and not (0 <= jp_override <= MAX_JP_OVERRIDE):
        check.error("jp_override", _l("Enter a number of JP from 0 to %(max)d.", max=MAX_JP_OVERRIDE))
    values["jp_override"] = jp_override

    requires = data.get("requires_checkin")
    values["requires_checkin"] = (
        (values["kind"] != SessionKind.ISTIRAHAT.value) if requires is None else bool(requires)
    )

    opens = to_utc(event, data.get("checkin_opens_at"))
    closes = to_utc(event, data.get("checkin_closes_at"))
    check_opens, check_closes = opens, closes
    if starts_at and ends_at:
        check_opens = opens or starts_at - timedelta(minutes=30)
        check_closes = closes or ends_at
    if check_opens and check_closes and check_closes <= check_opens:
        check.error("checkin_closes_at", _l("Check-in must close after it opens."))
    values["checkin_opens_at"], values["checkin_closes_at"] = opens, closes

    values["is_for_everyone"] = bool(data.get("is_for_everyone", True))
    group_ids = list(dict.fromkeys(int(i) for i in data.get("group_ids") or []))
    groups = []
    if group_ids:
        groups = list(db.session.execute(select(Group).where(Group.id.in_(group_ids))).scalars())
        if len(groups) != len(group_ids) or any(g.event_id != event.id for g in groups):
            check.error("groups", _l("Choose groups of this event."))
    if not values["is_for_everyone"] and not group_ids:
        check.error("groups", _l("Choose at least one group, or make the session for everyone."))
    values["groups"] = groups if not values["is_for_everyone"] else []

    if starts_at and ends_at and ends_at > starts_at:
        check.warnings = _warnings_for(event, session, values)
    return check


def _slot(session: AgendaSession) -> dict:
    people = {p.id: p.full_name for p in session.speakers}
    if session.moderator is not None:
        people[session.moderator.id] = session.moderator.full_name
    return {
        "id": session.id,
        "title": session.title,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "room": session.room,
        "people": people,
    }


def _clashes(event: Event, slot: dict, others: list[dict]) -> list[str]:
    warnings = []
    if (
        local_day(event, slot["starts_at"]) < event.starts_on
        or _last_day(event, slot["ends_at"]) > event.ends_on
    ):
        warnings.append(
            _(
                "The session is outside the event's dates (%(dates)s).",
                dates=date_range(event.starts_on, event.ends_on),
            )
        )
    room = _room_key(slot["room"])
    for other in others:
        if other["id"] is not None and other["id"] == slot["id"]:
            continue
        if not _overlaps(slot["starts_at"], slot["ends_at"], other["starts_at"], other["ends_at"]):
            continue
        when = _when(event, other["starts_at"])
        for person_id, name in slot["people"].items():
            if person_id in other["people"]:
                warnings.append(
                    _(
                        "%(name)s is also in “%(title)s” at the same time (%(when)s).",
                        name=name,
                        title=other["title"],
                        when=when,
                    )
                )
        if room and room == _room_key(other["room"]):
            warnings.append(
                _(
                    "The room %(room)s is also booked for “%(title)s” (%(when)s).",
                    room=slot["room"],
                    title=other["title"],
                    when=when,
                )
            )
    return warnings


def _warnings_for(event: Event, session: AgendaSession | None, values: dict) -> list[str]:
    people = {p.id: p.full_name for p in values["speakers"]}
    if values["moderator"] is not None:
        people[values["moderator"].id] = values["moderator"].full_name
    slot = {
        "id": session.id if session else None,
        "title": values["title"],
        "starts_at": values["starts_at"],
        "ends_at": values["ends_at"],
        "room": values["room"],
        "people": people,
    }
    with db.session.no_autoflush:
        others = [_slot(s) for s in event_sessions(event)]
    return _clashes(event, slot, others)


def agenda_warnings(event: Event, sessions: list[AgendaSession]) -> dict[int, list[str]]:
    """The warnings of every session, for the organiser's list."""
    slots = [_slot(s) for s in sessions]
    return {slot["id"]: _clashes(event, slot, slots) for slot in slots}


def _apply(session: AgendaSession, values: dict) -> None:
    if session.id is not None:
        _ = [link.attendee for link in session.speaker_links] + [link.group for link in session.audience]
    for name in (
        "title",
        "kind",
        "starts_at",
        "ends_at",
        "room",
        "jp_override",
        "requires_checkin",
        "checkin_opens_at",
        "checkin_closes_at",
        "is_for_everyone",
    ):
        setattr(session, name, values[name])
    session.moderator = values["moderator"]

    wanted = [p.id for p in values["speakers"]]
    for link in list(session.speaker_links):
        if link.attendee_id not in wanted:
            session.speaker_links.remove(link)
            db.session.delete(link)  # explicitly, so the audit log sees it (orphans are not in .deleted)
    existing = {link.attendee_id: link for link in session.speaker_links}
    for position, person in enumerate(values["speakers"]):
        link = existing.get(person.id)
        if link is None:
            session.speaker_links.append(SessionSpeaker(attendee=person, position=position))
        elif link.position != position:
            link.position = position

    wanted_groups = {g.id for g in values["groups"]}
    for link in list(session.audience):
        if link.group_id not in wanted_groups:
            session.audience.remove(link)
            db.session.delete(link)
    present = {link.group_id for link in session.audience}
    for group in values["groups"]:
        if group.id not in present:
            session.audience.append(SessionGroup(group=group))


def _raise_unless_acceptable(check: SessionCheck, confirm_warnings: bool) -> None:
    if check.errors or (check.warnings and not confirm_warnings):
        raise SessionRejected(check.errors, check.warnings)


def create_session(
    event: Event, data: dict, *, confirm_warnings: bool = False
) -> tuple[AgendaSession, list[str]]:
    """A new session; returns it with the warnings the organiser confirmed."""
    check = check_session(event, data)
    _raise_unless_acceptable(check, confirm_warnings)
    session = AgendaSession(event=event, code=new_code())
    _apply(session, check.values)
    db.session.add(session)
    db.session.flush()
    return session, check.warnings


def update_session(
    session: AgendaSession, data: dict, *, confirm_warnings: bool = False
) -> tuple[AgendaSession, list[str]]:
    check = check_session(session.event, data, session)
    _raise_unless_acceptable(check, confirm_warnings)
    _apply(session, check.values)
    db.session.flush()
    return session, check.warnings


def delete_session(session: AgendaSession) -> None:
    """The session, its speakers and audience, and its materials with their files."""
    with db.session.no_autoflush:
        # Loaded first, so the cascade deletes them through the ORM and the audit log sees them.
        for link in session.speaker_links:
            _ = link.attendee
        for link in session.audience:
            _ = link.group
        for material in list(session.materials):
            storage.delete_after_commit(db.session(), material_path(material))
            db.session.delete(material)
        db.session.delete(session)
    db.session.flush()


def session_form_data(event: Event, session: AgendaSession) -> dict:
    """A session's values as the form shows them: wall-clock times in the event's zone."""

    def naive(moment):
        return moment.astimezone(event.tz).replace(tzinfo=None) if moment else None

    return {
        "title": session.title,
        "kind": session.kind,
        "starts_at": naive(session.starts_at),
        "ends_at": naive(session.ends_at),
        "room": session.room,
        "speaker_ids": [p.id for p in session.speakers],
        "moderator_id": session.moderator_id,
        "jp_override": session.jp_override,
        "requires_checkin": session.requires_checkin,
        "checkin_opens_at": naive(session.checkin_opens_at),
        "checkin_closes_at": naive(session.checkin_closes_at),
        "is_for_everyone": session.is_for_everyone,
        "group_ids": [link.group_id for link in session.audience],
    }


def last_end(event: Event) -> datetime | None:
    """When the event's last session ends (UTC); None without sessions."""
    return db.session.scalar(
        select(func.max(AgendaSession.ends_at)).where(AgendaSession.event_id == event.id)
    )


def suggested_slot(event: Event) -> tuple[datetime, datetime]:
    """Where a new session probably goes: right after the last one, else 08:00 on the first day
    (wall-clock times in the event's zone)."""
    last = last_end(event)
    if last is None:
        start = datetime.combine(event.starts_on, datetime.min.time()).replace(hour=8)
    else:
        start = last.astimezone(event.tz).replace(tzinfo=None)
    return start, start + timedelta(minutes=90)


# ---- the programme ---------------------------------------------------------------------------


def total_jp(sessions: list[AgendaSession]) -> int:
    return sum(s.jp for s in sessions)


def event_total_jp(sessions: list[AgendaSession]) -> int:
    """What one participant can earn: the sessions for everyone plus the richest group's own
    sessions (parallel breakouts are not added up)."""
    everyone = sum(s.jp for s in sessions if s.is_for_everyone)
    per_group: dict[int, int] = defaultdict(int)
    for s in sessions:
        if not s.is_for_everyone:
            for link in s.audience:
                per_group[link.group_id] += s.jp
    return everyone + max(per_group.values(), default=0)


@dataclass
class AgendaDay:
    day: date
    number: int | None  # day 1, 2, 3 of the event; None outside it
    sessions: list[AgendaSession]

    @property
    def jp(self) -> int:
        return event_total_jp(self.sessions)


def agenda_days(event: Event, sessions: list[AgendaSession]) -> list[AgendaDay]:
    """Sessions grouped by their local day in the event's zone."""
    days: dict[date, list[AgendaSession]] = {}
    for s in sorted(sessions, key=lambda s: (s.starts_at, s.id or 0)):
        days.setdefault(local_day(event, s.starts_at), []).append(s)
    result = []
    for day, items in days.items():
        offset = (day - event.starts_on).days
        number = offset + 1 if 0 <= offset <= (event.ends_on - event.starts_on).days else None
        result.append(AgendaDay(day, number, items))
    return result


def day_label(day: AgendaDay) -> str:
    name = format_date(day.day, "full")
    return _("Day %(number)d · %(date)s", number=day.number, date=name) if day.number else name


# ---- materials -------------------------------------------------------------------------------


def allowed_types_text() -> str:
    return "PDF, PPTX, DOCX, XLSX, JPG, PNG"


def add_material(
    session: AgendaSession,
    stream: BinaryIO,
    filename: str | None,
    *,
    title: str = "",
    is_hidden_until_start: bool = False,
    uploaded_by: User | None = None,
    max_bytes: int = MATERIAL_MAX_BYTES,
    reported_size: int | None = None,
) -> AgendaMaterial:
    """Store an uploaded file for a session. The type comes from the content; the name is only
    kept (cleaned) as the download name. Refused files leave nothing behind."""
    limit_mb = max_bytes // (1024 * 1024)
    if reported_size is not None and reported_size > max_bytes:
        raise UploadError(_l("The file is larger than %(mb)d MB; nothing was stored.", mb=limit_mb))
    received = storage.receive(MATERIALS, stream, filename, max_bytes, error=UploadError)
    name, stored_name, target, size = received.name, received.stored_name, received.path, received.size
    if size == 0:
        target.unlink(missing_ok=True)
        raise UploadError(_l("The file is empty."))
    file_type = storage.detect_type(target)
    if file_type is None:
        target.unlink(missing_ok=True)
        raise UploadError(
            _l(
                "This file is not a PDF, PowerPoint (PPTX), Word (DOCX), Excel (XLSX), JPG or PNG file "
                "(judged by its content, not its name); nothing was stored."
            )
        )
    if file_type in ("docx", "xlsx", "pptx") and storage.archive_too_large(target):
        # Checked like an import: participants would open it (a zip bomb freezes their phone).
        target.unlink(missing_ok=True)
        raise UploadError(_l("The file unpacks to far more than its size (a zip bomb?); nothing was stored."))
    storage.delete_after_rollback(db.session(), target)
    download_name = storage.with_extension(name, file_type)
    clean_title = " ".join((title or "").split())[:300] or download_name.rpartition(".")[0] or download_name
    material = AgendaMaterial(
        event_id=session.event_id,
        agenda_session=session,
        title=clean_title,
        filename=download_name,
        stored_name=stored_name,
        file_type=file_type,
        content_type=storage.FILE_TYPES[file_type][0],
        size=size,
        is_hidden_until_start=is_hidden_until_start,
        uploaded_by_id=uploaded_by.id if uploaded_by is not None else None,
    )
    db.session.add(material)
    db.session.flush()
    return material


def material_path(material: AgendaMaterial):
    return storage.stored_path(MATERIALS, material.stored_name)


def delete_material(material: AgendaMaterial) -> None:
    """The material goes now; its file goes when the deletion is committed."""
    storage.delete_after_commit(db.session(), material_path(material))
    db.session.delete(material)
    db.session.flush()


def set_material_hidden(material: AgendaMaterial, hidden: bool) -> None:
    material.is_hidden_until_start = hidden
    db.session.flush()


def material_for_ticket(attendee: Attendee | None, material_id: int) -> AgendaMaterial | None:
    """The material if this ticket's holder may see it exists: same event, ticket still valid."""
    if attendee is None or not attendee.is_active:
        return None
    material = db.session.get(AgendaMaterial, material_id)
    if material is None or material.event_id != attendee.event_id:
        return None
    return material


# ---- speakers --------------------------------------------------------------------------------


def get_speaker(event: Event, attendee_id: int) -> Attendee | None:
    person = db.session.get(Attendee, attendee_id)
    if person is None or person.event_id != event.id or person.role not in SPEAKER_ROLES:
        return None
    return person


def update_speaker(attendee: Attendee, bio: str) -> None:
    attendee.bio = (bio or "").strip()
    db.session.flush()


def set_speaker_photo(attendee: Attendee, stream: BinaryIO, max_bytes: int = PHOTO_MAX_BYTES) -> None:
    """A JPG or PNG photo, re-encoded as a small JPEG: no camera metadata (location) survives,
    and the public page stays light."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadError(
            _l("The photo is larger than %(mb)d MB.", mb=max_bytes // (1024 * 1024)), field="photo"
        )
    try:
        jpeg, _width, _height = images.reencode_jpeg(data, PHOTO_SIZE, PHOTO_MAX_PIXELS)
    except images.ImageRefused as refused:
        raise UploadError(images.REFUSALS[str(refused)], field="photo") from None
    stored_name = storage.random_name() + ".jpg"
    target = storage.folder(SPEAKERS) / stored_name
    target.write_bytes(jpeg)
    storage.delete_after_rollback(db.session(), target)
    remove_speaker_photo(attendee)
    attendee.photo_path = f"{SPEAKERS}/{stored_name}"
    db.session.flush()


def speaker_photo_path(attendee: Attendee):
    return storage.referenced_file(SPEAKERS, attendee.photo_path)


def remove_speaker_photo(attendee: Attendee) -> None:
    path = speaker_photo_path(attendee)
    storage.delete_after_commit(db.session(), path)
    attendee.photo_path = None
    db.session.flush()


# ---- iCalendar (RFC 5545) --------------------------------------------------------------------


def _ics_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _ics_fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space, never inside a
    UTF-8 character."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _ics_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def agenda_ics(event: Event, sessions: list[AgendaSession], host: str, now: datetime | None = None) -> str:
    """The programme as an iCalendar file: UTC times, one VEVENT per session."""
    now = now or utcnow()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Bintek//Agenda//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text(event.title)}",
    ]
    for s in sessions:
        details = []
        if s.speakers:
            details.append(_("Speakers: %(names)s", names="; ".join(p.public_name for p in s.speakers)))
        if s.moderator is not None:
            details.append(_("Moderator: %(name)s", name=s.moderator.public_name))
        if not s.is_for_everyone:
            details.append(_("For: %(groups)s", groups="; ".join(g.name for g in s.groups)))
        details.append(f"{kind_label(s.kind)} · {s.jp} JP")
        location = ", ".join(part for part in (s.room, event.venue, event.city) if part)
        lines += [
            "BEGIN:VEVENT",
            f"UID:session-{s.id}-event-{event.id}@{host}",
            f"DTSTAMP:{_ics_time(now)}",
            f"LAST-MODIFIED:{_ics_time(s.updated_at)}",
            f"DTSTART:{_ics_time(s.starts_at)}",
            f"DTEND:{_ics_time(s.ends_at)}",
            f"SUMMARY:{_ics_text(s.title)}",
        ]
        if location:
            lines.append(f"LOCATION:{_ics_text(location)}")
        lines += [f"DESCRIPTION:{_ics_text(chr(10).join(details))}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(_ics_fold(line) + "\r\n" for line in lines)
