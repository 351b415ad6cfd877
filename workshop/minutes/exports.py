"""The minutes in the exporter registry (kind ``notula``), and their contributions to the
activity report's appendices and the evidence bundle (workshop/core/exporters.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from workshop.core import exporters
from workshop.minutes import documents


def register_exports() -> None:
    exporters.register(
        "notula",
        _l("Minutes of every session (PDF)"),
        "pdf",
        lambda event, base_url: documents.all_pdf(event),
        owner="minutes",
        order=45,
        file_name="notula-{slug}.pdf",
    )
    exporters.contribute(exporters.BUNDLE_FILES, "minutes", documents.bundle_files)
    exporters.contribute(exporters.REPORT_APPENDICES, "minutes", documents.report_appendices)
