"""The documents module's own documents in the exporter registry (workshop/core/exporters.py):
the activity report (PDF and .docx), the daftar hadir of every session, the attendance recap, the
programme, and the KLA evidence PDFs (one per question the event serves)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from workshop.core import exporters
from workshop.documents import evidence, services


def register_exports() -> None:
    register = exporters.register
    register(
        "report",
        _l("Activity report (PDF)"),
        "pdf",
        lambda event, base_url: services.report_pdf(event),
        owner="documents",
        order=10,
        file_name="laporan-kegiatan-{slug}.pdf",
    )
    register(
        "report-docx",
        _l("Activity report (.docx, editable)"),
        "docx",
        lambda event, base_url: services.report_docx(event),
        owner="documents",
        order=11,
        file_name="laporan-kegiatan-{slug}.docx",
    )
    register(
        "agenda",
        _l("Programme with speakers and JP (PDF)"),
        "pdf",
        lambda event, base_url: services.agenda_pdf(event),
        owner="documents",
        order=20,
        file_name="susunan-acara-{slug}.pdf",
    )
    register(
        "daftar-hadir",
        _l("Attendance lists of participants, every session (PDF)"),
        "pdf",
        lambda event, base_url: services.daftar_hadir_all_pdf(event),
        owner="documents",
        order=40,
        file_name="daftar-hadir-peserta-{slug}.pdf",
    )
    register(
        "recap",
        _l("Attendance recap (.xlsx)"),
        "xlsx",
        lambda event, base_url: services.recap_xlsx(event),
        owner="documents",
        order=50,
        file_name="rekap-kehadiran-{slug}.xlsx",
    )
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
