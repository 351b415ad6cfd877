"""What the signatures module adds to pages others assemble (workshop/core/exporters.py): the
signed copy of a certificate served instead of a new render, and on /v/<code> whether the PDF is
electronically signed, by whom and when, with the form that checks an uploaded PDF."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from workshop.core import exporters
from workshop.signatures import services


def verify_section(certificate) -> Markup:
    from workshop.signatures.forms import CheckForm

    return Markup(
        render_template("signatures/_verify_section.html", certificate=certificate, form=CheckForm())
    )


def register_exports() -> None:
    exporters.contribute(exporters.CERTIFICATE_PDF, "signatures", services.signed_pdf)
    exporters.contribute(exporters.VERIFY_FACTS, "signatures", services.verify_facts)
    exporters.contribute(exporters.VERIFY_SECTIONS, "signatures", verify_section)
