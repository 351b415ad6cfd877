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
    exporters.register(
        "siasn",
        _l("SIASN training records of ASN participants (.xlsx)"),
        "xlsx",
        siasn.xlsx,
        owner="credentials",
        order=80,
        available=siasn.has_holders,
        file_name="siasn-{slug}.xlsx",
        description=_l("Riwayat kursus for the HR office: NIP, course, dates, JP, certificate number."),
    )
    exporters.register(
        "siasn-json",
        _l("SIASN training records of ASN participants (JSON)"),
        "json",
        siasn.as_json,
        owner="credentials",
        order=81,
        available=siasn.has_holders,
        file_name="siasn-{slug}.json",
    )
    exporters.register(
        "siasn-zip",
        _l("SIASN records with the certificate PDFs named by NIP (.zip)"),
        "zip",
        siasn.certificates_zip,
        owner="credentials",
        order=82,
        available=siasn.has_holders,
        file_name="siasn-{slug}.zip",
    )
