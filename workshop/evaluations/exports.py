"""The evaluations module's documents, through the exporter registry (workshop/core/exporters.py):
the results as .xlsx (kind "evaluations"), its part of the activity report's BAB III (with
charts), its file in the evidence bundle, and the post-test requirement of certificates."""

from __future__ import annotations

import io

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Font

from workshop.attendees.models import Attendee
from workshop.core import exporters
from workshop.core.text import escape_formula
from workshop.documents import poster as poster_renderer
from workshop.evaluations import services
from workshop.evaluations.models import Kind
from workshop.extensions import db


def _number(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}".replace(".", ",")


def _percent(value: float | None, maximum: int) -> float | None:
    return None if value is None or not maximum else 100 * value / maximum


def _cell(value):
    return escape_formula(value) if isinstance(value, str) else value


def _sheet(book, title: str, headers: list[str], rows: list[list]) -> None:
    sheet = book.create_sheet(title[:31])
    sheet.append([_cell(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for index, header in enumerate(headers):
        letter = sheet.cell(row=1, column=index + 1).column_letter
        sheet.column_dimensions[letter].width = max(10, min(60, len(str(header)) + 4))


def results_xlsx(event, base_url: str = "") -> bytes:
    summary = services.test_results(event)
    people = {
        a.id: a
        for a in db.session.execute(db.select(Attendee).where(Attendee.event_id == event.id)).scalars()
    }
    pre = services.scores(services.test_of(event, Kind.PRETEST.value))
    post = services.scores(services.test_of(event, Kind.POSTTEST.value))
    book = Workbook()
    book.remove(book.active)
    _sheet(
        book,
        _("Summary"),
        [_("Figure"), _("Value")],
        [
            [_("Questions"), summary.maximum],
            [_("Pre-test: participants"), summary.pre.count],
            [_("Pre-test: mean score"), _number(summary.pre.mean)],
            [_("Post-test: participants"), summary.post.count],
            [_("Post-test: mean score"), _number(summary.post.mean)],
            [_("Took both tests"), summary.paired],
            [_("Class normalised gain"), _number(summary.class_gain, 3)],
            [_("Mean of the individual gains"), _number(summary.mean_individual_gain, 3)],
            [_("Improved"), summary.improved],
            [_("Same"), summary.same],
            [_("Lower"), summary.declined],
            [_("Left out of the gains (pre-test already at the maximum)"), summary.excluded],
        ],
    )
    rows = []
    for n, person_id in enumerate(
        sorted(set(pre) | set(post), key=lambda i: people[i].full_name.casefold() if i in people else ""),
        start=1,
    ):
        person = people.get(person_id)
        gain = summary.gains.get(person_id)
        rows.append(
            [
                n,
                person.full_name if person else "—",
                person.institution_name if person else "",
                pre.get(person_id, "—"),
                post.get(person_id, "—"),
                "—" if gain is None else round(gain, 3),
            ]
        )
    _sheet(
        book, _("Tests"), ["No", _("Name"), _("Institution"), _("Pre-test"), _("Post-test"), _("Gain")], rows
    )
    _sheet(
        book,
        _("Per question"),
        ["No", _("Question"), _("Pre-test correct (percent)"), _("Post-test correct (percent)")],
        [
            [n, row["text"], row["pretest"], row["posttest"]]
            for n, row in enumerate(services.question_results(event), start=1)
        ],
    )
    form_rows, comment_rows = [], []
    for result in services.form_results(event):
        for item in result.items:
            form_rows.append(
                [
                    result.title,
                    result.speakers,
                    services.question_text(item.question),
                    item.count,
                    _number(item.mean),
                    *item.distribution,
                ]
            )
        comment_rows += [[result.title, comment] for comment in result.comments]
    _sheet(
        book,
        _("Evaluations"),
        [_("Evaluation"), _("Speakers"), _("Question"), "n", _("Mean"), "1", "2", "3", "4", "5"],
        form_rows,
    )
    _sheet(book, _("Comments"), [_("Evaluation"), _("Comment")], comment_rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_sections(event) -> list[tuple]:
    """BAB III: the tests (with the pre/post chart), the speakers (with their comparison) and the
    organisation."""
    if not services.evaluations_of(event):
        return []
    summary = services.test_results(event)
    sections = []
    if summary.pre.count or summary.post.count:
        gain = _number(summary.class_gain, 2)
        text = _(
            "%(pre)d participants took the pre-test and %(post)d the post-test (%(max)d questions). "
            "The mean score rose from %(pre_mean)s to %(post_mean)s; the class's normalised gain is "
            "%(gain)s. %(improved)d of the %(paired)d participants who took both tests improved, "
            "%(same)d kept their score and %(declined)d scored lower.",
            pre=summary.pre.count,
            post=summary.post.count,
            max=summary.maximum,
            pre_mean=_number(summary.pre.mean),
            post_mean=_number(summary.post.mean),
            gain=gain,
            improved=summary.improved,
            paired=summary.paired,
            same=summary.same,
            declined=summary.declined,
        )
        rows = [
            [
                _("Pre-test"),
                str(summary.pre.count),
                _number(summary.pre.mean),
                _number(_percent(summary.pre.mean, summary.maximum), 0),
            ],
            [
                _("Post-test"),
                str(summary.post.count),
                _number(summary.post.mean),
                _number(_percent(summary.post.mean, summary.maximum), 0),
            ],
        ]
        chart = (
            _("Mean score (percentage of the maximum)"),
            [
                (_("Pre-test"), _percent(summary.pre.mean, summary.maximum) or 0),
                (_("Post-test"), _percent(summary.post.mean, summary.maximum) or 0),
            ],
            "%",
        )
        sections.append(
            (
                _("Pre-test and post-test"),
                text,
                [_("Test"), _("Participants"), _("Mean score"), "%"],
                rows,
                chart,
            )
        )
    results = services.form_results(event)
    sessions = [r for r in results if r.evaluation.kind == Kind.SESSION.value and r.responses]
    if sessions:
        rows = [
            [r.evaluation.agenda_session.title, r.speakers, str(r.responses), _number(r.mean)]
            for r in sessions
        ]
        chart = (
            _("Mean rating per session (1–5)"),
            [(label, value or 0) for label, value in (r.comparison_row for r in sessions)],
            "",
            2,
            5,
        )
        sections.append(
            (
                _("Evaluation of the speakers"),
                _(
                    "Participants rated each speaker's mastery of the material, delivery, use of time and "
                    "answers to questions from 1 (very poor) to 5 (very good)."
                ),
                [_("Session"), _("Speakers"), _("Responses"), _("Mean")],
                rows,
                chart,
            )
        )
    organisation = [r for r in results if r.evaluation.kind == Kind.ORGANISATION.value and r.responses]
    for result in organisation:
        rows = [[services.question_text(i.question), str(i.count), _number(i.mean)] for i in result.items]
        text = _(
            "%(n)d participants evaluated the organisation (1 very poor to 5 very good).", n=result.responses
        )
        suggestions = list(dict.fromkeys(c.strip().rstrip(".;") for c in result.comments if c.strip()))
        if suggestions:
            text += "\n\n" + _("Suggestions: %(list)s", list="; ".join(suggestions[:10]) + ".")
        chart = (
            _("Evaluation of the organisation (1–5)"),
            [(r[0], i.mean or 0) for r, i in zip(rows, result.items, strict=True)],
            "",
            2,
            5,
        )
        sections.append(
            (_("Evaluation of the organisation"), text, [_("Aspect"), _("Responses"), _("Mean")], rows, chart)
        )
    return sections


def bundle_files(event, base_url: str) -> list[tuple]:
    if not services.evaluations_of(event):
        return []
    return [
        (
            "06-evaluasi/hasil-evaluasi.xlsx",
            _("Results of the evaluations (.xlsx)"),
            lambda: results_xlsx(event),
        )
    ]


def evaluate_url(event, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/e/{event.slug}/evaluate"


def poster_pdf(event, base_url: str) -> bytes:
    """The "scan to evaluate" poster (like self check-in's): its QR opens the phone's ticket with
    the evaluations open now. In Indonesian, one line in English."""

    def steps() -> list[str]:
        return [
            _("Open your ticket link (from WhatsApp or e-mail) on your phone once."),
            _("Scan this code with your phone's camera."),
            _("Answer the pre-test, the post-test and the evaluations open now, then tap Send."),
        ]

    with force_locale("id"):
        id_steps = steps()
        heading = _("SCAN TO EVALUATE")
        help_text = _("Anonymous evaluations: the committee does not see who answered what.")
        subtitle = _("Pre-test, post-test and evaluations")
    with force_locale("en"):
        english = " ".join(steps())
    return poster_renderer.render(
        poster_renderer.Poster(
            heading=heading,
            event_title=event.title,
            session_title=subtitle,
            when="",
            url=evaluate_url(event, base_url),
            steps=id_steps,
            help_text=help_text,
            second_language="English: " + english,
            author=event.issuing_body,
        )
    )


def register_exports() -> None:
    exporters.register(
        "evaluations",
        _l("Results of the evaluations"),
        "xlsx",
        results_xlsx,
        owner="evaluations",
        order=70,
        file_name="hasil-evaluasi-{slug}.xlsx",
        description=_l(
            "Pre-test and post-test with the gain, speaker and organisation evaluations, comments"
        ),
    )
    exporters.register(
        "evaluations-poster",
        _l("Poster: scan to evaluate"),
        "pdf",
        poster_pdf,
        owner="evaluations",
        order=71,
        file_name="poster-evaluasi-{slug}.pdf",
    )
    exporters.contribute(exporters.REPORT_EVALUATIONS, "evaluations", report_sections)
    exporters.contribute(exporters.BUNDLE_FILES, "evaluations", bundle_files)
    exporters.contribute(exporters.CERTIFICATE_REQUIREMENTS, "evaluations", services.certificate_requirements)
