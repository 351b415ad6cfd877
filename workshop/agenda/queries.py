"""The agenda's public read API: the sessions of an event, for modules that list or print them
(documents, check-in, certificates) without depending on the agenda's rules. Pure reads: no
flush, no request (but for the 404 of a page that names a session that is not there)."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workshop.agenda.models import AgendaSession, SessionGroup, SessionSpeaker
from workshop.attendees.models import Attendee
from workshop.events.models import Event
from workshop.extensions import db


def event_sessions(event: Event) -> list[AgendaSession]:
    """Every session of the event in time order, with speakers, audience and materials loaded."""
    return list(
        db.session.execute(
            select(AgendaSession)
            .where(AgendaSession.event_id == event.id)
            .options(
                selectinload(AgendaSession.speaker_links).selectinload(SessionSpeaker.attendee),
                selectinload(AgendaSession.moderator),
                selectinload(AgendaSession.audience).selectinload(SessionGroup.group),
                selectinload(AgendaSession.materials),
            )
            .order_by(AgendaSession.starts_at, AgendaSession.id)
        ).scalars()
    )


def agenda_for(event: Event, attendee: Attendee | None = None) -> list[AgendaSession]:
    """The sessions that apply: all of them, or for one person those for everyone plus their
    group's (a breakout held for one group counts only for that group's members)."""
    sessions = event_sessions(event)
    if attendee is None:
        return sessions
    return [s for s in sessions if s.applies_to(attendee)]


def get_session(event: Event, session_id: int) -> AgendaSession | None:
    """The session with this id if it belongs to this event."""
    session = db.session.get(AgendaSession, session_id)
    return session if session is not None and session.event_id == event.id else None


def session_or_404(event: Event, session_id: int) -> AgendaSession:
    """For a page that names a session in its URL: the session of this event, else 404."""
    session = get_session(event, session_id)
    if session is None:
        abort(404)
    return session
