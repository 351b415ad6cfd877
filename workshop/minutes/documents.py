"""The notula as a PDF (one session, or every session with minutes): the kop, the session's
facts (event, session, day and time, place, speakers, moderator, notulis), the four parts of the
minutes, the speakers' materials attached, and the notulis signing. Also what the minutes
contribute to the activity report's appendices and the evidence bundle."""

from __future__ import annotations

import re

from flask_babel import format_date
from flask_babel import gettext as _
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer

from workshop.agenda.models import AgendaSession
from workshop.core.docparts import Page, centred, fields_table
from workshop.core.letterhead import kop_flowable
from workshop.core.pdf import FONT, FONT_BOLD, escape, register_fonts
from workshop.core.signing import Signer, Signing, signing_flowable
from workshop.documents.letterhead import kop_for
from workshop.events.models import Event
from workshop.minutes import services
from workshop.minutes.models import SessionMinutes

PAGE = Page(left=22 * mm, right=22 * mm, top=12 * mm, bottom=15 * mm)


def _parts() -> list[tuple[str, str]]:
    return [
        ("summary", _("Summary of the presentation")),
        ("discussion", _("Discussion (questions and answers)")),
        ("conclusions", _("Conclusions")),
        ("follow_up", _("Follow-up")),
    ]


def _when(event: Event, session: AgendaSession) -> str:
    start, end = event.local(session.starts_at), event.local(session.ends_at)
    return f"{format_date(start.date(), 'EEEE, d MMMM yyyy')} · {start:%H:%M}–{end:%H:%M} {event.tz_label}"


def _styles():
    base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=13.5)
    return {
        "base": base,
        "head": centred("head", base, 13, 16, bold=True),
        "sub": centred("sub", base, 10, 13),
        "part": ParagraphStyle("part", parent=base, fontName=FONT_BOLD, spaceBefore=6, spaceAfter=1),
        "body": ParagraphStyle("body", parent=base, spaceAfter=3),
        "empty": ParagraphStyle("empty", parent=base, textColor="#555555"),
    }


def _paragraphs(text: str, styles) -> list:
    """Blank lines separate paragraphs; a single newline is kept as a line break."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text or "") if b.strip()]
    if not blocks:
        return [Paragraph(escape(_("(not filled in)")), styles["empty"])]
    return [Paragraph(escape(block).replace("\n", "<br/>"), styles["body"]) for block in blocks]


def _session_story(
    event: Event, session: AgendaSession, minutes: SessionMinutes | None, width: float
) -> list:
    styles = _styles()
    speakers = ", ".join(p.full_name for p in session.speakers) or "–"
    facts = [
        (_("Activity"), event.title),
        (_("Session"), session.title),
        (_("Day, date, time"), _when(event, session)),
        (_("Place"), ", ".join(filter(None, [session.room, event.venue])) or "–"),
        (_("Speakers"), speakers),
        (_("Moderator"), session.moderator.full_name if session.moderator else "–"),
        (_("Minute-taker (notulis)"), (minutes.notulis_name if minutes else "") or "–"),
    ]
    table = fields_table(facts, styles["base"], width, 42 * mm, top=1, bottom=1, right=6)
    story = [
        kop_flowable(kop_for(event), width),
        Paragraph(escape(_("MINUTES")), styles["head"]),
        Paragraph(escape(session.title), styles["sub"]),
        Spacer(0, 4 * mm),
        table,
    ]
    for number, (name, label) in enumerate(_parts(), start=1):
        story.append(Paragraph(f"{number}. {escape(label)}", styles["part"]))
        story += _paragraphs(getattr(minutes, name, "") if minutes else "", styles)
    materials = services.materials_of(session)
    story.append(Paragraph(f"{len(_parts()) + 1}. {escape(_('Speakers’ materials'))}", styles["part"]))
    if materials:
        story += [
            Paragraph(f"{i}. {escape(m.title)} ({escape(m.filename)})", styles["body"])
            for i, m in enumerate(materials, start=1)
        ]
    else:
        story.append(Paragraph(escape(_("No material attached to this session.")), styles["empty"]))
    place = event.place_name or event.city or ""
    day = event.local(session.starts_at).date()
    name = (minutes.notulis_name if minutes else "") or "(" + "." * 40 + ")"
    signing = Signing(
        f"{place}, {format_date(day, 'd MMMM yyyy')}".lstrip(", "), Signer(_("Minute-taker,"), name)
    )
    story.append(KeepTogether([signing_flowable(signing, width, size=10, space_before=4 * mm)]))
    return story


def render(event: Event, sessions: list[AgendaSession], title: str) -> bytes:
    register_fonts()
    width = PAGE.width
    minutes = services.minutes_by_session(event)
    story: list = []
    for index, session in enumerate(sessions):
        if index:
            story.append(PageBreak())
        story += _session_story(event, session, minutes.get(session.id), width)
    if not sessions:
        styles = _styles()
        story = [
            kop_flowable(kop_for(event), width),
            Paragraph(escape(_("MINUTES")), styles["head"]),
            Paragraph(escape(_("No minutes written yet.")), styles["sub"]),
        ]
    return PAGE.pdf(story, title=title, author=event.issuing_body, subject=event.title)


def session_pdf(event: Event, session: AgendaSession) -> bytes:
    return render(event, [session], f"{_('Minutes')} – {session.title}")


def written_sessions(event: Event) -> list[AgendaSession]:
    minutes = services.minutes_by_session(event)
    return [s for s in services.sessions_of(event) if s.id in minutes and not minutes[s.id].is_empty]


def all_pdf(event: Event) -> bytes:
    return render(event, written_sessions(event), f"{_('Minutes')} – {event.title}")


def _file_part(text: str, limit: int = 50) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")
    return text[:limit].strip("-") or "file"


def bundle_files(event: Event, base_url: str) -> list[tuple[str, str, object]]:
    """07-notula/: every session's minutes in one PDF, and the speakers' materials of every
    session as they were uploaded."""
    files: list[tuple[str, str, object]] = []
    if written_sessions(event):
        files.append(
            ("07-notula/notula-semua-sesi.pdf", _("Minutes of the sessions"), lambda: all_pdf(event))
        )
    number = 0
    for session in services.sessions_of(event):
        for material in services.materials_of(session):
            path = services.material_file(material)
            if path is None:
                continue
            number += 1
            name = f"{number:02d}-{_file_part(session.title, 40)}-{_file_part(material.filename.rsplit('.', 1)[0])}"
            files.append(
                (
                    f"07-notula/materi/{name}.{material.file_type}",
                    f"{_('Speakers’ materials')}: {material.title} ({session.title})",
                    lambda p=path: p.read_bytes(),
                )
            )
    return files


def report_appendices(event: Event) -> list:
    """One appendix: per session with minutes, its conclusions and follow-up, and its materials."""
    from workshop.documents import report as R

    rows = []
    for number, session in enumerate(written_sessions(event), start=1):
        minutes = services.minutes_of(session)
        materials = "; ".join(m.title for m in services.materials_of(session)) or "–"
        rows.append(
            [str(number), session.title, minutes.conclusions or "–", minutes.follow_up or "–", materials]
        )
    if not rows:
        return []
    return [
        R.Section(
            _("Minutes of the sessions and speakers’ materials"),
            [
                R.Text(
                    _(
                        "The full minutes of each session and the speakers' materials are filed with this report."
                    )
                ),
                R.TableBlock(
                    ["No", _("Session"), _("Conclusions"), _("Follow-up"), _("Speakers’ materials")],
                    rows,
                    [6, 24, 30, 25, 20],
                ),
            ],
        )
    ]
