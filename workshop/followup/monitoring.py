"""What the organiser sees of a checkpoint: per cluster, per agency and per KLA indicator how many
rows were reported, done, late (not done by a checkpoint that has passed) and not started; the
agencies that have not answered, with a reminder ready to copy; and a chart (server-rendered SVG,
no script)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from workshop.events.models import Event
from workshop.followup import services
from workshop.followup.models import FollowupAgency, FollowupCheckpoint, FollowupReport, Status
from workshop.groups.clusters import cluster_label, clusters, kla_indicators

# Chart segments, in order: (key, colour).
SEGMENTS = (
    ("done", "#2e7d32"),
    ("in_progress", "#1e88e5"),
    ("not_started", "#f9a825"),
    ("cancelled", "#757575"),
    ("unreported", "#e0e0e0"),
)


def status_labels() -> dict[str, str]:
    return {
        Status.NOT_STARTED.value: _("Not started"),
        Status.IN_PROGRESS.value: _("In progress"),
        Status.DONE.value: _("Done"),
        Status.CANCELLED.value: _("Cancelled"),
    }


@dataclass
class Tally:
    label: str
    short: str = ""  # the chart's label ("Klaster I")
    rows: int = 0
    reported: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0  # said "belum dimulai", or said nothing
    cancelled: int = 0
    late: int = 0
    unreported: int = 0
    budget: int = 0
    budget_realised: int = 0

    def add(self, line: services.Line, report: FollowupReport | None, is_past: bool) -> None:
        self.rows += 1
        self.budget += line.rtl.budget or 0
        status = report.status if report is not None and report.reported_at is not None else None
        if status is None:
            self.unreported += 1
            self.not_started += 1
        else:
            self.reported += 1
            self.budget_realised += report.budget_realised or 0
            if status == Status.DONE.value:
                self.done += 1
            elif status == Status.IN_PROGRESS.value:
                self.in_progress += 1
            elif status == Status.CANCELLED.value:
                self.cancelled += 1
            else:
                self.not_started += 1
        if is_past and status not in (Status.DONE.value, Status.CANCELLED.value):
            self.late += 1

    @property
    def said_not_started(self) -> int:
        return self.not_started - self.unreported


@dataclass
class Entry:
    line: services.Line
    report: FollowupReport | None


@dataclass
class Monitoring:
    checkpoint: FollowupCheckpoint
    number: int
    is_past: bool
    entries: list[Entry]
    total: Tally
    by_cluster: list[Tally] = field(default_factory=list)
    by_agency: list[tuple[FollowupAgency, Tally]] = field(default_factory=list)
    by_indicator: list[Tally] = field(default_factory=list)
    silent: list[FollowupAgency] = field(default_factory=list)  # no row reported


def cluster_name(code: str | None) -> str:
    names = {c["code"]: c["name_id"] for c in clusters()}
    label = cluster_label(code) or _("Without a cluster")
    return f"{label} – {names[code]}" if code in names else label


def indicator_name(number: int | None) -> str:
    for indicator in kla_indicators():
        if indicator["number"] == number:
            return f"{number}. {indicator['indicator_id']}"
    return _("No KLA indicator")


def monitoring(event: Event, checkpoint: FollowupCheckpoint, today: date) -> Monitoring:
    checkpoints = services.checkpoints_of(event)
    number = next((i for i, c in enumerate(checkpoints, 1) if c.id == checkpoint.id), 1)
    is_past = checkpoint.due_on < today
    reports = services.reports_by_row(checkpoint)
    entries = [Entry(line, reports.get(line.row.id)) for line in services.lines(event)]
    result = Monitoring(checkpoint, number, is_past, entries, Tally(_("Total")))
    clusters_seen: dict[str | None, Tally] = {}
    agencies: dict[int, tuple[FollowupAgency, Tally]] = {}
    indicators: dict[int | None, Tally] = {}
    for entry in entries:
        line = entry.line
        result.total.add(line, entry.report, is_past)
        cluster = clusters_seen.setdefault(
            line.group.cluster,
            Tally(
                cluster_name(line.group.cluster), cluster_label(line.group.cluster) or _("Without a cluster")
            ),
        )
        cluster.add(line, entry.report, is_past)
        agencies.setdefault(line.agency.id, (line.agency, Tally(line.agency.name)))[1].add(
            line, entry.report, is_past
        )
        indicator = indicators.setdefault(
            line.rtl.kla_indicator, Tally(indicator_name(line.rtl.kla_indicator))
        )
        indicator.add(line, entry.report, is_past)
    result.by_cluster = list(clusters_seen.values())
    result.by_agency = sorted(agencies.values(), key=lambda pair: pair[0].name.lower())
    result.by_indicator = [indicators[k] for k in sorted(indicators, key=lambda k: (k is None, k or 0))]
    result.silent = [agency for agency, tally in result.by_agency if tally.reported == 0]
    return result


def reminder_text(event: Event, checkpoint: FollowupCheckpoint, agency: FollowupAgency) -> str:
    """For an agency that has not answered: sent to the agency, so always in Indonesian."""
    from flask_babel import format_date

    with force_locale("id"):
        return _(
            "Dear focal person of %(agency)s,\nthe follow-up report on the RTL actions of %(event)s is due "
            "on %(date)s. Please open the link you received from us and fill in the status of each "
            "action (a new link can be asked from the committee).\nThank you.",
            agency=agency.name,
            event=event.title,
            date=format_date(checkpoint.due_on, "d MMMM yyyy"),
        )


def chart_svg(result: Monitoring) -> Markup:
    """A stacked bar per cluster (done, in progress, not started, cancelled, not reported) and a
    legend; its text is escaped, its size follows the page (viewBox)."""
    labels = {
        "done": _("Done"),
        "in_progress": _("In progress"),
        "not_started": _("Not started"),
        "cancelled": _("Cancelled"),
        "unreported": _("Not reported"),
    }
    bars = result.by_cluster
    width, label_width, bar_height, gap = 480, 90, 22, 10
    top = 10
    legend_y = top + len(bars) * (bar_height + gap) + 8
    height = legend_y + 26
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="followup-chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(_("Rows per cluster by status"))}">'
    ]
    for i, tally in enumerate(bars):
        y = top + i * (bar_height + gap)
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="12" fill="#222">{escape((tally.short or tally.label)[:16])}</text>'
        )
        x = float(label_width)
        span = width - label_width - 40
        for key, colour in SEGMENTS:
            count = tally.said_not_started if key == "not_started" else getattr(tally, key)
            if not count or not tally.rows:
                continue
            w = span * count / tally.rows
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{colour}">'
                f"<title>{escape(labels[key])}: {count}</title></rect>"
            )
            if w >= 16:
                text_fill = "#222" if key in ("unreported", "not_started") else "#fff"
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 15}" font-size="11" text-anchor="middle" '
                    f'fill="{text_fill}">{count}</text>'
                )
            x += w
        parts.append(
            f'<text x="{width - 4}" y="{y + 15}" font-size="11" text-anchor="end" fill="#222">{tally.rows}</text>'
        )
    x = 0.0
    for key, colour in SEGMENTS:
        parts.append(f'<rect x="{x:.0f}" y="{legend_y}" width="12" height="12" fill="{colour}"/>')
        parts.append(
            f'<text x="{x + 16:.0f}" y="{legend_y + 11}" font-size="11" fill="#222">{escape(labels[key])}</text>'
        )
        x += 16 + 6 * len(str(labels[key])) + 10
    parts.append("</svg>")
    return Markup("".join(parts))
