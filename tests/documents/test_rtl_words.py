"""No word broken inside a cell of the RTL PDF's table (issue 14: "Desem|ber", "Oktob|er"): long
Indonesian months and a 40-character word, read back line by line with pypdfium2; the .docx has
the margins, page numbers, properties and the signature block of an official document; an adopted
group carries its lembar pengesahan and no "Draf"."""

from __future__ import annotations

import io

from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from tests.documents.test_rtl_render import HEADERS, document
from tests.pdf_read import pdf_text
from workshop.core.pdf import FONT, register_fonts
from workshop.documents import rtl

LONG_WORD = "Pengarusutamaanhakanakdalamperencanaan40"  # 40 characters, no space
MONTHS = "Januari Februari September Oktober November Desember Nopember–Desember"


def broken_words(pdf: bytes, words: set[str]) -> list[str]:
    """Words of ``words`` split over two lines: a line ends with the start of the word and the
    next line starts with the rest."""
    broken = []
    for page in pdf_text(pdf):
        lines = [line.split() for line in page.replace("\r\n", "\n").split("\n")]
        for line, following in zip(lines, lines[1:]):
            if line and following and line[-1] + following[0] in words:
                broken.append(line[-1] + "|" + following[0])
    return broken


def long_rows() -> list[list[str]]:
    rows = []
    for n in range(6):
        rows.append(
            [
                f"Sosialisasi {LONG_WORD} tahap {n}",
                "Meningkatkan pemahaman perangkat daerah",
                "Kepala sekolah dan pengawas",
                "19. Persentase sekolah ramah anak",
                MONTHS,
                "Kecamatan Kasemen, Walantaka dan Curug",
                "Disdikbud",
                "Kementerian Agama, Kecamatan",
                "APBD",
                "Rp 125.000.000",
                f"{LONG_WORD} tercapai",
                "September–Desember",
            ]
        )
    return rows


def test_the_check_finds_a_word_broken_the_old_way():
    """The check can fail: a cell narrower than "Desember" with reportlab's default splitting."""
    register_fonts()
    out = io.BytesIO()
    style = ParagraphStyle("s", fontName=FONT, fontSize=7, leading=8)  # splitLongWords=1 by default
    table = Table([[Paragraph("Oktober November Desember", style)]], colWidths=[36])
    SimpleDocTemplate(out, pagesize=A4).build([table])
    assert broken_words(out.getvalue(), {"Oktober", "November", "Desember"})


def test_no_table_line_ends_inside_a_word():
    doc = document((0,))
    doc.groups[0].rows = long_rows()
    pdf = rtl.render_pdf(doc)
    words = {w for row in long_rows() for cell in row for w in cell.split()} | {
        w for h in HEADERS for w in h.split()
    }
    assert broken_words(pdf, words) == []
    flat = " ".join(" ".join(pdf_text(pdf)).split())
    assert LONG_WORD in flat and "Nopember–Desember" in flat and "September–Desember" in flat


def adopted_document():
    doc = document((2,))
    group = doc.groups[0]
    group.facts.append(("Status", "Ditetapkan dalam pleno pada 19 November 2026"))
    group.signatures = [
        ("Fasilitator", "Dra. Siti Aminah"),
        ("Ketua kelompok", "Drs. H. Mulyadi Suhendra, M.Si."),
    ]
    group.adopted = True
    group.adoption = rtl.Adoption(
        title="LEMBAR PENGESAHAN",
        text="Rencana Tindak Lanjut (RTL) Kelompok 1 ... telah dibahas dan ditetapkan dalam sidang pleno.",
        place_and_date="Serang, 19 November 2026",
        left=("Fasilitator", "Dra. Siti Aminah"),
        right=("Ketua kelompok", "Drs. H. Mulyadi Suhendra, M.Si."),
    )
    doc.author = "Bappeda Kota Serang"
    return doc


def test_an_adopted_group_has_its_adoption_page_in_both_formats():
    doc = adopted_document()
    pages = pdf_text(rtl.render_pdf(doc))
    adoption = " ".join(pages[-1].split())
    assert "LEMBAR PENGESAHAN" in adoption and "Drs. H. Mulyadi Suhendra, M.Si." in adoption
    assert "Dra. Siti Aminah" in adoption and "Serang, 19 November 2026" in adoption
    word = Document(io.BytesIO(rtl.render_docx(doc)))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "LEMBAR PENGESAHAN" in text
    names = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert names.count("Drs. H. Mulyadi Suhendra, M.Si.") == 1  # signs on the adoption page, not twice


def test_docx_is_an_official_document():
    word = Document(io.BytesIO(rtl.render_docx(adopted_document())))
    section = word.sections[0]
    for margin in (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin):
        assert 25 <= round(margin.mm, 1) <= 30
    assert word.core_properties.author == "Bappeda Kota Serang"
    assert "python-docx" not in (word.core_properties.author + word.core_properties.last_modified_by)
    assert word.core_properties.title.startswith("RENCANA TINDAK LANJUT (RTL)")
    assert "PAGE" in section.footer._element.xml  # the page number field
    signing = [t for t in word.tables if any("Ketua kelompok" in c.text for c in t.rows[1].cells)]
    assert signing
    for table in signing:  # never split from its names: no row splits, every row keeps with the next
        assert all("cantSplit" in row._tr.xml for row in table.rows)
        assert all(
            p.paragraph_format.keep_with_next
            for row in list(table.rows)[:-1]
            for c in row.cells
            for p in c.paragraphs
        )
