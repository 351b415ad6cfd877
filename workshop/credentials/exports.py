"""The credentials module's documents and contributions (workshop/core/exporters.py): the SIASN
export in three forms, and the link to a certificate's Open Badges credential beside it on /v/<code>
and the ticket page."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from workshop.core import exporters
from workshop.credentials import services, siasn


def verify_links(certificate) -> list[tuple[str, str]]:
    if services.current_credential(certificate) is None:
        return []
    return [
        (
            _("Digital credential (Open Badges 3.0)"),
            url_for("credentials.credential", code=certificate.code),
        )
    ]


def register_exports() -> None:
    exporters.contribute(exporters.VERIFY_LINKS, "credentials", verify_links)
    siasn_exports = (
        ("siasn", _l("SIASN training records of ASN participants (.xlsx)"), "xlsx", siasn.xlsx),
        ("siasn-json", _l("SIASN training records of ASN participants (JSON)"), "json", siasn.as_json),
        (
            "siasn-zip",
            _l("SIASN records with the certificate PDFs named by NIP (.zip)"),
            "zip",
            siasn.certificates_zip,
        ),
    )
    for order, (kind, label, format, make) in enumerate(siasn_exports, start=80):
        exporters.register(
            kind,
            label,
            format,
            make,
            owner="credentials",
            order=order,
            available=siasn.has_holders,
            file_name=f"siasn-{{slug}}.{format}",
            description=_l("Riwayat kursus for the HR office: NIP, course, dates, JP, certificate number."),
        )
