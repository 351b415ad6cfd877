"""The SIASN export: one row per ASN holder of a valid certificate (non-ASN people and revoked
certificates left out), formula-escaped, the same rows in JSON, and the PDFs named by NIP."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from tests.certificates.conftest import AFTER, attend, build_setup
from tests.conftest import make_attendee
from workshop.certificates import services as certificates
from workshop.core import exporters
from workshop.credentials import siasn
from workshop.extensions import db


@pytest.fixture
def mixed(ctx):
    """build_setup's people (Ani, Budi, the speaker: PNS) and Rina (a community organisation,
    no NIP), all holding certificates; Citra is not due one."""
    built = build_setup()
    rina = make_attendee(
        built["event"],
        full_name="Rina Marlina",
        gender="P",
        category="lembaga masyarakat",
        nip="",
        golongan="",
        phone="0812-0000-0009",
        email="",
    )
    attend(rina, *built["plenary"])
    built["rina"] = rina
    built["certificates"] = certificates.issue_due(built["event"], now=AFTER)
    return built


def _sheet_rows(data: bytes) -> list[dict]:
    sheet = load_workbook(io.BytesIO(data))["Riwayat Kursus"]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_xlsx_rows_are_the_asn_certificate_holders(mixed):
    event = mixed["event"]
    holders = {c.attendee.nip: c for c in mixed["certificates"] if c.attendee.category in ("PNS", "PPPK")}
    assert mixed["rina"].id in {c.attendee_id for c in mixed["certificates"]}  # she has one, not ASN
    rows = _sheet_rows(exporters.make("siasn", event, "http://bintek.test"))
    assert (
        {row["nip"] for row in rows}
        == set(holders)
        == {
            mixed["ani"].nip,
            mixed["budi"].nip,
            mixed["speaker"].nip,
        }
    )
    ani = next(row for row in rows if row["nip"] == mixed["ani"].nip)
    certificate = holders[mixed["ani"].nip]
    assert ani["nama"] == "Ani Suryani, S.Sos."
    assert ani["namaKursus"] == event.title
    assert ani["nomorSertipikat"] == certificate.number
    assert ani["jumlahJam"] == certificate.data["jp"] > 0
    assert ani["tanggalKursus"] == "18-11-2026" and ani["tanggalSelesaiKursus"] == "20-11-2026"
    assert ani["tahunKursus"] == 2026 and ani["institusiPenyelenggara"] == event.issuing_body
    assert len(ani["nip"]) == 18  # text, not a number Excel would round


def test_revoked_certificates_are_left_out(mixed):
    budi = next(c for c in mixed["certificates"] if c.attendee_id == mixed["budi"].id)
    certificates.revoke(budi, "Salah input kehadiran")
    nips = {row.nip for row in siasn.rows(mixed["event"])}
    assert mixed["budi"].nip not in nips and mixed["ani"].nip in nips


def test_text_that_looks_like_a_formula_is_escaped(mixed):
    mixed["event"].title = '=HYPERLINK("http://evil.test","klik")'
    db.session.flush()
    rows = _sheet_rows(siasn.xlsx(mixed["event"]))
    assert all(row["namaKursus"].startswith("'=") for row in rows)


def test_json_has_the_same_rows(mixed):
    document = json.loads(exporters.make("siasn-json", mixed["event"], "http://bintek.test"))
    assert [row["nip"] for row in document["riwayatKursus"]] == [
        row.nip for row in siasn.rows(mixed["event"])
    ]
    assert document["fields"]["nip"] == "pnsOrangId"


def test_every_siasn_field_of_the_reference_is_mapped():
    fields = [row["field"] for row in siasn.reference_fields()]
    assert fields and set(fields) == set(siasn.FIELD_COLUMNS)
    assert set(siasn.FIELD_COLUMNS.values()) <= set(siasn.COLUMNS)


def test_zip_holds_the_pdfs_named_by_nip(mixed):
    data = exporters.make("siasn-zip", mixed["event"], "http://bintek.test")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    pdfs = sorted(n for n in names if n.startswith("sertifikat/"))
    expected = sorted(f"sertifikat/{p.nip}.pdf" for p in (mixed["ani"], mixed["budi"], mixed["speaker"]))
    assert pdfs == expected
    assert zipfile.ZipFile(io.BytesIO(data)).read(pdfs[0]).startswith(b"%PDF")
    assert f"siasn-{mixed['event'].slug}.xlsx" in names


def test_documents_make_siasn_from_the_command_line(app, runner, tmp_path):
    with app.app_context():
        built = build_setup()
        certificates.issue_due(built["event"], now=AFTER)
        db.session.commit()
        slug = built["event"].slug
    out = tmp_path / "siasn.xlsx"
    result = runner.invoke(args=["documents", "make", slug, "siasn", str(out)])
    assert result.exit_code == 0, result.output
    assert len(_sheet_rows(out.read_bytes())) == 3
