"""The groups module's documents, registered in the exporter registry (workshop/core/exporters.py):
the RTL of all groups (PDF and .docx), each group's RTL (the group pages), the groups' results
for the activity report and the adopted RTL for the KLA evidence. The renderers are in
workshop/documents/rtl.py (pure: texts in, bytes out); what goes on the page is read here."""

from __future__ import annotations

from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from workshop.core import exporters
from workshop.core.i18n import date_range
from workshop.documents import report as report_renderer
from workshop.documents import rtl as rtl_renderer
from workshop.documents.letterhead import kop_for
from workshop.events.models import Event
from workshop.extensions import db
from workshop.groups import services as groups
from workshop.groups.models import Group, RtlRow


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


def place_and_date(event: Event, day) -> str:
    place = getattr(event, "place_name", "") or event.city or ""
    return f"{place}, {format_date(day, 'd MMMM yyyy')}".lstrip(", ")


def _adoption_page(event: Event, group: Group, facilitators: list[str]) -> rtl_renderer.Adoption | None:
    if group.adopted_at is None:
        return None
    day = event.local(group.adopted_at).date()
    return rtl_renderer.Adoption(
        title=_("ADOPTION PAGE"),
        text=_(
            "The follow-up action plan (RTL) of %(group)s, drawn up in the %(event)s, was discussed "
            "and adopted in the plenary session on %(date)s.",
            group=group.name,
            event=event.title,
            date=format_date(day, "EEEE, d MMMM yyyy"),
        ),
        place_and_date=place_and_date(event, day),
        left=(_("Facilitator"), ", ".join(facilitators)),
        right=(_("Chair of the group"), group.chair_name),
    )


def _rtl_group(event: Event, group: Group) -> rtl_renderer.RtlGroup:
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
    if group.adopted_at is not None:
        status = _(
            "Adopted in the plenary on %(date)s",
            date=format_date(event.local(group.adopted_at).date(), "d MMMM yyyy"),
        )
    else:
        status = str(groups.status_label(group.output_status))
    facts = [
        (_("Facilitator"), ", ".join(facilitators) or "—"),
        (
            _("Members (%(n)d)", n=len(members)),
            ", ".join(
                f"{m.full_name} ({m.institution_name})" if m.institution_name else m.full_name
                for m in members
            )
            or "—",
        ),
    ]
    if group.chair_name:
        facts.append((_("Chair of the group"), group.chair_name))
    facts.append((_("Status"), status))
    return rtl_renderer.RtlGroup(
        name=group.name if not cluster or cluster in group.name else f"{group.name} ({cluster})",
        facts=facts,
        notes=[
            (_("Issues found"), notes.issues if notes else ""),
            (_("Summary of the discussion"), notes.summary if notes else ""),
            (_("Agreements"), notes.agreements if notes else ""),
        ],
        rows=rows,
        total=groups.format_rupiah(total) or "Rp 0",
        signatures=[
            (_("Facilitator"), facilitators[0] if facilitators else ""),
            (_("Chair of the group"), group.chair_name),
        ],
        adopted=group.adopted_at is not None,
        adoption=_adoption_page(event, group, facilitators),
    )


def rtl_document(event: Event, group: Group | None = None) -> rtl_renderer.RtlDocument:
    """One group's RTL, or (``group`` None) the compiled document: a cover, one section per group
    in order, and a summary of rows and budget by source of funds."""
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
        place_and_date=place_and_date(event, event.ends_on),
        author=getattr(event, "issuing_body", "") or event.organising_unit or event.organiser or "",
        kop=kop_for(event),
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


def rtl_pdf(event: Event, group: Group | None = None) -> bytes:
    return rtl_renderer.render_pdf(rtl_document(event, group))


def rtl_docx(event: Event, group: Group | None = None) -> bytes:
    return rtl_renderer.render_docx(rtl_document(event, group))


# ---- contributions to documents assembled elsewhere -------------------------------------------------


def group_results(event: Event) -> list[report_renderer.GroupResult]:
    """For the activity report (BAB III): each group's facilitator, members, status, its RTL rows
    and total budget, and the activities it plans (the full tables are in the RTL document)."""
    results = []
    for group in rtl_document(event).groups:
        (facilitator, names), (members, _names), *_rest = group.facts
        status = group.facts[-1]
        results.append(
            report_renderer.GroupResult(
                name=group.name,
                lines=[
                    f"{facilitator}: {names}",
                    members,
                    f"{status[0]}: {status[1]}",
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


def adopted_rtl_pdfs(event: Event) -> list[tuple[str, object]]:
    """For the KLA evidence (the RTL question): each adopted group's name and a function making
    its RTL with the adoption page (made only when the evidence file is)."""
    return [
        (g.name, lambda g=g: rtl_pdf(event, g)) for g in groups.groups_of(event) if g.adopted_at is not None
    ]


def register_exports() -> None:
    exporters.register_from_event(
        "groups",
        [
            ("rtl", _l("RTL of all groups (PDF)"), "pdf", rtl_pdf, 30, "rtl-{slug}.pdf"),
            ("rtl-docx", _l("RTL of all groups (.docx, editable)"), "docx", rtl_docx, 31, "rtl-{slug}.docx"),
        ],
    )
    exporters.contribute(exporters.REPORT_GROUPS, "groups", group_results)
    exporters.contribute(exporters.EVIDENCE_RTL, "groups", adopted_rtl_pdfs)
