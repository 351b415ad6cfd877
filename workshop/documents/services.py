"""What goes on each document, from the database. Services never commit and never read the
request; texts come out in the current language (Indonesian unless English was chosen)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from flask_babel import force_locale, format_date, get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workshop.agenda import services as agenda_services
from workshop.agenda.models import AgendaSession
from workshop.agenda.services import agenda_for
from workshop.attendees.models import Attendee, AttendeeStatus
from workshop.attendees.rules import format_nip
from workshop.checkin import services as checkin_services
from workshop.checkin.models import CheckIn
from workshop.core import images, storage
from workshop.core.i18n import date_range
from workshop.documents import listing
from workshop.documents import poster as poster_renderer
from workshop.documents import recap as recap_renderer
from workshop.documents import report as report_renderer
from workshop.documents import rtl as rtl_renderer
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


def people_for(session: AgendaSession, kind: str) -> list[Attendee]:
    """Registered people of these roles the session applies to, grouped by institution, by name."""
    people = (
        db.session.execute(
            select(Attendee)
            .where(
                Attendee.event_id == session.event_id,
                Attendee.status == AttendeeStatus.REGISTERED.value,
                Attendee.role.in_(LISTS[kind]),
            )
            .options(selectinload(Attendee.institution))
        )
        .scalars()
        .all()
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


def daftar_hadir_sheet(
    event: Event,
    session: AgendaSession,
    kind: str,
    checked_in: dict[int, tuple[datetime, str]] | None = None,
    signatory: Attendee | None = None,
) -> Sheet:
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
        rows.append(
            Row(
                name=person.full_name,
                nip=format_nip(person.nip, person.category),
                position=person.position,
                institution=person.institution_name,
                gender=person.gender,
                checked_in=mark,
            )
        )
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
            if checked_in
            else ""
        ),
        signatory_label=_("Head of the committee"),
        signatory_name=signatory.full_name if signatory else "",
        signatory_nip=f"NIP {format_nip(signatory.nip, signatory.category)}"
        if signatory and signatory.nip
        else "",
        place_and_date=f"{event.city or ''}, {format_date(start.date(), 'd MMMM yyyy')}".lstrip(", "),
        empty_text=_("Nobody on this list."),
    )


def committee_head(event: Event) -> Attendee | None:
    """The person who signs: the committee member whose position says 'Ketua'."""
    committee = (
        db.session.execute(
            select(Attendee)
            .where(
                Attendee.event_id == event.id,
                Attendee.role == "panitia",
                Attendee.status == AttendeeStatus.REGISTERED.value,
            )
            .order_by(Attendee.reg_number)
        )
        .scalars()
        .all()
    )
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
    sessions = [s for s in agenda_for(event) if s.requires_checkin]
    people = (
        db.session.execute(
            select(Attendee)
            .where(Attendee.event_id == event.id, Attendee.status == AttendeeStatus.REGISTERED.value)
            .order_by(Attendee.reg_number)
            .options(selectinload(Attendee.institution), selectinload(Attendee.group))
        )
        .scalars()
        .all()
    )
    times = {
        (a, s): moment
        for a, s, moment in db.session.execute(
            select(CheckIn.attendee_id, CheckIn.agenda_session_id, CheckIn.scanned_at).where(
                CheckIn.event_id == event.id
            )
        )
    }
    from workshop.certificates import services as certificate_services

    standing = {e.attendee.id: e for e in certificate_services.eligibility(event, list(people))}
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
                gender=person.gender,
                category=person.category,
                institution=person.institution_name,
                group=person.group.name if person.group else "",
                role=person.role,
                cells=cells,
                present=present,
                expected=expected,
                eligibility=standing[person.id].reason if person.id in standing else "",
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
        headers=["No", _("Name"), "NIP", "L/P", _("Category"), _("Institution"), _("Group"), _("Role")],
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
    )


def recap_xlsx(event: Event) -> bytes:
    return recap_renderer.render(recap_content(event))


# ---- the activity report (laporan kegiatan) ---------------------------------------------------------

REPORT_FIELDS = ("background", "legal_basis", "objectives", "closing_notes")
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
    return report or ActivityReport(
        event_id=event.id, background="", legal_basis="", objectives="", closing_notes=""
    )


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
    return list(
        db.session.execute(
            select(ReportPhoto)
            .where(ReportPhoto.event_id == event.id)
            .order_by(ReportPhoto.position, ReportPhoto.id)
        ).scalars()
    )


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
        raise PhotoRefused(str(agenda_services.PHOTO_REFUSALS[str(refused)])) from None
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


def photo_file(photo: ReportPhoto):
    folder_name, _sep, stored_name = photo.path.partition("/")
    if folder_name != PHOTOS:
        return None
    try:
        return storage.stored_path(PHOTOS, stored_name)
    except ValueError:
        return None


def remove_photo(photo: ReportPhoto) -> None:
    path = photo_file(photo)
    if path is not None:
        storage.delete_after_commit(db.session(), path)
    db.session.delete(photo)
    db.session.flush()


def group_results(event: Event) -> list[report_renderer.GroupResult]:
    """Each discussion group: facilitator, how many members, status, its RTL rows and total
    budget, and the activities it plans (the full tables are in the RTL document)."""
    results = []
    for group in rtl_document(event).groups:
        (facilitator, names), (members, _names), (status, state) = group.facts
        results.append(
            report_renderer.GroupResult(
                name=group.name,
                lines=[
                    f"{facilitator}: {names}",
                    members,
                    f"{status}: {state}",
                    _("%(n)d RTL rows, total budget %(total)s", n=len(group.rows), total=group.total),
                ],
                table_headers=[
                    _("Activity (kegiatan)"),
                    _("Responsible (penanggung jawab)"),
                    _("Source of funds"),
                    _("Budget"),
                ],
                table=[[row[0], row[6], row[8], row[9]] for row in group.rows],
            )
        )
    return results


def report_content(event: Event) -> report_renderer.Report:
    texts = get_report(event)
    sessions = agenda_for(event)
    start, end = event.starts_on, event.ends_on
    programme = []
    for s in sessions:
        local_start, local_end = event.local(s.starts_at), event.local(s.ends_at)
        speakers = "; ".join(p.full_name for p in s.speakers)
        programme.append(
            [
                f"{format_date(local_start.date(), 'EEE d MMM')} {local_start:%H:%M}–{local_end:%H:%M}",
                s.title,
                speakers,
                str(s.jp),
            ]
        )
    attendance_rows = [row for row in checkin_services.attendance(event)]
    by_id = {s.id: s for s in sessions}
    attendance = []
    share_rows = []
    for row in attendance_rows:
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
    people = (
        db.session.execute(
            select(Attendee)
            .where(Attendee.event_id == event.id, Attendee.status == AttendeeStatus.REGISTERED.value)
            .options(selectinload(Attendee.institution))
        )
        .scalars()
        .all()
    )
    present_ids = set(
        db.session.execute(select(CheckIn.attendee_id).where(CheckIn.event_id == event.id)).scalars()
    )
    by_gender = {"L": 0, "P": 0}
    by_institution: dict[str, int] = {}
    for person in people:
        if person.id in present_ids:
            by_gender[person.gender] = by_gender.get(person.gender, 0) + 1
            name = person.institution_name or "—"
            by_institution[name] = by_institution.get(name, 0) + 1
    charts = (
        [
            report_renderer.Chart(_("Attendance per session (%)"), share_rows, "%"),
            report_renderer.Chart(
                _("People present, by gender"),
                [(_("Male (L)"), by_gender.get("L", 0)), (_("Female (P)"), by_gender.get("P", 0))],
            ),
            report_renderer.Chart(
                _("People present, by institution (largest 15)"),
                sorted(by_institution.items(), key=lambda kv: (-kv[1], kv[0]))[:15],
            ),
        ]
        if attendance
        else []
    )
    photos = []
    for photo in photos_of(event):
        path = photo_file(photo)
        if path is not None and path.exists():
            photos.append(report_renderer.Photo(str(path), photo.caption, photo.width, photo.height))
    return report_renderer.Report(
        heading=_("ACTIVITY REPORT"),
        event_title=event.title,
        organiser=" · ".join(filter(None, [event.organising_unit, event.organiser])),
        when_where=" · ".join(filter(None, [date_range(start, end), event.venue, event.city])),
        sections=[
            (_("Background"), texts.background),
            (_("Legal basis"), texts.legal_basis),
            (_("Objectives"), texts.objectives),
        ],
        programme_heading=_("Programme"),
        programme_headers=[_("Time"), _("Session"), _("Speakers"), "JP"],
        programme=programme,
        attendance_heading=_("Attendance"),
        attendance_text=_(
            "%(people)d people registered; %(present)d checked in at least once.",
            people=len(people),
            present=len(present_ids & {p.id for p in people}),
        ),
        attendance_headers=[_("Time"), _("Session"), _("Present"), _("Of"), "%"],
        attendance=attendance,
        charts=charts,
        groups_heading=_("Results of the discussion groups"),
        groups=group_results(event),
        closing_heading=_("Closing"),
        closing=texts.closing_notes,
        photos_heading=_("Photos of the activity"),
        photos=photos,
        empty=_("(not filled in)"),
    )


def report_pdf(event: Event) -> bytes:
    return report_renderer.render(report_content(event))


# ---- RTL documents -----------------------------------------------------------------------------------


def rtl_headers() -> list[str]:
    """No, then the RTL columns of DESIGN.md §3 in order."""
    return [
        "No",
        _("Activity (kegiatan)"),
        _("Objective (tujuan)"),
        _("Target (sasaran)"),
        _("KLA indicator"),
        _("Timeline (waktu pelaksanaan)"),
        _("Location"),
        _("Responsible (penanggung jawab)"),
        _("Partners (mitra)"),
        _("Source of funds"),
        _("Budget"),
        _("Success indicator"),
        _("Notes (keterangan)"),
    ]


def _rtl_group(event: Event, group) -> rtl_renderer.RtlGroup:
    from workshop.groups import services as groups

    indicators = {i["number"]: i for i in groups.kla_indicators()}
    name_key = "indicator_en" if str(get_locale()) == "en" else "indicator_id"
    stored = groups.rtl_rows(group)
    rows = []
    for row in stored:
        indicator = indicators.get(row.kla_indicator)
        rows.append(
            [
                row.activity,
                row.objective,
                row.target,
                f"{row.kla_indicator}. {indicator[name_key]}" if indicator else "",
                row.timeline,
                row.location,
                row.responsible,
                row.partners,
                _("other") if row.funding_source == "lainnya" else row.funding_source,
                groups.format_rupiah(row.budget),
                row.success_indicator,
                row.notes,
            ]
        )
    total = sum(r.budget or 0 for r in stored)
    facilitators = [link.user.name for link in group.facilitator_links]
    members = groups.members_of(group)
    notes = groups.notes_of(group)
    cluster = groups.cluster_label(group.cluster)
    return rtl_renderer.RtlGroup(
        name=group.name if not cluster or cluster in group.name else f"{group.name} ({cluster})",
        facts=[
            (_("Facilitator"), ", ".join(facilitators) or "—"),
            (
                _("Members (%(n)d)", n=len(members)),
                ", ".join(
                    f"{m.full_name} ({m.institution_name})" if m.institution_name else m.full_name
                    for m in members
                )
                or "—",
            ),
            (_("Status"), str(groups.status_label(group.output_status))),
        ],
        notes=[
            (_("Issues found"), notes.issues if notes else ""),
            (_("Summary of the discussion"), notes.summary if notes else ""),
            (_("Agreements"), notes.agreements if notes else ""),
        ],
        rows=rows,
        total=groups.format_rupiah(total) or "Rp 0",
        signatures=[
            (_("Facilitator"), facilitators[0] if facilitators else ""),
            (_("Chair of the group"), ""),
        ],
    )


def rtl_document(event: Event, group=None) -> rtl_renderer.RtlDocument:
    """One group's RTL, or (``group`` None) the compiled document: a cover, one section per group
    in order, and a summary of rows and budget by source of funds."""
    from workshop.groups import services as groups
    from workshop.groups.models import RtlRow

    chosen = [group] if group is not None else groups.groups_of(event)
    document = rtl_renderer.RtlDocument(
        title=_("FOLLOW-UP ACTION PLAN (RTL)"),
        event_title=event.title,
        organiser=" · ".join(filter(None, [event.organising_unit, event.organiser])),
        when_where=" · ".join(
            filter(None, [date_range(event.starts_on, event.ends_on), event.venue, event.city])
        ),
        headers=rtl_headers(),
        total_label=_("Total"),
        empty_rows=_("No RTL rows yet."),
        empty_notes=_("(not filled in)"),
        groups=[_rtl_group(event, g) for g in chosen],
        cover=group is None,
        place_and_date=f"{event.city or ''}, {format_date(event.ends_on, 'd MMMM yyyy')}".lstrip(", "),
    )
    if group is None:
        rows = (
            db.session.execute(select(RtlRow).where(RtlRow.event_id == event.id, RtlRow.deleted_at.is_(None)))
            .scalars()
            .all()
        )
        sources = [s for s in groups.FUNDING_SOURCES if any(r.funding_source == s for r in rows)]
        if any(not r.funding_source and r.budget for r in rows):
            sources.append("")
        label = {"": _("not stated"), "lainnya": _("other")}
        document.summary_title = _("Summary")
        document.summary_headers = (
            [_("Group"), _("RTL rows")] + [label.get(s, s) for s in sources] + [_("Total")]
        )
        totals = [0] * (len(sources) + 1)
        count_all = 0
        for g in chosen:
            mine = [r for r in rows if r.group_id == g.id]
            amounts = [sum(r.budget or 0 for r in mine if r.funding_source == s) for s in sources]
            amounts.append(sum(r.budget or 0 for r in mine))
            totals = [a + b for a, b in zip(totals, amounts)]
            count_all += len(mine)
            document.summary.append([g.name, str(len(mine))] + [groups.format_rupiah(a) for a in amounts])
        document.summary.append([_("Total"), str(count_all)] + [groups.format_rupiah(a) for a in totals])
    return document


def rtl_pdf(event: Event, group=None) -> bytes:
    return rtl_renderer.render_pdf(rtl_document(event, group))


def rtl_docx(event: Event, group=None) -> bytes:
    return rtl_renderer.render_docx(rtl_document(event, group))


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
    )


# ---- the KLA evidence bundle ---------------------------------------------------------------------------


def slug_for_file(text: str, limit: int = 50) -> str:
    """'Pembukaan dan Arahan Kepala Bappeda' -> 'pembukaan-dan-arahan-kepala-bappeda' (ASCII, for file names)."""
    import re
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-") or "sesi"


class _LazyStream:
    """An iterator started on first use (so listing the parts renders nothing)."""

    def __init__(self, start):
        self._start, self._iterator = start, None

    def next(self):
        if self._iterator is None:
            self._iterator = self._start()
        return next(self._iterator)


def bundle_parts(event: Event, base_url: str) -> list[tuple[str, str, object]]:
    """What goes into the bundle: (path in the ZIP, description, a function making the bytes),
    in the order of the index. Each part is made only when written, so memory stays flat."""
    from workshop.certificates import services as certificates

    parts: list[tuple[str, str, object]] = [
        ("01-agenda/susunan-acara.pdf", _("Programme with speakers and JP"), lambda: agenda_pdf(event)),
    ]
    head = committee_head(event)
    for session in [s for s in agenda_for(event) if s.requires_checkin]:
        here = checkin_services.checked_in_for(session)
        day = event.local(session.starts_at).date().isoformat()
        for kind in LISTS:
            if not people_for(session, kind):
                continue
            name = f"02-daftar-hadir/daftar-hadir-{slug_for_file(session.title)}-{day}-{kind}.pdf"
            parts.append(
                (
                    name,
                    f"{list_title(kind).capitalize()}: {session.title} ({day})",
                    lambda s=session, k=kind, h=here: daftar_hadir_pdf(event, s, k, h, signatory=head),
                )
            )
    issued = [c for c in certificates.issued(event) if c.is_valid]
    if issued:
        # Rendered on every core, in order, when the first one is asked for (parts are written in
        # order, so each part takes the next PDF of the stream).
        stream = _LazyStream(lambda: certificates.render_many(event, issued, "id", base_url))
        for certificate in issued:
            parts.append(
                (
                    f"03-sertifikat/{certificates.file_name(certificate, 'id')}",
                    f"{_('Certificate')} {certificate.number}",
                    stream.next,
                )
            )
    parts += [
        ("04-rtl/rtl-semua-kelompok.pdf", _("RTL of all groups (PDF)"), lambda: rtl_pdf(event)),
        ("04-rtl/rtl-semua-kelompok.docx", _("RTL of all groups (.docx, editable)"), lambda: rtl_docx(event)),
        ("05-laporan-kegiatan/laporan-kegiatan.pdf", _("Activity report (PDF)"), lambda: report_pdf(event)),
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
    return parts


def write_bundle(event: Event, target, base_url: str, progress=None) -> list[str]:
    """The KLA evidence bundle (indicator 2, "Gugus Tugas KLA terlatih KHA") as one ZIP: the
    programme, every daftar hadir, the certificates, the RTL documents, the activity report with
    its photos, the attendance recap, and an index (00-daftar-isi.pdf). Returns the names."""
    import zipfile

    parts = bundle_parts(event, base_url)
    if progress is not None:
        progress.start(len(parts) + 1)
    index_rows = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for number, (name, description, make) in enumerate(parts, start=1):
            data = make()
            # PDFs, photos and Office files are compressed already: stored as they are.
            kind = (
                zipfile.ZIP_STORED
                if name.endswith((".pdf", ".jpg", ".xlsx", ".docx"))
                else zipfile.ZIP_DEFLATED
            )
            archive.writestr(name, data, compress_type=kind)
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
        )
        archive.writestr("00-daftar-isi.pdf", index, compress_type=zipfile.ZIP_STORED)
        if progress is not None:
            progress.advance()
    return ["00-daftar-isi.pdf"] + [name for name, _d, _m in parts]


def build_bundle_job(job, event_id: int, base_url: str) -> None:
    """The job behind the bundle button and `flask documents bundle` (see workshop.jobs)."""
    event = db.session.get(Event, event_id)
    path = job.result_file(f"bukti-kla-{event.slug}.zip")
    with path.open("wb") as target:
        write_bundle(event, target, base_url, progress=job)
