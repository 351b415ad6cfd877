"""The SPJ documents in the exporter registry (workshop/core/exporters.py). They carry NPWP and
bank accounts: the documents page and ``flask documents make`` are the organisers' own, and none
of them joins the evidence bundle."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from workshop.core import exporters
from workshop.honoraria import documents

# kind, label, format, maker, order, file name
SPJ = (
    (
        "honorarium",
        _l("SPJ: list of speakers' and moderators' fees with PPh 21 (PDF)"),
        "pdf",
        documents.pay_sheet_pdf,
        80,
        "daftar-penerimaan-honorarium-{slug}.pdf",
    ),
    (
        "honorarium-xlsx",
        _l("SPJ: list of speakers' and moderators' fees (.xlsx)"),
        "xlsx",
        documents.pay_sheet_xlsx,
        81,
        "daftar-penerimaan-honorarium-{slug}.xlsx",
    ),
    (
        "kuitansi",
        _l("SPJ: receipt (kuitansi) of every speaker and moderator (PDF)"),
        "pdf",
        documents.receipts_pdf,
        82,
        "kuitansi-honorarium-{slug}.pdf",
    ),
    (
        "daftar-hadir-narasumber",
        _l("SPJ: attendance list of speakers and moderators (PDF)"),
        "pdf",
        documents.daftar_hadir_pdf,
        83,
        "daftar-hadir-narasumber-{slug}.pdf",
    ),
)


def register_exports() -> None:
    exporters.register_from_event("honoraria", SPJ)
