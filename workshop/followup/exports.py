"""Laporan monitoring RTL: per checkpoint, with the event's kop and the report's signature block, a
table per cluster (action, agency, target, status, realisation, evidence) and a summary per KLA
indicator. Registered as ``rtl-monitoring`` (PDF, DESIGN.md §5) and ``rtl-monitoring-docx``; also
contributed to the bundle and to the evidence of the RTL question of the KLA evaluation."""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass, field
from datetime import date
from html import escape as _esc

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from workshop.core import exporters
from workshop.core.db import utcnow
from workshop.core.docparts import Page, centred
from workshop.core.letterhead import Kop, add_kop_docx, fixed_widths, kop_flowable
from workshop.core.pdf import FONT, FONT_BOLD, register_fonts
from workshop.core.signing import Signing, add_signing_docx, signing_flowable
from workshop.core.tables import grid_table, plain_table
from workshop.documents import word
from workshop.documents.letterhead import kop_for
from workshop.documents.services import report_signing
from workshop.events.models import Event
from workshop.followup import evidence, monitoring, services
from workshop.followup.models import FollowupCheckpoint, Status
from workshop.groups.clusters import format_rupiah

PAGE = Page(left=15 * mm, right=15 * mm, top=15 * mm, bottom=15 * mm, landscape=True)
WIDTH = PAGE.width
ROW_WIDTHS = (4, 24, 15, 14, 15, 8, 11, 11, 14)  # relative widths of the cluster tables' columns
SUMMARY_WIDTHS = (40, 8, 8, 8, 8, 8, 8, 8)


@dataclass
class Section:
    title: str
    rows: list[list[str]]  # one per RTL row, as the table prints it
    total: list[str]


@dataclass
class MonitoringReport:
    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    headers: list[str]
    sections: list[Section]
    summary_title: str
    summary_headers: list[str]
    summary: list[list[str]]  # the last row is the total
    silent_title: str
    silent: list[str]
    kop: Kop | None
    signing: Signing | None
    empty: str = ""
    author: str = ""  # the organising body (the document's properties)
    notes: list[str] = field(default_factory=list)


def _status_text(report) -> str:
    labels = monitoring.status_labels()
    if report is None or report.reported_at is None:
        return _("Not reported")
    text = labels[report.status]
    if report.status == Status.CANCELLED.value and report.cancel_reason:
        text += f" ({report.cancel_reason})"
    if report.note:
        text += f"\n{_('Note')}: {report.note}"
    return text


def _tally_row(tally: monitoring.Tally) -> list[str]:
    return [
        tally.label,
        str(tally.rows),
        str(tally.reported),
        str(tally.done),
        str(tally.in_progress),
        str(tally.said_not_started),
        str(tally.cancelled),
        str(tally.late),
    ]


def report_data(event: Event, checkpoint: FollowupCheckpoint, today: date | None = None) -> MonitoringReport:
    today = today or utcnow().astimezone(event.tz).date()
    result = monitoring.monitoring(event, checkpoint, today)
    files = evidence.evidence_of([e.report.id for e in result.entries if e.report])
    sections: dict[str | None, Section] = {}
    tallies = {t.label: t for t in result.by_cluster}
    for entry in result.entries:
        line, report = entry.line, entry.report
        name = monitoring.cluster_name(line.group.cluster)
        section = sections.setdefault(line.group.cluster, Section(name, [], []))
        reported = report is not None and report.reported_at is not None
        section.rows.append(
            [
                str(len(section.rows) + 1),
                line.rtl.activity,
                line.agency.name,
                line.rtl.target,
                _status_text(report),
                f"{report.realisation_pct} %" if reported and report.realisation_pct is not None else "—",
                format_rupiah(line.rtl.budget) or "—",
                (format_rupiah(report.budget_realised) if reported else "") or "—",
                "\n".join(f.filename for f in files.get(report.id, [])) if report else "",
            ]
        )
    for code, section in sections.items():
        tally = tallies[monitoring.cluster_name(code)]
        section.total = [
            "",
            _("Total: %(n)d actions, %(done)d done", n=tally.rows, done=tally.done),
            "",
            "",
            _("%(n)d reported", n=tally.reported),
            "",
            format_rupiah(tally.budget) or "Rp 0",
            format_rupiah(tally.budget_realised) or "Rp 0",
            "",
        ]
    day = format_date(checkpoint.due_on, "d MMMM yyyy")
    signing = report_signing(event)
    signing = dataclasses.replace(
        signing,
        place_and_date=f"{event.place_name or event.city}, {format_date(today, 'd MMMM yyyy')}".lstrip(", "),
    )
    state = _("passed") if result.is_past else _("ahead")
    return MonitoringReport(
        title=_("RTL MONITORING REPORT"),
        subtitle=event.title,
        author=event.issuing_body,
        facts=[
            (_("Checkpoint"), f"{result.number} · {day} ({state})"),
            (_("Actions followed"), str(result.total.rows)),
            (
                _("Reported"),
                _(
                    "%(reported)d of %(n)d actions; done %(done)d, in progress %(progress)d, not started "
                    "%(not_started)d, cancelled %(cancelled)d, late %(late)d",
                    reported=result.total.reported,
                    n=result.total.rows,
                    done=result.total.done,
                    progress=result.total.in_progress,
                    not_started=result.total.said_not_started,
                    cancelled=result.total.cancelled,
                    late=result.total.late,
                ),
            ),
            (
                _("Budget planned / realised"),
                f"{format_rupiah(result.total.budget) or 'Rp 0'} / {format_rupiah(result.total.budget_realised) or 'Rp 0'}",
            ),
        ],
        headers=[
            "No",
            _("Activity (kegiatan)"),
            _("Agency responsible"),
            _("Target (sasaran)"),
            _("Status"),
            _("Realisation"),
            _("Budget"),
            _("Budget realised"),
            _("Evidence"),
        ],
        sections=list(sections.values()),
        summary_title=_("Summary per KLA indicator"),
        summary_headers=[
            _("KLA indicator"),
            _("Actions"),
            _("Reported"),
            _("Done"),
            _("In progress"),
            _("Not started"),
            _("Cancelled"),
            _("Late"),
        ],
        summary=[_tally_row(t) for t in result.by_indicator] + [_tally_row(result.total)],
        silent_title=_("Agencies that have not reported"),
        silent=[a.name for a in result.silent],
        kop=kop_for(event),
        signing=signing,
        empty=_("No adopted RTL rows are followed up."),
        notes=[_("Late: not done (nor cancelled) by a checkpoint that has passed.")]
        if result.is_past
        else [],
    )


# ---- PDF -----------------------------------------------------------------------------------------


def _styles():
    base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=14)
    return {
        "base": base,
        "title": centred("title", base, 14, 19, bold=True),
        "subtitle": centred("subtitle", base, 11, 15, spaceAfter=8),
        "section": ParagraphStyle(
            "section",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=11,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "head": ParagraphStyle("head", parent=base, fontName=FONT_BOLD, fontSize=8, leading=10),
    }


def _table(headers, rows, widths, styles, bold_last: bool) -> Table:
    total = sum(widths)
    col_widths = [w * WIDTH / total for w in widths]

    def para(text, style):
        return Paragraph(_esc(str(text)).replace("\n", "<br/>"), style)

    data = [[para(h, styles["head"]) for h in headers]]
    for i, row in enumerate(rows):
        style = styles["head"] if bold_last and i == len(rows) - 1 else styles["cell"]
        data.append([para(value, style) for value in row])
    return grid_table(data, col_widths, padding=3)


def render_pdf(data: MonitoringReport) -> bytes:
    register_fonts()
    styles = _styles()
    story = []
    if data.kop is not None:
        story.append(kop_flowable(data.kop, WIDTH))
    story += [
        Paragraph(_esc(data.title), styles["title"]),
        Paragraph(_esc(data.subtitle), styles["subtitle"]),
    ]
    facts = [[Paragraph(_esc(k), styles["head"]), Paragraph(_esc(v), styles["cell"])] for k, v in data.facts]
    story.append(plain_table(facts, [55 * mm, WIDTH - 55 * mm]))
    if not data.sections:
        story.append(Paragraph(_esc(data.empty), styles["base"]))
    for section in data.sections:
        story.append(Paragraph(_esc(section.title), styles["section"]))
        story.append(_table(data.headers, section.rows + [section.total], ROW_WIDTHS, styles, True))
    story.append(Paragraph(_esc(data.summary_title), styles["section"]))
    story.append(_table(data.summary_headers, data.summary, SUMMARY_WIDTHS, styles, True))
    for note in data.notes:
        story.append(Paragraph(_esc(note), styles["cell"]))
    story.append(Paragraph(_esc(data.silent_title), styles["section"]))
    story.append(Paragraph(_esc(", ".join(data.silent) or "—"), styles["base"]))
    story.append(Spacer(1, 4 * mm))
    if data.signing is not None:
        story.append(signing_flowable(data.signing, WIDTH, size=10))
    return PAGE.pdf(story, title=f"{data.title} – {data.subtitle}", author=data.author, subject=data.subtitle)


# ---- DOCX ----------------------------------------------------------------------------------------


def render_docx(data: MonitoringReport) -> bytes:
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    word.set_up(document, f"{data.title} · {data.subtitle}", data.author, data.subtitle, landscape=True)
    word.base_font(document, 10)
    section = document.sections[0]
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))  # a landscape table of nine columns needs the width
    if data.kop is not None:
        add_kop_docx(section, data.kop, first_page_only=True)

    def paragraph(text="", bold=False, size=None, centre=False):
        return word.add_text(document, text, bold, size, centre)

    def table(headers, rows, widths, bold_last):
        t = document.add_table(rows=1, cols=len(headers))
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, headers):
            cell.text = ""
            run = cell.paragraphs[0].add_run(word.clean(text))
            run.bold = True
            run.font.size = Pt(8)
        for i, row in enumerate(rows):
            cells = t.add_row().cells
            for cell, text in zip(cells, row):
                cell.text = ""
                run = cell.paragraphs[0].add_run(word.clean(str(text)))
                run.font.size = Pt(8)
                run.bold = bold_last and i == len(rows) - 1
        total = sum(widths)
        fixed_widths(t, [Mm(267 * w / total) for w in widths])

    paragraph(data.title, bold=True, size=14, centre=True)
    paragraph(data.subtitle, size=11, centre=True)
    for k, v in data.facts:
        p = document.add_paragraph()
        p.add_run(word.clean(f"{k}: ")).bold = True
        p.add_run(word.clean(v))
    if not data.sections:
        paragraph(data.empty)
    for part in data.sections:
        # keep the heading off the table above it
        paragraph(part.title, bold=True, size=11).paragraph_format.space_before = Pt(10)
        table(data.headers, part.rows + [part.total], ROW_WIDTHS, True)
    paragraph(data.summary_title, bold=True, size=11)
    table(data.summary_headers, data.summary, SUMMARY_WIDTHS, True)
    for note in data.notes:
        paragraph(note, size=8)
    paragraph(data.silent_title, bold=True, size=11)
    paragraph(", ".join(data.silent) or "—")
    if data.signing is not None:
        add_signing_docx(document, data.signing)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def report_pdf(event: Event, checkpoint: FollowupCheckpoint) -> bytes:
    return render_pdf(report_data(event, checkpoint))


def report_docx(event: Event, checkpoint: FollowupCheckpoint) -> bytes:
    return render_docx(report_data(event, checkpoint))


# ---- the registry ------------------------------------------------------------------------------


def reported_checkpoint(event: Event) -> FollowupCheckpoint | None:
    """The checkpoint the registry's report is about: the last one passed, else the first."""
    return services.latest_passed_checkpoint(
        services.checkpoints_of(event), utcnow().astimezone(event.tz).date()
    )


def _has_followup(event: Event) -> bool:
    return reported_checkpoint(event) is not None and bool(services.lines(event))


def _registry_make(render):
    def make(event: Event) -> bytes:
        checkpoint = reported_checkpoint(event)
        if checkpoint is None:
            raise LookupError("the event has no follow-up checkpoints")
        return render(report_data(event, checkpoint))

    return make


def _passed_checkpoints(event: Event) -> list[FollowupCheckpoint]:
    if not services.lines(event):
        return []
    today = utcnow().astimezone(event.tz).date()
    return [c for c in services.checkpoints_of(event) if c.due_on < today]


def bundle_files(event: Event, base_url: str) -> list[tuple[str, str, object]]:
    """Each passed checkpoint's monitoring report, PDF and .docx."""
    parts = []
    for checkpoint in _passed_checkpoints(event):
        day = checkpoint.due_on.isoformat()
        title = _("RTL monitoring report, checkpoint %(date)s", date=day)
        parts.append((f"04-rtl/monitoring-rtl-{day}.pdf", title, lambda c=checkpoint: report_pdf(event, c)))
        parts.append(
            (
                f"04-rtl/monitoring-rtl-{day}.docx",
                f"{title} (.docx)",
                lambda c=checkpoint: report_docx(event, c),
            )
        )
    return parts


def evidence_rtl(event: Event) -> list[tuple[str, object]]:
    """For the KLA evidence of the RTL question: what was done, per passed checkpoint."""
    return [
        (
            _("RTL monitoring report, checkpoint %(date)s", date=checkpoint.due_on.isoformat()),
            lambda c=checkpoint: report_pdf(event, c),
        )
        for checkpoint in _passed_checkpoints(event)
    ]


def register_exports() -> None:
    exporters.register_from_event(
        "followup",
        [
            (kind, label, extension, _registry_make(render), order, f"monitoring-rtl-{{slug}}.{extension}")
            for kind, label, extension, render, order in (
                ("rtl-monitoring", _l("RTL monitoring report (PDF)"), "pdf", render_pdf, 32),
                (
                    "rtl-monitoring-docx",
                    _l("RTL monitoring report (.docx, editable)"),
                    "docx",
                    render_docx,
                    33,
                ),
            )
        ],
        available=_has_followup,
    )
    exporters.contribute(exporters.BUNDLE_FILES, "followup", bundle_files)
    exporters.contribute(exporters.EVIDENCE_RTL, "followup", evidence_rtl)
    exporters.contribute(exporters.RETENTION_FROM, "followup", services.last_checkpoint_day)
