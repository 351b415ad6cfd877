"""The SIASN export: ASN participants' (PNS, PPPK, with a NIP) training records (riwayat kursus)
from their valid certificates, as .xlsx and JSON, and a ZIP with the certificate PDFs named by
NIP. Nothing is sent to SIASN (not reachable from here): the HR office uploads it.

The fields are SIASN's (workshop/reference/siasn_riwayat_kursus.csv, loaded as data); where SIASN
wants its own id (the person's pnsOrangId, instansiId, jenisDiklatId, lokasiId) the export gives
what SIASN resolves or the HR office maps: the NIP, the institution's name, the type's name, the
city. docs/siasn.md has the mapping."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from flask import current_app
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from sqlalchemy import select

from workshop.attendees.models import Attendee, Category
from workshop.certificates.models import Certificate, CertificateStatus
from workshop.core import exporters
from workshop.core.text import TEXT_FORMAT, escape_formula
from workshop.extensions import db

REFERENCE = Path(__file__).resolve().parent.parent / "reference" / "siasn_riwayat_kursus.csv"
ASN = (Category.PNS.value, Category.PPPK.value)
# Per deployment (config), since SIASN's lists are the same for every event: the type of
# training and of course as the HR office records a Bintek.
DEFAULTS = {
    "SIASN_JENIS_DIKLAT": "Diklat Teknis",
    "SIASN_JENIS_KURSUS": "Bimtek",
    "SIASN_JENIS_KURSUS_SERTIPIKAT": "Sertifikat",
}
# SIASN field -> the export's column (a SiasnRow attribute).
FIELD_COLUMNS = {
    "pnsOrangId": "nip",
    "instansiId": "instansi",
    "institusiPenyelenggara": "institusiPenyelenggara",
    "jenisDiklatId": "jenisDiklat",
    "jenisKursus": "jenisKursus",
    "jenisKursusSertipikat": "jenisKursusSertipikat",
    "namaKursus": "namaKursus",
    "jumlahJam": "jumlahJam",
    "nomorSertipikat": "nomorSertipikat",
    "tahunKursus": "tahunKursus",
    "tanggalKursus": "tanggalKursus",
    "tanggalSelesaiKursus": "tanggalSelesaiKursus",
    "lokasiId": "lokasi",
}
DATE_FORMAT = "%d-%m-%Y"  # as SIASN writes dates


@dataclass(frozen=True)
class SiasnRow:
    nip: str
    nama: str
    instansi: str
    institusiPenyelenggara: str
    jenisDiklat: str
    jenisKursus: str
    jenisKursusSertipikat: str
    namaKursus: str
    jumlahJam: int
    nomorSertipikat: str
    tahunKursus: int
    tanggalKursus: str
    tanggalSelesaiKursus: str
    lokasi: str


COLUMNS = list(SiasnRow.__dataclass_fields__)


def reference_fields() -> list[dict[str, str]]:
    """The SIASN riwayat kursus fields: field, meaning, from Bintek."""
    with REFERENCE.open(encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source))


def _setting(name: str) -> str:
    return current_app.config.get(name) or DEFAULTS[name]


def holders(event) -> list[tuple[Certificate, Attendee]]:
    """The event's valid certificates of ASN people with a NIP, in certificate order."""
    return list(
        db.session.execute(
            select(Certificate, Attendee)
            .join(Attendee, Attendee.id == Certificate.attendee_id)
            .where(
                Certificate.event_id == event.id,
                Certificate.status == CertificateStatus.VALID.value,
                Attendee.category.in_(ASN),
                Attendee.nip.is_not(None),
                Attendee.nip != "",
            )
            .order_by(Certificate.seq)
        ).tuples()
    )


def rows(event) -> list[SiasnRow]:
    found = []
    for certificate, attendee in holders(event):
        data = certificate.data or {}
        found.append(
            SiasnRow(
                nip=attendee.nip,
                nama=data.get("name") or attendee.full_name,
                instansi=data.get("institution") or attendee.institution_name or "",
                institusiPenyelenggara=event.issuing_body,
                jenisDiklat=_setting("SIASN_JENIS_DIKLAT"),
                jenisKursus=_setting("SIASN_JENIS_KURSUS"),
                jenisKursusSertipikat=_setting("SIASN_JENIS_KURSUS_SERTIPIKAT"),
                namaKursus=event.title,
                jumlahJam=int(data.get("jp") or 0),
                nomorSertipikat=certificate.number,
                tahunKursus=event.ends_on.year,
                tanggalKursus=event.starts_on.strftime(DATE_FORMAT),
                tanggalSelesaiKursus=event.ends_on.strftime(DATE_FORMAT),
                lokasi=event.city or event.venue,
            )
        )
    return found


def _text(sheet, row: int, column: int, value, bold: bool = False) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, int):
        cell.value = value
    else:
        cell.value = escape_formula(str(value or ""))
        cell.data_type = TYPE_STRING
        cell.number_format = TEXT_FORMAT  # a NIP stays 18 digits, never a float
    if bold:
        cell.font = Font(bold=True)


def xlsx(event, base_url: str = "") -> bytes:
    """Sheet "Riwayat Kursus": one row per ASN certificate holder; sheet "Pemetaan": the fields."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Riwayat Kursus"
    for column, name in enumerate(COLUMNS, start=1):
        _text(sheet, 1, column, name, bold=True)
    for r, row in enumerate(rows(event), start=2):
        for column, name in enumerate(COLUMNS, start=1):
            _text(sheet, r, column, getattr(row, name))
    sheet.freeze_panes = "B2"
    for column, width in zip(
        "ABCDEFGHIJKLMN", (21, 30, 34, 30, 16, 12, 14, 40, 10, 34, 10, 14, 14, 16), strict=True
    ):
        sheet.column_dimensions[column].width = width
    mapping = book.create_sheet("Pemetaan")
    for column, header in enumerate(("Kolom ekspor", "Field SIASN", "Arti", "Dari Bintek"), start=1):
        _text(mapping, 1, column, header, bold=True)
    for r, field in enumerate(reference_fields(), start=2):
        values = (
            FIELD_COLUMNS.get(field["field"], ""),
            field["field"],
            field["meaning"],
            field["from Bintek"],
        )
        for column, value in enumerate(values, start=1):
            _text(mapping, r, column, value)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def as_json(event, base_url: str = "") -> bytes:
    document = {
        "event": event.slug,
        "fields": {column: field for field, column in FIELD_COLUMNS.items()},
        "riwayatKursus": [asdict(row) for row in rows(event)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def certificates_zip(event, base_url: str) -> bytes:
    """The .xlsx, the JSON and each ASN holder's certificate PDF as sertifikat/<NIP>.pdf (the PDFs
    through the certificates module's EVIDENCE_CERTIFICATES contribution)."""
    nips = {attendee.id: attendee.nip for _certificate, attendee in holders(event)}
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"siasn-{event.slug}.xlsx", xlsx(event))
        archive.writestr(f"siasn-{event.slug}.json", as_json(event))
        for contribute in exporters.contributions(exporters.EVIDENCE_CERTIFICATES):
            for trained in contribute(event, base_url):
                nip = nips.get(trained.attendee.id)
                if nip:
                    archive.writestr(f"sertifikat/{nip}.pdf", trained.make())
    return output.getvalue()


def has_holders(event) -> bool:
    return bool(holders(event))
