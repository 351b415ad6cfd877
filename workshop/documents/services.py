"""What goes on each document, from the database. Services never commit and never read the
request; texts come out in the current language (Indonesian unless English was chosen)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from flask_babel import force_locale, format_date, get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workshop.agenda.models import AgendaSession
from workshop.agenda.queries import agenda_for
from workshop.attendees.models import Attendee, AttendeeStatus
from workshop.attendees.reference import full_institution_name
from workshop.attendees.rules import format_nip
from workshop.checkin import queries as checkin_queries
from workshop.checkin.models import CheckIn
from workshop.core import images, storage
from workshop.core.i18n import date_range
from workshop.core.labels import ATTENDEE_ROLES
from workshop.documents import listing
from workshop.documents import poster as poster_renderer
from workshop.documents import recap as recap_renderer
from workshop.documents import report as report_renderer
from workshop.documents.daftar_hadir import Row, Sheet, render
from workshop.documents.models import ActivityReport, ReportPhoto
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


def registered_attendees(event_id: int, *criteria, load=()) -> list[Attendee]:
    """The event's registered attendees that meet ``criteria``, by registration number, with the
    relationships ``load`` names loaded."""
    return db.session.scalars(
        select(Attendee)
        .where(Attendee.event_id == event_id, Attendee.status == AttendeeStatus.REGISTERED.value, *criteria)
        .order_by(Attendee.reg_number)
        .options(*load)
    ).all()


def people_for(session: AgendaSession, kind: str) -> list[Attendee]:
    """Registered people of these roles the session applies to, grouped by institution, by name."""
    people = registered_attendees(
        session.event_id, Attendee.role.in_(LISTS[kind]), load=[selectinload(Attendee.institution)]
    )
    people = [p for p in people if session.applies_to(p)]
    return sorted(people, key=lambda p: (p.institution_name.lower(), p.full_name.lower()))


def daftar_hadir_pdf(
    event: Event,
    session: AgendaSession,
    kind: str,
    checked_in: dict[int, tuple[datetime, str]] | None = None,
    signatory: Attendee | None = None,
) -> bytes:
    return render(daftar_hadir_sheet(event, session, kind, checked_in, signatory))


# How a check-in was made, as an Indonesian daftar hadir prints it (English lists print the method).
METHODS_ID = {"scan": "pindai", "manual": "manual", "self": "mandiri", "paper": "kertas"}


def method_label(method: str) -> str:
    if str(get_locale() or "id").startswith("id"):
        return METHODS_ID.get(method, method)
    return method


def daftar_hadir_sheet(
    event: Event,
    session: AgendaSession,
    kind: str,
    checked_in: dict[int, tuple[datetime, str]] | None = None,
    signatory: Attendee | None = None,
) -> Sheet:
    """The list for one session and one kind of attendee. ``checked_in`` maps attendee ids to
    (time, method) once check-in data exists; without it the list is the one printed before.
    Someone who registered after the session ended is not on its list (unless they checked in
    to it). ``signatory``: the head of the committee, who signs on the right; the event's
    "Mengetahui" signatory (letterhead settings) signs on the left."""
    from workshop.core.signing import Signing, signer_for
    from workshop.documents.letterhead import kop_for, witness_for

    if kind not in LISTS:
        raise ValueError(kind)
    checked_in = checked_in or {}
    start, end = event.local(session.starts_at), event.local(session.ends_at)
    rows = []
    for person in people_for(session, kind):
        if person.id not in checked_in and person.created_at and person.created_at > session.ends_at:
            continue
        mark, method = "", ""
        if person.id in checked_in:
            moment, how = checked_in[person.id]
            mark, method = f"{event.local(moment):%H:%M}", method_label(how)
        rows.append(
            Row(
                name=person.full_name,
                nip=format_nip(person.nip, person.category),
                position=person.position,
                institution=full_institution_name(person.institution_name, event.city),
                gender=person.gender,
                checked_in=mark,
                method=method,
            )
        )
    place_and_date = f"{event.place_name}, {format_date(start.date(), 'd MMMM yyyy')}".lstrip(", ")
    return Sheet(
        title=list_title(kind),
        event_title=event.title,
        session_title=session.title,
        when=f"{format_date(start.date(), 'EEEE, d MMMM yyyy')} · {start:%H:%M}–{end:%H:%M} {event.tz_label}",
        place=", ".join(filter(None, [session.room, event.venue])),
        headers=["No", _("Name"), "NIP", _("Position"), "L/P", _("Time"), _("Signature")],
        rows=rows,
        footer_note=(
            _("Check-in times come from the electronic check-in of this event; the method is under the time.")
            if checked_in
            else ""
        ),
        signing=Signing(
            place_and_date, signer_for(_("Head of the committee"), signatory), witness_for(event)
        ),
        empty_text=_("Nobody on this list."),
        kop=kop_for(event),
        author=event.issuing_body,
    )


def sessions_with_checkin(event: Event) -> list[tuple[AgendaSession, dict]]:
    """The sessions that take attendance, each with who checked in (id -> (time, method))."""
    return [(s, checkin_queries.checked_in_for(s)) for s in agenda_for(event) if s.requires_checkin]


def daftar_hadir_all_pdf(event: Event) -> bytes:
    """Every session's participants' list in one PDF, a bookmark per session (pypdf)."""
    from workshop.documents import evidence

    head = committee_head(event)
    parts = [
        evidence.Part(
            f"{event.local(session.starts_at):%d/%m/%Y %H:%M} {session.title}",
            pdf=daftar_hadir_pdf(event, session, "peserta", here, signatory=head),
        )
        for session, here in sessions_with_checkin(event)
        if people_for(session, "peserta")
    ]
    if not parts:
        parts = [evidence.Part(_("Programme"), pdf=agenda_pdf(event))]
    return evidence.merge(None, parts, f"{list_title('peserta')} · {event.title}", event_author(event))


def shared_daftar_hadir(event: Event, session: AgendaSession, kind: str, here, head) -> bytes:
    """A session's list, made once per bundle (the evidence files reuse it)."""
    from workshop.documents import evidence

    return evidence.once(
        ("daftar-hadir", session.id, kind),
        lambda: daftar_hadir_pdf(event, session, kind, here, signatory=head),
    )


def event_author(event: Event) -> str:
    """Who issues the event's documents (their PDFs' and .docx files' author)."""
    return getattr(event, "issuing_body", "") or event.organising_unit or event.organiser or ""


def committee_head(event: Event) -> Attendee | None:
    """The person who signs: the committee member whose position says 'Ketua'."""
    committee = registered_attendees(event.id, Attendee.role == "panitia")
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
            heading=_("SELF CHECK-IN"),
            event_title=event.title,
            session_title=session.title,
            when=when,
            url=url,
            steps=[
                _("Open your ticket link (from WhatsApp or e-mail) on your phone once, before the session."),
                _("Scan this code with your phone's camera."),
                _('Tap "I am here: check me in". Done: show the green screen if asked.'),
            ],
            help_text=_("No ticket or no phone? Go to the registration desk."),
            second_language="",
            author=event.issuing_body,
        )
    with force_locale("en"):
        english = " ".join(
            [
                _("Open your ticket link (from WhatsApp or e-mail) on your phone once, before the session."),
                _("Scan this code with your phone's camera."),
                _('Tap "I am here: check me in". Done: show the green screen if asked.'),
            ]
        )
    return replace(poster, second_language="English: " + english)


# ---- attendance recap (.xlsx) ---------------------------------------------------------------------


def recap_content(event: Event) -> recap_renderer.Recap:
    """One row per registered attendee, one column per session that needs check-in."""
    from workshop.core.signing import person_lines
    from workshop.documents.letterhead import kop_for

    kop = kop_for(event)
    sessions = [s for s in agenda_for(event) if s.requires_checkin]
    people = registered_attendees(
        event.id, load=[selectinload(Attendee.institution), selectinload(Attendee.group)]
    )
    times = {
        (a, s): moment
        for a, s, moment in db.session.execute(
            select(CheckIn.attendee_id, CheckIn.agenda_session_id, CheckIn.scanned_at).where(
                CheckIn.event_id == event.id
            )
        )
    }
    from workshop.core import exporters

    standing: dict[int, str] = {}  # attendee id -> whether they get a certificate, and why
    for contribute in exporters.contributions(exporters.CERTIFICATE_STANDING):
        standing.update(contribute(event, list(people)))
    rows = []
    for number, person in enumerate(people, start=1):
        cells, present, expected = [], 0, 0
        for session in sessions:
            if not session.applies_to(person):
                cells.append("")
                continue
            expected += 1
            moment = times.get((person.id, session.id))
            if moment is None:
                cells.append(recap_renderer.ABSENT)
            else:
                present += 1
                cells.append(f"{event.local(moment):%H:%M}")
        rows.append(
            recap_renderer.RecapRow(
                number=number,
                name=person.full_name,
                nip=person.nip or "",
                position=person.position or "",
                rank=person_lines(person.nip, person.category, person.golongan)[0],
                gender=person.gender,
                category=person.category,
                institution=full_institution_name(person.institution_name, event.city),
                group=person.group.name if person.group else "",
                role=person.role,
                cells=cells,
                present=present,
                expected=expected,
                eligibility=standing.get(person.id, ""),
            )
        )

    def counts(key) -> list[tuple[str, int, int]]:
        table: dict[str, list[int]] = {}
        for person, row in zip(people, rows):
            entry = table.setdefault(key(person), [0, 0])
            entry[0] += 1
            entry[1] += row.present > 0
        return sorted(((k, v[0], v[1]) for k, v in table.items()), key=lambda r: (-r[1], r[0].casefold()))

    return recap_renderer.Recap(
        title=f"{_('Attendance recap')} · {event.title}",
        headers=[
            "No",
            _("Name"),
            "NIP",
            _("Position"),
            _("Rank/grade"),
            "L/P",
            _("Category"),
            _("Institution"),
            _("Group"),
            _("Role"),
        ],
        session_headers=[f"{event.local(s.starts_at):%d/%m %H:%M} {s.title}"[:80] for s in sessions],
        total_headers=[_("Present"), _("Of"), "%", _("Certificate")],
        rows=rows,
        summary_title=f"{_('Summary')} · {event.title}",
        summary_headers=["", _("People"), _("Present at least once")],
        summary=[
            (_("Gender"), counts(lambda p: p.gender)),
            (_("Category"), counts(lambda p: p.category)),
            (_("Institution"), counts(lambda p: p.institution_name or "—")),
        ],
        header_left="\n".join(kop.lines[:2]),
        header_centre=f"{_('Attendance recap')}\n{event.title}",
        footer_left=event.issuing_body,
        page_label=_("Page"),
        of_label=_("of"),
        creator=event.issuing_body,
    )


def recap_xlsx(event: Event) -> bytes:
    return recap_renderer.render(recap_content(event))


# ---- the activity report (laporan kegiatan) ---------------------------------------------------------

REPORT_FIELDS = (
    "background",
    "legal_basis",
    "objectives",
    "targets",
    "funding",
    "closing_notes",
    "suggestions",
)
REPORT_TEXT_MAX = 20_000
PHOTOS = "report-photos"
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_SIDE = 1600
MAX_PHOTOS = 40


class PhotoRefused(Exception):
    pass


def get_report(event: Event) -> ActivityReport:
    """The organiser's texts (an empty, unsaved one until first saved)."""
    report = db.session.get(ActivityReport, event.id)
    return report or ActivityReport(event_id=event.id, **{name: "" for name in REPORT_FIELDS})


def save_report(event: Event, values: dict) -> ActivityReport:
    report = db.session.get(ActivityReport, event.id)
    if report is None:
        report = ActivityReport(event_id=event.id)
        db.session.add(report)
    for name in REPORT_FIELDS:
        text = (values.get(name) or "").replace("\r\n", "\n").strip()
        if len(text) > REPORT_TEXT_MAX:
            raise ValueError(name)
        setattr(report, name, text)
    db.session.flush()
    return report


def photos_of(event: Event) -> list[ReportPhoto]:
    return db.session.scalars(
        select(ReportPhoto).filter_by(event_id=event.id).order_by(ReportPhoto.position, ReportPhoto.id)
    ).all()


def add_photo(event: Event, stream, caption: str, max_bytes: int = PHOTO_MAX_BYTES) -> ReportPhoto:
    """A JPG or PNG of the activity, re-encoded to at most 1600 px (no location metadata kept)."""
    if len(photos_of(event)) >= MAX_PHOTOS:
        raise PhotoRefused(_("At most %(n)d photos per report.", n=MAX_PHOTOS))
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise PhotoRefused(_("The photo is larger than %(mb)d MB.", mb=max_bytes // (1024 * 1024)))
    try:
        jpeg, width, height = images.reencode_jpeg(data, PHOTO_SIDE)
    except images.ImageRefused as refused:
        raise PhotoRefused(str(images.REFUSALS[str(refused)])) from None
    stored_name = storage.random_name() + ".jpg"
    target = storage.folder(PHOTOS) / stored_name
    target.write_bytes(jpeg)
    storage.delete_after_rollback(db.session(), target)
    photo = ReportPhoto(
        event_id=event.id,
        path=f"{PHOTOS}/{stored_name}",
        caption=(caption or "").strip()[:300],
        width=width,
        height=height,
        position=len(photos_of(event)),
    )
    db.session.add(photo)
    db.session.flush()
    return photo


def photo_file(photo: ReportPhoto) -> Path | None:
    return storage.referenced_file(PHOTOS, photo.path)


def remove_photo(photo: ReportPhoto) -> None:
    path = photo_file(photo)
    storage.delete_after_commit(db.session(), path)
    db.session.delete(photo)
    db.session.flush()


ROLE_ORDER = ("peserta", "narasumber", "moderator", "fasilitator", "panitia")


@dataclass
class ReportFacts:
    """What the report counts from the event's data (tests read these and the document)."""

    people: list[Attendee]
    present_ids: set[int]
    participants: int  # registered participants only: speakers and committee apart
    participants_present: int
    by_role: list[tuple[str, int, int]]  # (role, registered, present)
    institutions: list[tuple[str, int, int, int, int]]  # participants: (name, L, P, all, present)


def report_facts(event: Event) -> ReportFacts:
    people = registered_attendees(event.id, load=[selectinload(Attendee.institution)])
    present_ids = set(
        db.session.execute(select(CheckIn.attendee_id).where(CheckIn.event_id == event.id)).scalars()
    ) & {p.id for p in people}
    by_role = []
    for role in ROLE_ORDER:
        mine = [p for p in people if p.role == role]
        if mine:
            by_role.append((role, len(mine), sum(p.id in present_ids for p in mine)))
    table: dict[str, list[int]] = {}
    participants = [p for p in people if p.role == "peserta"]
    for person in participants:
        entry = table.setdefault(person.institution_name or "—", [0, 0, 0, 0])
        entry[0 if person.gender == "L" else 1] += 1
        entry[2] += 1
        entry[3] += person.id in present_ids
    institutions = sorted(((k, *v) for k, v in table.items()), key=lambda r: (-r[3], r[0].casefold()))
    return ReportFacts(
        people=people,
        present_ids=present_ids,
        participants=len(participants),
        participants_present=sum(p.id in present_ids for p in participants),
        by_role=by_role,
        institutions=institutions,
    )


def report_signing(event: Event):
    """The committee chair signs the report on the right, under place and date; the head of the
    organising body (the certificates' first signatory) on the left under "Mengetahui,"."""
    from workshop.certificates.models import CertificateSettings
    from workshop.core.signing import Signer, Signing, signer_for

    head = committee_head(event)
    issuer = signer_for(head.position if head and head.position else _("Head of the committee"), head)
    settings = db.session.get(CertificateSettings, event.id)
    second = None
    if (
        settings is not None
        and settings.signatory1_name
        and (head is None or settings.signatory1_name != head.full_name)
    ):
        digits = "".join((settings.signatory1_nip or "").split())
        second = Signer(
            settings.signatory1_title,
            settings.signatory1_name,
            rank=getattr(settings, "signatory1_rank", "") or "",
            id_line=f"NIP {format_nip(digits, 'PNS')}"
            if len(digits) == 18
            else (f"NIP {digits}" if digits else ""),
        )
    return Signing(place_and_date=place_and_date(event, event.ends_on), issuer=issuer, second=second)


def place_and_date(event: Event, day) -> str:
    place = getattr(event, "place_name", None) or event.city or ""
    return f"{place}, {format_date(day, 'd MMMM yyyy')}".lstrip(", ")


def report_content(event: Event) -> report_renderer.Report:
    from workshop.core import exporters
    from workshop.documents.letterhead import kop_for

    R = report_renderer
    texts = get_report(event)
    sessions = agenda_for(event)
    facts = report_facts(event)

    # BAB II: programme, speakers and their materi
    programme, speakers = [], {}
    moderator = _("moderator")
    for s in sessions:
        local_start, local_end = event.local(s.starts_at), event.local(s.ends_at)
        names = [p.full_name for p in s.speakers]
        if s.moderator:
            names.append(f"{s.moderator.full_name} ({moderator})")
        programme.append(
            [
                f"{format_date(local_start.date(), 'EEE d MMM')}\n{local_start:%H:%M}–{local_end:%H:%M}",
                s.title,
                "; ".join(names),
                str(s.jp),
            ]
        )
        for person in s.speakers:
            entry = speakers.setdefault(person.id, [person, [], 0])
            entry[1].append(s.title)
            entry[2] += s.jp
    total_jp = sum(s.jp for s in sessions)
    programme.append(["", _("Total"), "", str(total_jp)])
    speaker_rows = [
        [
            str(n),
            person.full_name,
            ", ".join(filter(None, [person.position, person.institution_name])),
            "\n".join(titles),
            str(jp),
        ]
        for n, (person, titles, jp) in enumerate(
            sorted(speakers.values(), key=lambda e: e[0].full_name.casefold()), start=1
        )
    ]

    # BAB III: attendance per session
    by_id = {s.id: s for s in sessions}
    attendance, share_rows = [], []
    for row in checkin_queries.attendance(event):
        session = by_id.get(row["session_id"])
        if session is None or not session.requires_checkin:
            continue
        local = event.local(session.starts_at)
        share = round(100 * row["checked_in"] / row["expected"]) if row["expected"] else 0
        attendance.append(
            [f"{local:%d/%m %H:%M}", session.title, str(row["checked_in"]), str(row["expected"]), f"{share}%"]
        )
        if row["expected"]:
            share_rows.append((f"{local:%d/%m %H:%M} {session.title}", share))

    groups = [
        result
        for contribute in exporters.contributions(exporters.REPORT_GROUPS)
        for result in contribute(event)
    ]
    evaluations = [
        result
        for contribute in exporters.contributions(exporters.REPORT_EVALUATIONS)
        for result in contribute(event)
    ]

    photos = []
    for photo in photos_of(event):
        path = photo_file(photo)
        if path is not None and path.exists():
            photos.append(R.Photo(str(path), photo.caption, photo.width, photo.height))

    where = ", ".join(filter(None, [event.venue, event.city]))
    days = (event.ends_on - event.starts_on).days + 1
    institutions = len([i for i in facts.institutions if i[0] != "—"])
    bab1 = R.Chapter(
        "BAB I",
        _("INTRODUCTION"),
        [
            R.Section(_("A. Background"), [R.Text(texts.background)]),
            R.Section(_("B. Legal basis"), [R.Text(texts.legal_basis, items=True)]),
            R.Section(_("C. Aims and objectives"), [R.Text(texts.objectives)]),
            R.Section(_("D. Targets"), [R.Text(texts.targets)]),
        ],
    )
    bab2 = R.Chapter(
        "BAB II",
        _("IMPLEMENTATION"),
        [
            R.Section(
                _("A. Time and place"),
                [
                    R.Text(
                        _(
                            "The activity was held for %(days)d days, %(dates)s, at %(place)s.",
                            days=days,
                            dates=date_range(event.starts_on, event.ends_on),
                            place=where or "—",
                        )
                    )
                ],
            ),
            R.Section(
                _("B. Participants"),
                [
                    R.Text(
                        _(
                            "The activity was attended by %(n)d participants from %(i)d institutions "
                            "(%(present)d of them checked in at least once). Speakers, moderators, "
                            "facilitators and the committee are counted apart.",
                            n=facts.participants,
                            i=institutions,
                            present=facts.participants_present,
                        )
                    ),
                    R.TableBlock(
                        [_("Role"), _("Registered"), _("Present")],
                        [[str(ATTENDEE_ROLES[r]), str(n), str(p)] for r, n, p in facts.by_role]
                        + [
                            [
                                _("Total"),
                                str(sum(n for _r, n, _p in facts.by_role)),
                                str(sum(p for _r, _n, p in facts.by_role)),
                            ]
                        ],
                        [60, 20, 20],
                        total_row=True,
                    ),
                    R.Text(_("Participants by institution:")),
                    R.TableBlock(
                        ["No", _("Institution"), "L", "P", _("Total"), _("Present")],
                        [
                            [str(n), name, str(male), str(female), str(total), str(present)]
                            for n, (name, male, female, total, present) in enumerate(
                                facts.institutions, start=1
                            )
                        ]
                        + [
                            [
                                "",
                                _("Total"),
                                str(sum(r[1] for r in facts.institutions)),
                                str(sum(r[2] for r in facts.institutions)),
                                str(facts.participants),
                                str(facts.participants_present),
                            ]
                        ],
                        [8, 62, 9, 9, 12, 14],
                        total_row=True,
                    ),
                ],
            ),
            R.Section(
                _("C. Speakers and their material"),
                [
                    R.TableBlock(
                        ["No", _("Speaker"), _("Position and institution"), _("Material"), "JP"],
                        speaker_rows,
                        [7, 30, 35, 45, 8],
                    )
                    if speaker_rows
                    else R.Text("")
                ],
            ),
            R.Section(
                _("D. Programme"),
                [
                    R.TableBlock(
                        [_("Time"), _("Session"), _("Speakers"), "JP"],
                        programme,
                        [22, 45, 40, 8],
                        total_row=True,
                    )
                ],
            ),
            R.Section(_("E. Funding"), [R.Text(texts.funding)]),
        ],
    )
    results = [
        R.Section(
            _("A. Attendance per session"),
            (
                [
                    R.TableBlock(
                        [_("Time"), _("Session"), _("Present"), _("Of"), "%"],
                        attendance,
                        [18, 52, 12, 12, 10],
                    ),
                    R.ChartBlock(R.Chart(_("Attendance per session (%)"), share_rows, "%")),
                ]
                if attendance
                else [R.Text("")]
            ),
        ),
        R.Section(
            _("B. Follow-up action plans (RTL) of the groups"),
            [
                block
                for g in groups
                for block in (R.Text(g.name, bold=True), R.Text("\n".join(g.lines), plain=True))
            ]
            or [R.Text("")],
        ),
    ]
    for heading, text, headers, rows, *chart in evaluations:
        blocks = [R.Text(text)]
        if rows:
            blocks.append(R.TableBlock(headers, rows, [1] * len(headers)))
        if chart and chart[0] is not None:  # optional fifth item: (title, rows, unit, digits, top)
            blocks.append(R.ChartBlock(R.Chart(*chart[0])))
        results.append(R.Section(f"{chr(ord('A') + len(results))}. {heading}", blocks))
    bab3 = R.Chapter("BAB III", _("RESULTS"), results)
    bab4 = R.Chapter(
        "BAB IV",
        _("CLOSING"),
        [
            R.Section(_("A. Conclusions"), [R.Text(texts.closing_notes)]),
            R.Section(_("B. Suggestions"), [R.Text(texts.suggestions)]),
        ],
    )
    present_rows = []
    participants = sorted(
        (p for p in facts.people if p.role == "peserta"),
        key=lambda p: (p.institution_name.casefold(), p.full_name.casefold()),
    )
    for n, person in enumerate(participants, start=1):
        present_rows.append(
            [
                str(n),
                person.full_name,
                person.position,
                person.institution_name,
                _("present") if person.id in facts.present_ids else _("absent"),
            ]
        )
    appendices = [
        R.Section(
            _("Appendix 1. Attendance list of participants"),
            [
                R.Text(_("The signed attendance lists of every session are filed with this report.")),
                R.TableBlock(
                    ["No", _("Name"), _("Position"), _("Institution"), _("Attendance")],
                    present_rows,
                    [7, 38, 30, 40, 15],
                ),
            ],
        ),
        R.Section(_("Appendix 2. Photos of the activity"), [R.PhotosBlock(photos)]),
        R.Section(
            _("Appendix 3. Follow-up action plans (RTL)"),
            [
                block
                for g in groups
                for block in (
                    R.Text(g.name, bold=True),
                    R.TableBlock(g.table_headers, g.table, [40, 25, 15, 20]) if g.table else R.Text(""),
                )
            ]
            or [R.Text("")],
        ),
    ]
    for contribute in exporters.contributions(exporters.REPORT_APPENDICES):
        for section in contribute(event):
            heading = _("Appendix %(n)d. %(title)s", n=len(appendices) + 1, title=section.heading)
            appendices.append(R.Section(heading, section.blocks))
    return R.Report(
        heading=_("ACTIVITY REPORT"),
        event_title=event.title,
        organiser=getattr(event, "issuing_body", "")
        or " ".join(filter(None, [event.organising_unit, event.city])),
        when_where=" · ".join(filter(None, [date_range(event.starts_on, event.ends_on), where])),
        year=str(event.ends_on.year),
        chapters=[bab1, bab2, bab3, bab4],
        signing=report_signing(event),
        appendix_title=_("APPENDICES"),
        appendices=appendices,
        empty=_("(not filled in)"),
        kop=kop_for(event),
        author=getattr(event, "issuing_body", "") or event.organiser or "",
    )


def shared_report(event: Event) -> report_renderer.Report:
    """The report's content, read once per bundle for its PDF and its .docx."""
    from workshop.documents import evidence

    return evidence.once(("report", event.id), lambda: report_content(event))


def report_pdf(event: Event) -> bytes:
    return report_renderer.render_pdf(report_content(event))


def report_docx(event: Event) -> bytes:
    return report_renderer.render_docx(report_content(event))


# ---- the programme as a PDF -------------------------------------------------------------------------


def agenda_pdf(event: Event) -> bytes:
    rows = []
    for s in agenda_for(event):
        start, end = event.local(s.starts_at), event.local(s.ends_at)
        people = "; ".join(p.full_name for p in s.speakers)
        if s.moderator:
            people += ("\n" if people else "") + f"{_('Moderator')}: {s.moderator.full_name}"
        audience = "" if s.is_for_everyone else "\n" + ", ".join(g.name for g in s.groups)
        rows.append(
            [
                f"{format_date(start.date(), 'EEE d MMM')}\n{start:%H:%M}–{end:%H:%M}",
                s.title + audience,
                people,
                s.room,
                str(s.jp),
            ]
        )
    return listing.render_table(
        _("PROGRAMME"),
        [event.title, " · ".join(filter(None, [date_range(event.starts_on, event.ends_on), event.venue]))],
        [_("Time"), _("Session"), _("Speakers"), _("Room"), "JP"],
        rows,
        [26, 62, 50, 26, 10],
        note=_("Times are in %(zone)s. Total for one participant: see the certificate.", zone=event.tz_label),
        author=event.issuing_body,
        subject=event.title,
    )


# ---- the KLA evidence bundle ---------------------------------------------------------------------------


def slug_for_file(text: str, limit: int = 50) -> str:
    """'Pembukaan dan Arahan Kepala Bappeda' -> 'pembukaan-dan-arahan-kepala-bappeda' (ASCII, for file names)."""
    import re
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-") or "sesi"


def bundle_parts(event: Event, base_url: str) -> list[tuple[str, str, object]]:
    """What goes into the bundle: (path in the ZIP, description, a function making the bytes),
    in the order of the index. Each part is made only when written, so memory stays flat. Other
    modules' files (certificates, RTL) come through the exporter registry."""
    from workshop.core import exporters

    def export(kind: str):
        return lambda: exporters.make(kind, event, base_url)

    parts: list[tuple[str, str, object]] = [
        ("01-agenda/susunan-acara.pdf", _("Programme with speakers and JP"), lambda: agenda_pdf(event)),
    ]
    head = committee_head(event)
    for session, here in sessions_with_checkin(event):
        day = event.local(session.starts_at).date().isoformat()
        for kind in LISTS:
            if not people_for(session, kind):
                continue
            name = f"02-daftar-hadir/daftar-hadir-{slug_for_file(session.title)}-{day}-{kind}.pdf"
            parts.append(
                (
                    name,
                    f"{list_title(kind).capitalize()}: {session.title} ({day})",
                    lambda s=session, k=kind, h=here: shared_daftar_hadir(event, s, k, h, head),
                )
            )
    for contribute in exporters.contributions(exporters.BUNDLE_FILES):
        parts += contribute(event, base_url)
    parts += [
        ("04-rtl/rtl-semua-kelompok.pdf", _("RTL of all groups (PDF)"), export("rtl")),
        ("04-rtl/rtl-semua-kelompok.docx", _("RTL of all groups (.docx, editable)"), export("rtl-docx")),
        (
            "05-laporan-kegiatan/laporan-kegiatan.pdf",
            _("Activity report (PDF)"),
            lambda: report_renderer.render_pdf(shared_report(event)),
        ),
        (
            "05-laporan-kegiatan/laporan-kegiatan.docx",
            _("Activity report (.docx, editable)"),
            lambda: report_renderer.render_docx(shared_report(event)),
        ),
    ]
    for number, photo in enumerate(photos_of(event), start=1):
        path = photo_file(photo)
        if path is not None and path.exists():
            parts.append(
                (
                    f"05-laporan-kegiatan/foto/{number:02d}-{slug_for_file(photo.caption or 'foto')}.jpg",
                    photo.caption or _("Photo"),
                    lambda p=path: p.read_bytes(),
                )
            )
    parts.append(("06-rekap-kehadiran.xlsx", _("Attendance recap (.xlsx)"), lambda: recap_xlsx(event)))
    for item in exporters.available_for(event):
        if item.kind.startswith("evidence-"):
            parts.append(
                (
                    f"evidence/{item.download_name(event).replace('-' + event.slug, '')}",
                    f"{item.label}: {item.description}" if item.description else str(item.label),
                    export(item.kind),
                )
            )
    return _unique_paths(parts)


def _unique_paths(parts: list[tuple[str, str, object]]) -> list[tuple[str, str, object]]:
    """Two parts may be named alike (two sessions with the same title on one day, a module's file
    named like another's): the later ones get -2, -3 … before the extension, so the ZIP never
    holds a duplicate name (which a zip reader would hide)."""
    seen: set[str] = set()
    unique = []
    for path, description, make in parts:
        stem, dot, extension = path.rpartition(".")
        if not dot:
            stem, extension = path, ""
        candidate, number = path, 1
        while candidate in seen:
            number += 1
            candidate = f"{stem}-{number}.{extension}" if dot else f"{stem}-{number}"
        seen.add(candidate)
        unique.append((candidate, description, make))
    return unique


class BundleIncomplete(Exception):
    """Some parts of the bundle could not be made: the message names them (the rest was written)."""

    def __init__(self, failed: list[tuple[str, str]]):
        self.failed = failed
        super().__init__(
            _("These parts of the bundle failed: %(parts)s", parts="; ".join(f"{n} ({e})" for n, e in failed))
        )


def write_bundle(event: Event, target, base_url: str, progress=None) -> list[str]:
    """The KLA evidence bundle as one ZIP: the programme, every daftar hadir, the certificates,
    the RTL documents, the activity report with its photos, the attendance recap, what other
    modules contribute (evaluations, minutes, follow-up, the letters sent), one merged
    evidence PDF per KLA question the event serves (evidence/), and an index (00-daftar-isi.pdf).
    Returns the names. A part that fails is left out and named in the index; once the ZIP is
    written, ``BundleIncomplete`` names every failed part (the job page shows it)."""
    from workshop.documents import evidence

    with evidence.reuse():
        return _write_bundle(event, target, base_url, progress)


def _write_bundle(event: Event, target, base_url: str, progress=None) -> list[str]:
    import logging
    import zipfile

    parts = bundle_parts(event, base_url)
    if progress is not None:
        progress.start(len(parts) + 1)
    index_rows, written, failed = [], [], []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for number, (name, description, make) in enumerate(parts, start=1):
            try:
                data = make()
            except Exception as error:  # noqa: BLE001 - reported by name, the others still written
                logging.getLogger(__name__).exception("bundle part %s failed", name)
                failed.append((name, f"{type(error).__name__}: {error}"[:300]))
                index_rows.append([str(number), name, f"{description} — {_('FAILED')}", "—"])
            else:
                # PDFs, photos and Office files are compressed already: stored as they are.
                kind = (
                    zipfile.ZIP_STORED
                    if name.endswith((".pdf", ".jpg", ".xlsx", ".docx"))
                    else zipfile.ZIP_DEFLATED
                )
                archive.writestr(name, data, compress_type=kind)
                written.append(name)
                index_rows.append([str(number), name, description, f"{max(1, len(data) // 1024)} KB"])
            if progress is not None:
                progress.advance()
        index = listing.render_table(
            _("EVIDENCE BUNDLE: CONTENTS"),
            [
                event.title,
                _("KLA indicator 2: the KLA task force trained in the Convention on the Rights of the Child"),
                " · ".join(
                    filter(None, [date_range(event.starts_on, event.ends_on), event.venue, event.city])
                ),
            ],
            ["No", _("File"), _("Contents"), _("Size")],
            index_rows,
            [11, 84, 68, 20],
            note=str(BundleIncomplete(failed)) if failed else "",
        )
        archive.writestr("00-daftar-isi.pdf", index, compress_type=zipfile.ZIP_STORED)
        if progress is not None:
            progress.advance()
    if failed:
        raise BundleIncomplete(failed)
    return ["00-daftar-isi.pdf"] + written


def build_bundle_job(job, event_id: int, base_url: str) -> None:
    """The job behind the bundle button and `flask documents bundle` (see workshop.jobs)."""
    event = db.session.get(Event, event_id)
    path = job.result_file(f"bukti-kla-{event.slug}.zip")
    with path.open("wb") as target:
        write_bundle(event, target, base_url, progress=job)
