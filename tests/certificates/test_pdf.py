"""The certificate PDF read back: its text, its QR, and long texts that stay on the page."""

import pytest

from tests.certificates.conftest import (
    AFTER,
    configure,
    pdf_chars_outside,
    pdf_overlapping_chars,
    pdf_qr_texts,
    pdf_text,
)
from workshop.certificates import pdf, services
from workshop.core.pdf import FONT, FONT_BOLD, register_fonts
from workshop.extensions import db

BASE = "https://bintek.example.go.id/"


@pytest.fixture
def issued(setup):
    certificates = services.issue_due(setup["event"], now=AFTER)
    return {c.attendee_id: c for c in certificates}


def test_pdf_has_name_number_jp_dates_and_programme(setup, issued):
    ani = setup["ani"]
    certificate = issued[ani.id]
    body = services.render_certificate(setup["event"], certificate, "id", BASE)
    first, programme = pdf_text(body)[:2]
    flat = " ".join(first.split())
    assert "SERTIFIKAT" in flat
    assert "Ani Suryani, S.Sos." in flat
    assert certificate.number in flat and certificate.number.endswith("/BINTEK-KLA/Bappeda/XI/2026")
    assert "NIP 19860926 201505 2 001" in flat
    assert "Penata (III/c)" in flat
    assert "sebagai PESERTA" in flat
    assert "18 s.d. 20 November 2026" in flat
    # Five plenary sessions of 90 minutes (2 JP each) and her group's 120-minute breakout (2 JP).
    assert certificate.data["jp"] == 12 and "12 JP" in flat
    assert "Kota Serang, 20 November 2026" in flat
    assert "Dr. Ir. H. Bambang Suprapto, M.Si." in flat and "NIP 19700512 199503 1 002" in flat
    assert certificate.code in flat
    programme = " ".join(programme.split())
    assert "Diskusi Klaster I" in programme and "Materi 4" in programme and "Pembukaan" not in programme


def test_breakout_is_on_the_programme_of_its_group_only(setup, issued):
    budi = setup["budi"]
    body = services.render_certificate(setup["event"], issued[budi.id], "id", BASE)
    programme = " ".join(pdf_text(body)[1].split())
    assert "Diskusi Klaster I" not in programme
    assert issued[budi.id].data["jp"] == 10


def test_english_version(setup, issued):
    body = services.render_certificate(setup["event"], issued[setup["ani"].id], "en", BASE)
    flat = " ".join(pdf_text(body)[0].split())
    assert "CERTIFICATE" in flat and "as PARTICIPANT" in flat and "18–20 November 2026" in flat


def test_qr_on_the_page_decodes_to_the_verification_url(setup, issued):
    certificate = issued[setup["ani"].id]
    body = services.render_certificate(setup["event"], certificate, "id", BASE)
    assert pdf_qr_texts(body) == [f"https://bintek.example.go.id/v/{certificate.code}"]


def test_fonts_are_embedded(setup, issued):
    body = services.render_certificate(setup["event"], issued[setup["ani"].id], "id", BASE)
    assert b"/FontFile2" in body


def test_long_name_and_title_stay_inside_the_page(setup, ctx):
    event, ani = setup["event"], setup["ani"]
    long_name = (
        "Prof. Dr. Hj. Raden Ajeng Siti Nurhaliza Kusumawardhani Wijayakusuma Ningrat Prawiradirja "
        "Sastroamidjojo, S.H., M.Hum."
    )[:120].ljust(120, "a")
    assert len(long_name) == 120
    event.title = (
        "Bimbingan Teknis Peningkatan Kapasitas Gugus Tugas Kabupaten/Kota Layak Anak tentang "
        "Konvensi Hak Anak, Pemenuhan Hak Sipil dan Kebebasan, Lingkungan Keluarga dan Pengasuhan "
        "Alternatif, Kesehatan Dasar dan Kesejahteraan, Pendidikan dan Perlindungan Khusus Anak 2026"
    )[:250].ljust(250, "x")
    ani.full_name = long_name
    ani.position = (
        "Analis Kebijakan Ahli Muda pada Bidang Perencanaan Pembangunan Manusia dan Kebudayaan " * 2
    )
    configure(
        event,
        signatory2_title="Ketua Panitia Pelaksana Bimbingan Teknis Gugus Tugas Kota Layak Anak",
        signatory2_name="Hj. Siti Rahmawati Kusumaningrum Wijayakusuma, S.E., M.M.",
        signatory2_nip="19800101 200501 2 002",
    )
    db.session.flush()
    certificate = services.issue_due(event, now=AFTER)[0]
    certificate = services.certificate_of(ani) or certificate
    body = services.render_certificate(event, certificate, "id", BASE)
    assert pdf_chars_outside(body) == []
    assert pdf_overlapping_chars(body) == []  # nothing printed over anything else
    text = "".join(pdf_text(body)[0].split())
    assert "".join(long_name.split()) in text  # every character printed (wrapped, not cut)
    # The layout itself: every line drawn at its size is no wider than the text area.
    register_fonts()
    size, lines = pdf.fit_text(long_name, FONT_BOLD, 24, pdf.TEXT_WIDTH, min_size=15, max_lines=2)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert all(stringWidth(line, FONT_BOLD, size) <= pdf.TEXT_WIDTH for line in lines)
    size, lines = pdf.fit_text(event.title, FONT_BOLD, 15, pdf.TEXT_WIDTH, min_size=11, max_lines=3)
    assert len(lines) <= 3 and all(stringWidth(line, FONT_BOLD, size) <= pdf.TEXT_WIDTH for line in lines)


def test_a_word_longer_than_the_page_is_cut_not_overflowing():
    register_fonts()
    from reportlab.pdfbase.pdfmetrics import stringWidth

    size, lines = pdf.fit_text("W" * 400, FONT, 24, 300, min_size=15, max_lines=2)
    assert "".join(lines) == "W" * 400
    assert all(stringWidth(line, FONT, size) <= 300 for line in lines)
