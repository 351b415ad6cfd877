"""The SPJ documents in the exporter registry (workshop/core/exporters.py). They carry NPWP and
bank accounts: the documents page and ``flask documents make`` are the organisers' own, and none
of them joins the evidence bundle."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from workshop.core import exporters
from workshop.honoraria import documents


def register_exports() -> None:
    register = exporters.register
    register(
        "honorarium",
        _l("SPJ: list of speakers' and moderators' fees with PPh 21 (PDF)"),
        "pdf",
        lambda event, base_url: documents.pay_sheet_pdf(event),
        owner="honoraria",
        order=80,
        file_name="daftar-penerimaan-honorarium-{slug}.pdf",
    )
    register(
        "honorarium-xlsx",
        _l("SPJ: list of speakers' and moderators' fees (.xlsx)"),
        "xlsx",
        lambda event, base_url: documents.pay_sheet_xlsx(event),
        owner="honoraria",
        order=81,
        file_name="daftar-penerimaan-honorarium-{slug}.xlsx",
    )
    register(
        "kuitansi",
        _l("SPJ: receipt (kuitansi) of every speaker and moderator (PDF)"),
        "pdf",
        lambda event, base_url: documents.receipts_pdf(event),
        owner="honoraria",
        order=82,
        file_name="kuitansi-honorarium-{slug}.pdf",
    )
    register(
        "daftar-hadir-narasumber",
        _l("SPJ: attendance list of speakers and moderators (PDF)"),
        "pdf",
        lambda event, base_url: documents.daftar_hadir_pdf(event),
        owner="honoraria",
        order=83,
        file_name="daftar-hadir-narasumber-{slug}.pdf",
    )
