"""What goes on each document, from the database. Services never commit and never read the
request; texts come out in the current language (Indonesian unless English was chosen)."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from flask_babel import force_locale, format_date, gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workshop.agenda.models import AgendaSession
from workshop.attendees.models import Attendee, AttendeeStatus

from workshop.documents import poster as poster_renderer
from workshop.documents.daftar_hadir import Row, Sheet, render
from workshop.events.models import Event
from workshop.extensions import db

# Separate lists for participants, speakers and committee (DESIGN.md §3).
LISTS = {
    "peserta": ("peserta",),
    "narasumber": ("narasumber", "moderator"),
    "panitia": ("panitia", "fasilitator"),
}


def list_title(kind: str) -> str:
    return {
        "peserta": _("ATTENDANCE LIST OF PARTICIPANTS"),
        "narasumber": _("ATTENDANCE LIST OF SPEAKERS AND MODERATORS"),
        "panitia": _("ATTENDANCE LIST OF COMMITTEE AND FACILITATORS"),
    }[kind]


def _formatted_nip(attendee: Attendee) -> str:
    if not attendee.nip:
        return ""
    if attendee.category == "PNS" and len(attendee.nip) == 18:
        return f"{attendee.nip[:8]} {attendee.nip[8:14]} {attendee.nip[14]} {attendee.nip[15:]}"
    return attendee.nip


def people_for(session: AgendaSession, kind: str) -> list[Attendee]:
    """Registered people of these roles the session applies to, grouped by institution, by name."""
    people = db.session.execute(
        select(Attendee).where(
            Attendee.event_id == session.event_id,
            Attendee.status == AttendeeStatus.REGISTERED.value,
            Attendee.role.in_(LISTS[kind]),
        ).options(selectinload(Attendee.institution))
    ).scalars().all()
    people = [p for p in people if session.applies_to(p)]
    return sorted(people, key=lambda p: (p.institution_name.lower(), p.full_name.lower()))


def daftar_hadir_pdf(event: Event, session: AgendaSession, kind: str,
                     checked_in: dict[int, tuple[datetime, str]] | None = None,
                     signatory: Attendee | None = None) -> bytes:
    return render(daftar_hadir_sheet(event, session, kind, checked_in, signatory))


def daftar_hadir_sheet(event: Event, session: AgendaSession, kind: str,
                       checked_in: dict[int, tuple[datetime, str]] | None = None,
                       signatory: Attendee | None = None) -> Sheet:
    """The list for one session and one kind of attendee. ``checked_in`` maps attendee ids to
    (time, method) once check-in data exists; without it the list is the one printed before."""
    if kind not in LISTS:
        raise ValueError(kind)
    checked_in = checked_in or {}
    start, end = event.local(session.starts_at), event.local(session.ends_at)
    rows = []
    for person in people_for(session, kind):
        mark = ""
        if person.id in checked_in:
            moment, method = checked_in[person.id]
            mark = f"{event.local(moment):%H:%M} ({method})"
        rows.append(Row(
            name=person.full_name, nip=_formatted_nip(person), position=person.position,
            institution=person.institution_name, gender=person.gender, checked_in=mark,
        ))
    return Sheet(
        title=list_title(kind),
        event_title=event.title,
        session_title=session.title,
        when=f"{format_date(start.date(), 'EEEE, d MMMM yyyy')} · {start:%H:%M}–{end:%H:%M} {event.tz_label}",
        place=", ".join(filter(None, [session.room, event.venue])),
        headers=["No", _("Name"), "NIP", _("Position"), "L/P", _("Time"), _("Signature")],
        rows=rows,
        footer_note=(
            _("Check-in times come from the electronic check-in of this event; the method is in brackets.")
            if checked_in else ""
        ),
        signatory_label=_("Head of the committee"),
        signatory_name=signatory.full_name if signatory else "",
        signatory_nip=f"NIP {_formatted_nip(signatory)}" if signatory and signatory.nip else "",
        place_and_date=f"{event.city or ''}, {format_date(start.date(), 'd MMMM yyyy')}".lstrip(", "),
        empty_text=_("Nobody on this list."),
    )


def committee_head(event: Event) -> Attendee | None:
    """The person who signs: the committee member whose position says 'Ketua'."""
    committee = db.session.execute(
        select(Attendee).where(
            Attendee.event_id == event.id, Attendee.role == "panitia",
            Attendee.status == AttendeeStatus.REGISTERED.value,
        ).order_by(Attendee.reg_number)
    ).scalars().all()
    return next((p for p in committee if "ketua" in p.position.lower()), None)





def poster_pdf(event: Event, session: AgendaSession, url: str) -> bytes:
    return poster_renderer.render(poster_content(event, session, url))


def poster_content(event: Event, session: AgendaSession, url: str) -> poster_renderer.Poster:
    """The self check-in poster: Indonesian (the participants' language), with one English line."""
    start, end = event.local(session.starts_at), event.local(session.ends_at)
    with force_locale("id"):
        when = f"{format_date(start.date(), 'EEEE, d MMMM y')} · {start:%H:%M}–{end:%H:%M} {event.tz_label}"
        if session.room:
            when += f" · {session.room}"
        poster = poster_renderer.Poster(
            heading=_("SELF CHECK-IN"), event_title=event.title, session_title=session.title, when=when, url=url,
            steps=[
                _("Open your ticket link (from WhatsApp or e-mail) on your phone once, before the session."),
                _("Scan this code with your phone's camera."),
                _("Tap \"I am here: check me in\". Done: show the green screen if asked."),
            ],
            help_text=_("No ticket or no phone? Go to the registration desk."),
            second_language="",
        )
    with force_locale("en"):
        english = " ".join([
            _("Open your ticket link (from WhatsApp or e-mail) on your phone once, before the session."),
            _("Scan this code with your phone's camera."),
            _("Tap \"I am here: check me in\". Done: show the green screen if asked."),
        ])
    return replace(poster, second_language="English: " + english)
