"""The documents module's own documents in the exporter registry (workshop/core/exporters.py):
the activity report (PDF and .docx), the daftar hadir of every session, the attendance recap, the
programme, and the KLA evidence PDFs (one per question the event serves)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from workshop.core import exporters
from workshop.documents import evidence, services

# The documents made from the event alone: kind, label, format, maker, order, file name.
OWN = (
    ("report", _l("Activity report (PDF)"), "pdf", services.report_pdf, 10, "laporan-kegiatan-{slug}.pdf"),
    (
        "report-docx",
        _l("Activity report (.docx, editable)"),
        "docx",
        services.report_docx,
        11,
        "laporan-kegiatan-{slug}.docx",
    ),
    (
        "agenda",
        _l("Programme with speakers and JP (PDF)"),
        "pdf",
        services.agenda_pdf,
        20,
        "susunan-acara-{slug}.pdf",
    ),
    (
        "daftar-hadir",
        _l("Attendance lists of participants, every session (PDF)"),
        "pdf",
        services.daftar_hadir_all_pdf,
        40,
        "daftar-hadir-peserta-{slug}.pdf",
    ),
    ("recap", _l("Attendance recap (.xlsx)"), "xlsx", services.recap_xlsx, 50, "rekap-kehadiran-{slug}.xlsx"),
)


def register_exports() -> None:
    register = exporters.register
    exporters.register_from_event("documents", OWN)
    register(
        "evidence-rtl",
        _l("KLA evidence: the adopted follow-up action plans (PDF)"),
        "pdf",
        lambda event, base_url: evidence.question_pdf(event, evidence.RTL, base_url),
        owner="documents",
        order=61,
        file_name="bukti-kla-rtl-{slug}.pdf",
        available=evidence.has_adopted_rtl,
    )
    for number, question in enumerate(evidence.questions()):
        register(
            question.kind,
            _l(
                "KLA evidence: indicator %(i)s, question %(q)s (PDF)", i=question.indicator, q=question.number
            ),
            "pdf",
            lambda event, base_url, key=question.key: evidence.question_pdf(event, key, base_url),
            owner="documents",
            order=60 if question.key == evidence.TASK_FORCE else 62 + number,
            file_name=question.file_name.replace(".pdf", "-{slug}.pdf"),
            available=lambda event, key=question.key: evidence.serves(event, key),
            description=question.text,
        )
