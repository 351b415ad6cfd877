"""The RTL renderers with plain data: the .docx read back with python-docx (columns in order, the
header row repeats, totals, signatures), the PDF built for empty groups and for 150 rows."""

from __future__ import annotations

import io

from docx import Document

from tests.pdf_read import pdf_text
from workshop.documents import rtl

HEADERS = [
    "No",
    "Kegiatan",
    "Tujuan",
    "Sasaran",
    "Indikator KLA",
    "Waktu pelaksanaan",
    "Lokasi",
    "Penanggung jawab",
    "Mitra",
    "Sumber dana",
    "Anggaran",
    "Indikator keberhasilan",
    "Keterangan",
]


def row(n: int) -> list[str]:
    return [
        f"Sosialisasi akta kelahiran #{n} di Kecamatan Cipocok Jaya",
        "Cakupan akta 100%",
        "Orang tua",
        "1. Persentase anak yang memiliki akta kelahiran",
        "Maret 2027",
        "6 kecamatan",
        "Disdukcapil",
        "Ma'ruf & Ré Ölsen",
        "APBD",
        "Rp 15.000.000",
        "Akta terbit",
        "<b>bukan markup</b>",
    ]


def document(rows_per_group=(2, 0), cover=False) -> rtl.RtlDocument:
    groups = [
        rtl.RtlGroup(
            name=f"Kelompok {n + 1}",
            facts=[("Fasilitator", "Dra. Siti Aminah"), ("Anggota", "12 orang")],
            notes=[("Permasalahan", "Banyak anak belum punya akta.\n\nParagraf dua."), ("Kesepakatan", "")],
            rows=[row(i) for i in range(count)],
            total=f"Rp {15 * count}.000.000",
            signatures=[("Fasilitator", "Dra. Siti Aminah"), ("Ketua kelompok", "")],
        )
        for n, count in enumerate(rows_per_group)
    ]
    return rtl.RtlDocument(
        title="RENCANA TINDAK LANJUT (RTL)",
        event_title="Bintek KLA Kota Serang",
        organiser="Bappeda Kota Serang",
        when_where="17–19 November 2026 · Aula Bappeda",
        headers=HEADERS,
        total_label="Jumlah",
        empty_rows="Belum ada baris RTL.",
        empty_notes="(belum diisi)",
        groups=groups,
        cover=cover,
        summary_title="Ringkasan",
        summary_headers=["Kelompok", "Baris", "APBD", "Jumlah"],
        summary=[
            ["Kelompok 1", "2", "Rp 30.000.000", "Rp 30.000.000"],
            ["Jumlah", "2", "Rp 30.000.000", "Rp 30.000.000"],
        ]
        if cover
        else [],
        place_and_date="Serang, 19 November 2026",
    )


def test_docx_has_the_columns_in_order_a_repeating_header_and_the_total():
    data = rtl.render_docx(document())
    word = Document(io.BytesIO(data))
    tables = [t for t in word.tables if t.rows and t.rows[0].cells[0].text == "No"]
    assert len(tables) == 2
    first = tables[0]
    assert [c.text for c in first.rows[0].cells] == HEADERS
    assert first.rows[0]._tr.trPr.xml.count("tblHeader") == 1  # repeats on every page
    assert first.rows[1].cells[8].text == "Ma'ruf & Ré Ölsen"
    assert first.rows[1].cells[12].text == "<b>bukan markup</b>"
    assert [c.text for c in first.rows[-1].cells][9:11] == ["Jumlah", "Rp 30.000.000"]
    # The empty group says so, and both groups have signature lines.
    assert "Belum ada baris RTL." in [c.text for c in tables[1].rows[1].cells]
    texts = "\n".join(p.text for p in word.paragraphs)
    assert "Banyak anak belum punya akta." in texts and "(belum diisi)" in texts
    signatures = [t for t in word.tables if "Ketua kelompok" in t.rows[1].cells[-1].text]
    assert len(signatures) == 2


def test_compiled_docx_has_a_cover_and_a_summary():
    word = Document(io.BytesIO(rtl.render_docx(document(cover=True))))
    assert [p.text for p in word.paragraphs[:8]].count("RENCANA TINDAK LANJUT (RTL)") == 1  # the cover
    summary = word.tables[-1]
    assert [c.text for c in summary.rows[0].cells] == ["Kelompok", "Baris", "APBD", "Jumlah"]
    assert summary.rows[-1].cells[0].text == "Jumlah"


def test_pdf_renders_empty_groups_and_150_rows():
    assert rtl.render_pdf(document((0,))).startswith(b"%PDF")
    big = rtl.render_pdf(document((150,), cover=True))
    pages = pdf_text(big)
    assert pages[0].count("RENCANA TINDAK LANJUT") == 1  # the cover
    table_pages = [p for p in pages[1:] if "Sosialisasi akta" in p]
    assert len(table_pages) > 3
    # The header row repeats on every page the table runs over; the columns keep their order.
    for text in table_pages:
        flat = " ".join(text.split())
        assert (
            flat.index("Kegiatan") < flat.index("Tujuan") < flat.index("Sasaran") < flat.index("Keterangan")
        )
    squeezed = "".join("".join(pages).split())  # cells wrap: compare without spaces
    assert "#149diKecamatan" in squeezed
    assert "Ma'ruf&RéÖlsen" in squeezed and "<b>bukanmarkup</b>" in squeezed
    assert "Ringkasan" in pages[-1]
    # Control characters typed into a field do not break the Word file.
    doc = document((1,))
    doc.groups[0].rows[0][0] = "Kegiatan\x00dengan\x0cgangguan"
    assert (
        Document(io.BytesIO(rtl.render_docx(doc))).tables[0].rows[1].cells[1].text == "Kegiatandengangangguan"
    )
