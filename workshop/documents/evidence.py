"""KLA evidence per question: the KLA evaluation app takes one uploaded file per question, so for
each question the event serves this makes one merged PDF ready to upload, with bookmarks:

1. a cover naming the question and the event, with the contents and their pages;
2. the list of trained members (name, OPD, jabatan, certificate number);
3. the participants' certificates (committee and speakers' certificates stand apart: they are not
   evidence of trained staff and are not in these files);
4. the daftar hadir of every session and 5. the programme (susunan acara);
6. for the RTL question (and a question that asks for a rencana tindak lanjut), the adopted RTL of
   every group.

Which questions: reference/kla_training_questions.csv lists the 14 KLA 2024 questions that ask
whether staff of given agencies were trained in the KHA. "Gugus Tugas KLA sudah terlatih KHA"
(indicator 2) is served by every trained participant (the task force is all of them); every other
question by the trained participants whose institution is one of its agencies (``opd_terkait``,
short names resolved through reference/opd_clusters.csv to canonical institution names).

The parts come from their owners through the exporter registry (certificates from the certificates
module, adopted RTL from the groups module); they are merged with pypdf, never hand-written PDF."""

from __future__ import annotations

import csv
import io
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from workshop.attendees.reference import fold, institution_key, known_institutions
from workshop.core import exporters
from workshop.core.i18n import date_range
from workshop.core.pdf import FONT, FONT_BOLD, build_pdf, register_fonts
from workshop.core.pdf import escape as _esc

REFERENCE = Path(__file__).resolve().parent.parent / "reference" / "kla_training_questions.csv"
TASK_FORCE = "2-2"  # Kelembagaan, indicator 2, question 2: "Apakah Gugus Tugas KLA sudah terlatih KHA?"
RTL = "rtl"


@dataclass(frozen=True)
class Question:
    key: str  # "2-2", "15-4", "21a-8"
    cluster: str  # "Kelembagaan", "Klaster III"
    indicator: str  # "15", "21 A"
    indicator_name: str
    number: str  # the question's number within its indicator
    text: str
    attachments: str  # what it asks to attach
    agencies: tuple[str, ...]  # short names as in the CSV: "Dinkes", "UPTD PPA"
    institution_keys: frozenset[str]  # folded canonical names of those agencies

    @property
    def kind(self) -> str:
        return "evidence-trained" if self.key == TASK_FORCE else f"evidence-kla-{self.key}"

    @property
    def asks_for_rtl(self) -> bool:
        return "rencana tindak lanjut" in fold(self.attachments + " " + self.text)

    @property
    def file_name(self) -> str:
        return f"bukti-kla-indikator-{self.key}.pdf"


def _cluster_name(text: str) -> str:
    """'Klaster Iii' (as in the source) -> 'Klaster III'."""
    words = text.split()
    if len(words) == 2 and words[0].lower() == "klaster":
        return f"Klaster {words[1].upper()}"
    return text


def resolve_agency(short: str) -> str | None:
    """A short name of the CSV ("Dinkes", "Kejaksaan", "UPPA Polres") -> the canonical
    institution of opd_clusters.csv, or None."""
    known = known_institutions()
    key = institution_key(short)
    if key in known:
        return known[key].name
    for spelling, institution in known.items():
        if spelling.startswith(key + " "):
            return institution.name
    for word in key.split():
        if word in known:
            return known[word].name
    return None


@lru_cache(maxsize=1)
def questions() -> tuple[Question, ...]:
    result = []
    with REFERENCE.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            agencies = tuple(a.strip() for a in row["opd_terkait"].split(";") if a.strip())
            names = {resolve_agency(a) for a in agencies} - {None}
            key = f"{re.sub(r'[^a-z0-9]', '', row['indikator'].lower())}-{row['pertanyaan'].strip()}"
            result.append(
                Question(
                    key=key,
                    cluster=_cluster_name(row["klaster"].strip()),
                    indicator=row["indikator"].strip(),
                    indicator_name=row["nama_indikator"].strip(),
                    number=row["pertanyaan"].strip(),
                    text=row["teks"].strip(),
                    attachments=row["lampiran"].strip(),
                    agencies=agencies,
                    institution_keys=frozenset(institution_key(n) for n in names),
                )
            )
    return tuple(result)


def question(key: str) -> Question | None:
    return next((q for q in questions() if q.key == key), None)


# ---- who was trained ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainedCertificate:
    """A valid certificate of the event (from the certificates module, through the registry)."""

    attendee: object  # the Attendee
    number: str
    make: object  # () -> PDF bytes
    title: str  # bookmark: "Siti Aminah, S.Sos. (123/BAPPEDA/2026)"


def certificates(event, base_url: str) -> list[TrainedCertificate]:
    found: list[TrainedCertificate] = []
    for contribute in exporters.contributions(exporters.EVIDENCE_CERTIFICATES):
        found += contribute(event, base_url)
    return found


def trained_participants(event, base_url: str) -> list[TrainedCertificate]:
    """Participants (not speakers, moderators, facilitators or committee) with a valid certificate."""
    return [c for c in certificates(event, base_url) if c.attendee.role == "peserta"]


def _institution_key(attendee) -> str:
    if attendee.institution is not None:
        return attendee.institution.key
    return institution_key(attendee.institution_name)


def trained_for(q: Question, trained: list[TrainedCertificate]) -> list[TrainedCertificate]:
    if q.key == TASK_FORCE:
        return list(trained)
    return [c for c in trained if _institution_key(c.attendee) in q.institution_keys]


def served(event, base_url: str = "") -> list[Question]:
    """The questions this event gives evidence for: those with at least one trained person."""
    trained = trained_participants(event, base_url)
    return [q for q in questions() if trained_for(q, trained)]


def adopted_rtl(event) -> list[tuple[str, object]]:
    """(group name, make PDF) of every adopted group's RTL, from the groups module."""
    return [
        item for contribute in exporters.contributions(exporters.EVIDENCE_RTL) for item in contribute(event)
    ]


def has_adopted_rtl(event) -> bool:
    return bool(adopted_rtl(event))


def serves(event, key: str) -> bool:
    q = question(key)
    return q is not None and bool(trained_for(q, trained_participants(event, "")))


# ---- reuse within one bundle ---------------------------------------------------------------------------

_reuse: ContextVar[dict | None] = ContextVar("evidence_reuse", default=None)


@contextmanager
def reuse():
    """Within this block, the parts every question shares (daftar hadir, programme, adopted RTL,
    certificates) are made once: the bundle writes up to 15 evidence files from the same parts."""
    token = _reuse.set({})
    try:
        yield
    finally:
        _reuse.reset(token)


def once(key, make):
    cache = _reuse.get()
    if cache is None:
        return make()
    if key not in cache:
        cache[key] = make()
    return cache[key]


# ---- the merged PDF -----------------------------------------------------------------------------------


@dataclass
class Part:
    title: str  # bookmark
    pdf: bytes | None = None  # one document …
    children: list[tuple[str, bytes]] | None = None  # … or several, each with its own bookmark


def _pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def _cover(event, heading: str, facts: list[tuple[str, str]], contents: list[tuple[str, str]], kop) -> bytes:
    from workshop.core.letterhead import kop_flowable

    register_fonts()
    width = A4[0] - 50 * mm
    base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=13.5)
    bold = ParagraphStyle("bold", parent=base, fontName=FONT_BOLD)
    title = ParagraphStyle("title", parent=bold, fontSize=15, leading=20, alignment=TA_CENTER)
    story = [kop_flowable(kop, width)] if kop is not None else []
    story += [Spacer(0, 6 * mm), Paragraph(_esc(heading), title), Spacer(0, 8 * mm)]
    table = Table(
        [[Paragraph(_esc(k), bold), Paragraph(_esc(v).replace("\n", "<br/>"), base)] for k, v in facts],
        colWidths=[42 * mm, width - 42 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.lightgrey),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    story += [table, Spacer(0, 8 * mm), Paragraph(_esc(_("Contents of this file")), bold), Spacer(0, 2 * mm)]
    listing = Table(
        [[Paragraph(_esc(name), base), Paragraph(_esc(pages), base)] for name, pages in contents],
        colWidths=[width - 35 * mm, 35 * mm],
    )
    listing.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(listing)
    return build_pdf(
        story,
        pagesize=A4,
        margins=(25 * mm, 25 * mm, 18 * mm, 18 * mm),
        title=heading,
        author=getattr(event, "issuing_body", "") or event.organiser,
    )


def merge(cover_for, parts: list[Part], title: str, author: str) -> bytes:
    """The cover (made by ``cover_for(contents)`` once the parts' pages are known; None: no cover)
    and the parts, merged with pypdf; one bookmark per part, one child bookmark per document of a
    part."""
    from pypdf import PdfReader, PdfWriter

    sizes = []
    for part in parts:
        documents = [(part.title, part.pdf)] if part.pdf is not None else list(part.children or [])
        sizes.append([(name, data, _pages(data)) for name, data in documents])

    def contents(cover_pages: int) -> list[tuple[str, str]]:
        rows, page = [], cover_pages + 1
        for part, documents in zip(parts, sizes):
            count = sum(n for _name, _data, n in documents)
            if count:
                rows.append(
                    (
                        part.title,
                        _("pages %(a)d–%(b)d", a=page, b=page + count - 1)
                        if count > 1
                        else _("page %(a)d", a=page),
                    )
                )
            page += count
        return rows

    writer = PdfWriter()
    if cover_for is not None:
        cover = cover_for(contents(1))
        if _pages(cover) != 1:
            cover = cover_for(contents(_pages(cover)))
        writer.append(PdfReader(io.BytesIO(cover)), import_outline=False)
        writer.add_outline_item(title=_("Cover"), page_number=0)
    for part, documents in zip(parts, sizes):
        if not documents:
            continue
        starts = []
        for _name, data, _count in documents:
            starts.append(len(writer.pages))
            writer.append(PdfReader(io.BytesIO(data)), import_outline=False)
        # Bookmarks point at pages that exist: added once the part's pages are in.
        parent = writer.add_outline_item(title=part.title, page_number=starts[0])
        if part.pdf is None:
            for (name, _data, _count), first in zip(documents, starts):
                writer.add_outline_item(title=name, page_number=first, parent=parent)
    # The parts embed the same fonts and kop logo: keep one copy of each identical object.
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    writer.add_metadata({"/Title": title, "/Author": author, "/Creator": "Bintek"})
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _common_parts(event) -> tuple[Part, Part]:
    from workshop.documents import services

    attendance = []
    head = services.committee_head(event)
    for session, checked_in in services.sessions_with_checkin(event):
        if services.people_for(session, "peserta"):
            day = event.local(session.starts_at)
            attendance.append(
                (
                    f"{day:%d/%m/%Y %H:%M} {session.title}",
                    services.shared_daftar_hadir(event, session, "peserta", checked_in, head),
                )
            )
    return (
        Part(_("Attendance lists of participants (daftar hadir)"), children=attendance),
        Part(_("Programme (susunan acara)"), pdf=services.agenda_pdf(event)),
    )


def _trained_list(event, q_title: str, trained: list[TrainedCertificate]) -> bytes:
    from workshop.documents import listing

    rows = [
        [
            str(n),
            c.attendee.full_name,
            c.attendee.institution_name,
            c.attendee.position,
            c.number,
        ]
        for n, c in enumerate(
            sorted(
                trained,
                key=lambda c: (c.attendee.institution_name.casefold(), c.attendee.full_name.casefold()),
            ),
            start=1,
        )
    ]
    return listing.render_table(
        _("LIST OF MEMBERS TRAINED IN THE CONVENTION ON THE RIGHTS OF THE CHILD"),
        [event.title, q_title, date_range(event.starts_on, event.ends_on)],
        ["No", _("Name"), _("Institution (OPD)"), _("Position"), _("Certificate number")],
        rows,
        [9, 46, 46, 40, 39],
        author=getattr(event, "issuing_body", "") or event.organiser,
        subject=event.title,
    )


def _facts(event) -> list[tuple[str, str]]:
    return [
        (_("Activity"), event.title),
        (_("Date"), date_range(event.starts_on, event.ends_on)),
        (_("Place"), ", ".join(filter(None, [event.venue, event.city]))),
        (_("Organised by"), getattr(event, "issuing_body", "") or event.organiser),
    ]


@dataclass
class Evidence:
    """What one question's file is made of, before merging (tests count the parts' pages)."""

    cover_for: object  # contents -> cover PDF bytes
    parts: list[Part]
    title: str
    author: str

    def pdf(self) -> bytes:
        return merge(self.cover_for, self.parts, self.title, self.author)


def question_pdf(event, key: str, base_url: str) -> bytes:
    """The merged evidence PDF of one question (``key`` as in ``questions()``, or ``RTL``)."""
    return question_evidence(event, key, base_url).pdf()


def question_evidence(event, key: str, base_url: str) -> Evidence:
    from workshop.documents.letterhead import kop_for

    kop = kop_for(event)
    author = getattr(event, "issuing_body", "") or event.organiser
    attendance, agenda = once(("common", event.id), lambda: _common_parts(event))
    rtl = once(("rtl", event.id), lambda: [(name, make()) for name, make in adopted_rtl(event)])
    if key == RTL:
        heading = _("KLA EVALUATION EVIDENCE: FOLLOW-UP ACTION PLAN")
        facts = [
            (_("Indicator"), "2. Penguatan Kelembagaan Kabupaten/Kota Layak Anak (KLA)"),
            (
                _("Evidence"),
                _(
                    "Follow-up action plans (RTL) drawn up by the groups of the KHA training and adopted in the plenary, with their adoption pages."
                ),
            ),
        ] + _facts(event)
        parts = [Part(_("Adopted follow-up action plans (RTL)"), children=rtl), attendance, agenda]
        return Evidence(lambda contents: _cover(event, heading, facts, contents, kop), parts, heading, author)
    q = question(key)
    if q is None:
        raise KeyError(key)
    trained = trained_for(q, trained_participants(event, base_url))
    heading = _("KLA EVALUATION EVIDENCE")
    facts = [
        (_("Cluster"), q.cluster),
        (_("Indicator"), f"{q.indicator}. {q.indicator_name}"),
        (_("Question %(n)s", n=q.number), q.text),
        (_("Asked to attach"), q.attachments or "—"),
        (_("Trained people"), str(len(trained))),
    ] + _facts(event)
    parts = [
        Part(_("List of trained members"), pdf=_trained_list(event, q.text, trained)),
        Part(
            _("Participants' certificates"),
            children=[(c.title, once(("certificate", c.number), c.make)) for c in trained],
        ),
        attendance,
        agenda,
    ]
    if q.asks_for_rtl:
        parts.append(Part(_("Adopted follow-up action plans (RTL)"), children=rtl))
    return Evidence(
        lambda contents: _cover(event, heading, facts, contents, kop), parts, f"{heading} · {q.key}", author
    )
