"""Reading and saving the minutes of a session. Saving is optimistic: the client sends the
version its edit is based on and the fields it changed; a field someone else changed since that
version (to another value) is a conflict and nothing is written, other fields merge. The UPDATE
is guarded by the version column, so two writers at once cannot both pass. Plain functions: they
flush, never commit."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from workshop.agenda.models import AgendaMaterial, AgendaSession
from workshop.core import storage
from workshop.core.db import utcnow
from workshop.events.models import Event
from workshop.extensions import db
from workshop.minutes.models import FIELDS, SessionMinutes

TEXT_MAX = 20_000
NAME_MAX = 200
MATERIALS = "materials"  # the agenda's storage folder of session materials
MAX_ATTEMPTS = 10


class InvalidInput(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__(str(errors))
        self.errors = errors


class Conflict(Exception):
    def __init__(self, current: SessionMinutes, fields: list[str]):
        super().__init__("conflict")
        self.current = current
        self.fields = fields


def sessions_of(event: Event) -> list[AgendaSession]:
    """The sessions that get minutes: all but breaks and daily re-registration, in order."""
    sessions = db.session.scalars(
        select(AgendaSession)
        .where(AgendaSession.event_id == event.id)
        .options(selectinload(AgendaSession.speaker_links), selectinload(AgendaSession.materials))
        .order_by(AgendaSession.starts_at, AgendaSession.id)
    )
    return [s for s in sessions if s.kind not in ("istirahat", "registrasi_ulang")]


def get_session(event: Event, session_id: int) -> AgendaSession | None:
    session = db.session.get(AgendaSession, session_id)
    if session is None or session.event_id != event.id or session not in sessions_of(event):
        return None
    return session


def minutes_of(session: AgendaSession) -> SessionMinutes | None:
    return db.session.scalar(select(SessionMinutes).where(SessionMinutes.session_id == session.id))


def minutes_by_session(event: Event) -> dict[int, SessionMinutes]:
    rows = db.session.scalars(select(SessionMinutes).where(SessionMinutes.event_id == event.id))
    return {row.session_id: row for row in rows}


def minutes_json(minutes: SessionMinutes | None) -> dict:
    if minutes is None:
        return {"version": 0, **dict.fromkeys(FIELDS, "")}
    return {"version": minutes.version, **{name: getattr(minutes, name) for name in FIELDS}}


def clean(data: dict) -> dict[str, str]:
    """The fields present in ``data``, as text: newlines kept, other control characters dropped."""
    values, errors = {}, {}
    for name in FIELDS:
        if name not in data:
            continue
        value = data[name]
        if value is None:
            value = ""
        if not isinstance(value, str):
            errors[name] = str(_l("Send text."))
            continue
        value = "".join(ch for ch in value if ch in "\n\t" or (ch >= " " and ch != "\x7f"))
        value = value.encode("utf-8", "replace").decode("utf-8").replace("\r\n", "\n")
        limit = NAME_MAX if name == "notulis_name" else TEXT_MAX
        if name == "notulis_name":
            value = " ".join(value.split())
        if len(value) > limit:
            errors[name] = str(_l("At most %(max)d characters.", max=limit))
            continue
        values[name] = value
    if errors:
        raise InvalidInput(errors)
    return values


def save_minutes(session: AgendaSession, base_version, data: dict, user=None) -> SessionMinutes:
    """Version 0: "there were no minutes yet". Raises InvalidInput or Conflict."""
    if isinstance(base_version, bool) or not isinstance(base_version, int) or base_version < 0:
        raise InvalidInput({"version": str(_l("Send the version the edit is based on."))})
    values = clean(data)
    for _attempt in range(MAX_ATTEMPTS):
        minutes = minutes_of(session)
        if minutes is None:
            try:
                with db.session.begin_nested():
                    minutes = SessionMinutes(
                        event_id=session.event_id,
                        session_id=session.id,
                        field_versions={},
                        updated_at=utcnow(),
                        **dict.fromkeys(FIELDS, ""),
                    )
                    db.session.add(minutes)
            except IntegrityError:
                continue  # someone wrote the first minutes at the same moment: judge against theirs
        if base_version > minutes.version:
            raise InvalidInput({"version": str(_l("Send the version the edit is based on."))})
        changed = {name: value for name, value in values.items() if getattr(minutes, name) != value}
        conflicts = [
            name for name in changed if int((minutes.field_versions or {}).get(name, 0)) > base_version
        ]
        if conflicts:
            raise Conflict(minutes, conflicts)
        if not changed:
            return minutes
        versions = {**(minutes.field_versions or {}), **dict.fromkeys(changed, minutes.version + 1)}
        try:
            with db.session.begin_nested():
                for name, value in changed.items():
                    setattr(minutes, name, value)
                minutes.field_versions = versions
                minutes.updated_at = utcnow()
                minutes.updated_by_id = getattr(user, "id", None)
                db.session.flush()
        except StaleDataError:
            db.session.expire_all()
            continue
        return minutes
    raise Conflict(minutes_of(session), list(values))


def materials_of(session: AgendaSession) -> list[AgendaMaterial]:
    return list(session.materials)


def material_file(material: AgendaMaterial):
    """The stored file of a material, or None when it is missing."""
    try:
        path = storage.stored_path(MATERIALS, material.stored_name)
    except ValueError:
        return None
    return path if path.exists() else None
