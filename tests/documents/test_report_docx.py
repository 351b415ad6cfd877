"""The activity report as .docx (read back with python-docx): the four chapters, the signature
block kept with its names, the margins, page numbers and properties of an official document,
the kop in the header. Both .docx documents (report, RTL) convert to PDF with LibreOffice
headless (skipped, saying why, where LibreOffice is not installed)."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date

import pytest
from docx import Document

from tests.demo_snapshot import snapshot
from tests.pdf_read import pdf_text
from workshop.demo import seed_demo
from workshop.demo.documents import seed_documents
from workshop.demo.groups import seed_group_work
from workshop.documents import services
from workshop.groups import exports as group_exports

pytestmark = pytest.mark.sqlite_only  # rendering; the queries run on both databases elsewhere


@pytest.fixture
def demo(ctx):
    return snapshot("demo with group work and documents", _seed)


def _seed():
    event, _ = seed_demo(today=date(2026, 11, 18))
    seed_group_work(event)
    seed_documents(event)
    return event


def all_text(word) -> str:
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in word.paragraphs] + cells)


def test_report_docx_has_the_chapters_signature_and_properties(demo):
    word = Document(io.BytesIO(services.report_docx(demo)))
    paragraphs = [p.text for p in word.paragraphs]
    for heading, title in (
        ("BAB I", "PENDAHULUAN"),
        ("BAB II", "PELAKSANAAN"),
        ("BAB III", "HASIL KEGIATAN"),
        ("BAB IV", "PENUTUP"),
    ):
        at = paragraphs.index(heading)
        assert paragraphs[at + 1] == title
    text = all_text(word)
    assert "Kota Layak Anak (KLA) adalah sistem pembangunan" in text  # the demo's background
    assert "APBD Kota Serang Tahun Anggaran 2026" in text  # its funding
    head = services.committee_head(demo)
    signing = next(t for t in word.tables if any(head.full_name == c.text for r in t.rows for c in r.cells))
    assert "Mengetahui," in [c.text for c in signing.rows[0].cells]
    assert all("cantSplit" in row._tr.xml for row in signing.rows)
    section = word.sections[0]
    assert 25 <= round(section.left_margin.mm) <= 30 and 25 <= round(section.right_margin.mm) <= 30
    assert "PAGE" in section.footer._element.xml
    properties = word.core_properties
    assert properties.author == "Bappeda Kota Serang" and properties.title.startswith("LAPORAN KEGIATAN")

    def header_text(header):
        return "\n".join(c.text for t in header.tables for r in t.rows for c in r.cells)

    # The kop on the cover only, as in the PDF; the later pages carry their number.
    assert section.different_first_page_header_footer
    assert "PEMERINTAH KOTA SERANG" in header_text(section.first_page_header)
    assert header_text(section.header) == ""


def test_report_pdf_has_the_kop_and_metadata(demo):
    from pypdf import PdfReader

    pdf = services.report_pdf(demo)
    assert "PEMERINTAH KOTA SERANG" in pdf_text(pdf)[0]
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta.title.startswith("LAPORAN KEGIATAN") and meta.author == "Bappeda Kota Serang"


def test_docx_files_convert_with_libreoffice(demo, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    files = {
        "laporan.docx": services.report_docx(demo),
        "rtl.docx": group_exports.rtl_docx(demo),
        "rtl-kelompok.docx": group_exports.rtl_docx(demo, next(g for g in demo_groups(demo) if g.is_adopted)),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    result = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *[str(tmp_path / name) for name in files],
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    for name in files:
        pdf = (tmp_path / "pdf" / name.replace(".docx", ".pdf")).read_bytes()
        text = " ".join(" ".join(pdf_text(pdf)).split())
        assert text, name
    report = " ".join(" ".join(pdf_text((tmp_path / "pdf" / "laporan.pdf").read_bytes())).split())
    assert "BAB IV" in report and "Mengetahui," in report
    adopted = " ".join(" ".join(pdf_text((tmp_path / "pdf" / "rtl-kelompok.pdf").read_bytes())).split())
    assert "LEMBAR PENGESAHAN" in adopted and "Draf" not in adopted


def demo_groups(event):
    from workshop.groups import services as groups

    return groups.groups_of(event)
