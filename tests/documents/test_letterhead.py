"""The letterhead (kop) and the signing protocol: the organiser's form, and the renderers read
back from the PDF and DOCX they make."""

import io
from datetime import date

import pytest
from docx import Document
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate
from sqlalchemy import select

from tests.demo_snapshot import seed_demo
from tests.pdf_read import pdf_find, pdf_page_width, pdf_text
from workshop.core.audit import AuditEntry
from workshop.core.letterhead import Kop, add_kop_docx, draw_kop, kop_flowable
from workshop.core.pdf import FONT
from workshop.core.signing import (
    Signer,
    Signing,
    add_signing_docx,
    draw_signing,
    person_lines,
    signing_flowable,
)
from workshop.demo.letterhead import KOP, emblem_png
from workshop.documents import letterhead
from workshop.documents.models import DocumentSettings
from workshop.events.models import Event
from workshop.extensions import db

LINES = (
    "PEMERINTAH KOTA SERANG",
    "BADAN PERENCANAAN PEMBANGUNAN DAERAH",
    "Jl. Jenderal Sudirman No. 5, Serang · Telepon (0254) 200 123",
    "Pos-el: bappeda@serangkota.go.id · Laman: bappeda.serangkota.go.id",
)
ISSUER = Signer(
    "Kepala Bappeda Kota Serang",
    "Ir. Tb. Ahmad Fauzi, M.T.",
    rank="Pembina Utama Muda (IV/c)",
    id_line="NIP 19700115 199803 1 004",
)
WITNESS = Signer("Ketua Panitia", "Lia Firmansyah, A.Md.", id_line="NIP 19740905 199712 2 004")


def _png(colour=(10, 120, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (80, 90), colour + (255,)).save(out, "PNG")
    return out.getvalue()


def test_person_lines_pns_and_pppk():
    assert person_lines("197001151998031004", "PNS", "IV/c") == (
        "Pembina Utama Muda (IV/c)",
        "NIP 19700115 199803 1 004",
    )
    assert person_lines("123456789012345678", "PPPK", "IX") == ("Golongan IX", "NI PPPK 123456789012345678")
    assert person_lines(None, "non-ASN", None) == ("", "")


def test_kop_and_signing_on_a_canvas_issuer_right_place_and_date_above():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    width = A4[0] - 50 * mm
    below = draw_kop(canvas, Kop(LINES, _png()), 25 * mm, width, A4[1] - 15 * mm)
    draw_signing(canvas, Signing("Serang, 20 November 2026", ISSUER, WITNESS), 25 * mm, width, below - 40)
    canvas.showPage()
    canvas.save()
    data = buffer.getvalue()
    text = pdf_text(data)[0]
    for line in LINES:
        assert line in text
    middle = pdf_page_width(data) / 2
    place = pdf_find(data, "Serang, 20 November 2026")
    issuer = pdf_find(data, "Ir. Tb. Ahmad Fauzi, M.T.")
    witness = pdf_find(data, "Lia Firmansyah, A.Md.")
    knows = pdf_find(data, "Mengetahui,")
    assert issuer[0] > middle and place[0] > middle  # the issuing official on the right
    assert place[1] > issuer[3]  # place and date above the name
    assert witness[2] < middle and knows[2] < middle  # the second signatory on the left
    assert knows[1] > witness[3]
    assert abs(witness[1] - issuer[1]) < 1  # names on one line
    assert pdf_find(data, "NIP 19700115 199803 1 004")[0] > middle
    assert pdf_find(data, "Pembina Utama Muda (IV/c)")[1] < issuer[1]


def test_the_flowables_in_a_story_keep_the_signing_block_whole():
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm)
    width = A4[0] - 50 * mm
    filler = [Paragraph(f"Baris {i}", ParagraphStyle("p", fontName=FONT, fontSize=10)) for i in range(52)]
    story = [
        kop_flowable(Kop(LINES), width),
        *filler,
        signing_flowable(Signing("Serang, 1 Mei 2026", ISSUER), width),
    ]
    doc.build(story)
    pages = pdf_text(buffer.getvalue())
    assert LINES[1] in pages[0]
    signing_page = next(i for i, page in enumerate(pages) if "Kepala Bappeda Kota Serang" in page)
    assert "Ir. Tb. Ahmad Fauzi, M.T." in pages[signing_page]  # jabatan and name on one page
    assert "Serang, 1 Mei 2026" in pages[signing_page]


def test_docx_header_and_signing_table():
    document = Document()
    add_kop_docx(document.sections[0], Kop(LINES, _png()))
    add_signing_docx(document, Signing("Serang, 20 November 2026", ISSUER, WITNESS))
    out = io.BytesIO()
    document.save(out)
    read = Document(io.BytesIO(out.getvalue()))
    header = read.sections[0].header
    header_text = [p.text for t in header.tables for c in t._cells for p in c.paragraphs]
    for line in LINES:
        assert line in header_text
    table = read.tables[-1]
    assert table.cell(0, 1).text == "Serang, 20 November 2026"
    assert table.cell(0, 0).text == "Mengetahui,"
    name = table.cell(3, 1).paragraphs[0].runs[0]
    assert name.text == "Ir. Tb. Ahmad Fauzi, M.T." and name.bold and name.underline
    assert table.cell(5, 1).text == "NIP 19700115 199803 1 004"
    # every row unsplittable and each paragraph but the last row's kept with the next
    assert all(row._tr.trPr.xpath("./w:cantSplit") for row in table.rows)
    assert all(p.paragraph_format.keep_with_next for c in table.rows[3].cells for p in c.paragraphs)


# ---- the organiser's page -------------------------------------------------------------------------


@pytest.fixture
def organiser(as_role):
    return as_role("organiser")


def _event(world):
    return db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()


def test_organiser_saves_the_letterhead_with_a_logo_and_it_heads_the_sample(app, organiser, world):
    url = f"/manage/events/{world.event_slug}/documents/letterhead"
    assert organiser.get(url).status_code == 200
    data = {f"kop_line{i}": line for i, line in enumerate(LINES, 1)}
    data |= {
        "witness_position": "Pejabat Pelaksana Teknis Kegiatan",
        "witness_name": "Dedi Kurniawan, S.T., M.Si.",
        "witness_nip": "19820314 200604 1 003",
        "logo": (io.BytesIO(_png()), "logo.png"),
    }
    response = organiser.post_form(url, data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        event = _event(world)
        settings = db.session.get(DocumentSettings, event.id)
        assert settings.kop_line2 == LINES[1] and settings.witness_nip == "198203142006041003"
        assert letterhead.logo_path(settings).read_bytes().startswith(b"\x89PNG")
        assert db.session.execute(select(AuditEntry).where(AuditEntry.entity == "DocumentSettings")).first()
    sample = organiser.get(f"/manage/events/{world.event_slug}/documents/letterhead.pdf")
    text = pdf_text(sample.data)[0]
    for line in LINES:
        assert line in text
    assert "Dedi Kurniawan, S.T., M.Si." in text and "NIP 19820314 200604 1 003" in text


def test_a_file_that_is_not_an_image_is_refused_by_the_field(app, organiser, world):
    url = f"/manage/events/{world.event_slug}/documents/letterhead"
    response = organiser.post_form(
        url,
        data={
            "kop_line1": "PEMERINTAH KOTA SERANG",
            "logo": (io.BytesIO(b"%PDF-1.4 not an image"), "logo.png"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert b"PNG" in response.data
    with app.app_context():
        assert db.session.get(DocumentSettings, _event(world).id) is None


def test_a_witness_needs_a_position_and_a_nip_has_18_digits(app, organiser, world):
    url = f"/manage/events/{world.event_slug}/documents/letterhead"
    response = organiser.post_form(url, data={"witness_name": "Dedi", "witness_nip": "123"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(DocumentSettings, _event(world).id) is None


def test_without_a_saved_letterhead_documents_carry_the_organiser_and_unit(ctx, world):
    event = _event(world)
    kop = letterhead.kop_for(event)
    assert kop.lines == (event.organiser.upper(), event.organising_unit.upper())


def test_the_demo_has_a_full_kop_with_a_generated_emblem(ctx):
    event, _ = seed_demo(today=date(2026, 11, 18))
    kop = letterhead.kop_for(event)
    assert kop.lines == tuple(KOP[f"kop_line{i}"] for i in range(1, 5))
    assert kop.logo.startswith(b"\x89PNG")
    with Image.open(io.BytesIO(emblem_png())) as image:
        assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0  # transparent around the shield
    assert letterhead.witness_for(event).name == KOP["witness_name"]


def test_docx_kop_and_signing_convert_with_libreoffice_without_wrapping(tmp_path):
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the DOCX conversion cannot be checked here")
    document = Document()
    add_kop_docx(document.sections[0], Kop(LINES, _png()))
    document.add_paragraph("LAPORAN KEGIATAN")
    add_signing_docx(document, Signing("Serang, 20 November 2026", ISSUER, WITNESS))
    source = tmp_path / "kop.docx"
    document.save(source)
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    text = pdf_text((tmp_path / "kop.pdf").read_bytes())[0]
    lines = [line.strip() for line in text.splitlines()]
    for line in LINES:
        assert line in lines  # each kop line on one line, never wrapped
    flat = " ".join(text.split())
    assert (
        "Mengetahui," in flat and "Lia Firmansyah, A.Md. Ir. Tb. Ahmad Fauzi, M.T." in flat
    )  # names on one line
