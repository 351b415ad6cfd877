"""The attendance recap (.xlsx, read back with openpyxl) and the activity report (its content and
the PDF), on the demo event; photos checked by content; bad input stores nothing."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.demo_snapshot import seed_demo
from tests.pdf_read import pdf_text
from workshop.attendees.models import Attendee
from workshop.checkin.models import CheckIn
from workshop.documents import services
from workshop.documents.models import ReportPhoto
from workshop.extensions import db


@pytest.fixture
def demo(ctx):
    event, _ = seed_demo(today=date(2026, 11, 18))
    return event


def jpeg(size=(800, 600)) -> io.BytesIO:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, "JPEG")
    out.seek(0)
    return out


def test_recap_has_a_row_per_person_and_the_check_in_times(demo):
    book = load_workbook(io.BytesIO(services.recap_xlsx(demo)))
    sheet = book["Rekap"]
    headers = [c.value for c in sheet[3]]
    assert headers[:3] == ["No", "Nama", "NIP"]
    registered = db.session.scalar(
        select(func.count(Attendee.id)).where(Attendee.event_id == demo.id, Attendee.status == "registered")
    )
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0] is not None]
    assert len(rows) == registered
    # Every check-in of the demo appears as a time; the totals add up. A check-in confirmed in
    # another group's breakout is not the person's programme: the dashboard lists it for review.
    checkins = db.session.scalar(
        select(func.count(CheckIn.id)).where(CheckIn.event_id == demo.id, CheckIn.wrong_group.is_(False))
    )
    present_col = headers.index("Hadir")
    assert sum(r[present_col] for r in rows) == checkins
    first = (
        db.session.execute(select(CheckIn).where(CheckIn.event_id == demo.id).order_by(CheckIn.scanned_at))
        .scalars()
        .first()
    )
    person = db.session.get(Attendee, first.attendee_id)
    row = next(r for r in rows if r[1] == person.full_name)
    assert f"{demo.local(first.scanned_at):%H:%M}" in row
    # The certificate column says who is eligible and why.
    standing = headers.index("Sertifikat")
    assert all(r[standing] for r in rows)
    assert any(str(r[standing]).startswith("Belum berhak:") and "sesi" in str(r[standing]) for r in rows)
    # NIPs stay 18-digit text.
    nips = [r[2] for r in rows if r[2]]
    assert nips and all(isinstance(n, str) and len(n) == 18 for n in nips)
    summary = book["Ringkasan"]
    values = [r for r in summary.iter_rows(values_only=True) if r and r[0] in ("L", "P")]
    assert sum(r[1] for r in values) == registered


def test_recap_escapes_formulas(demo):
    from workshop.attendees import services as attendee_services

    attendee_services.create_attendee(
        demo,
        {
            "full_name": "Rina Lestari",
            "gender": "P",
            "category": "non-ASN",
            "position": "Staf",
            "institution": '=HYPERLINK("http://x")',
            "phone": "0813-7777-0001",
        },
        confirm_warnings=True,
    )
    sheet = load_workbook(io.BytesIO(services.recap_xlsx(demo)))["Rekap"]
    cells = [
        c
        for row in sheet.iter_rows(min_row=4)
        for c in row
        if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert cells and all(c.value.startswith("'=") and c.data_type == "s" for c in cells)


@pytest.mark.sqlite_only  # rendering; the queries run on both databases in other tests
def test_report_content_from_the_event_and_the_organisers_texts(demo):
    services.save_report(
        demo,
        {
            "background": "Kota Serang menuju KLA.\n\nParagraf kedua <b>tebal</b>?",
            "legal_basis": "UU No. 35 Tahun 2014\nPerpres No. 25 Tahun 2021",
            "objectives": "",
            "funding": "APBD Kota Serang 2026, DPA Bappeda.",
            "closing_notes": "Terima kasih.",
            "suggestions": "RTL masuk Renja 2027.",
        },
    )
    report = services.report_content(demo)
    assert report.heading == "LAPORAN KEGIATAN"
    assert [c.heading for c in report.chapters] == ["BAB I", "BAB II", "BAB III", "BAB IV"]
    text = " ".join(" ".join(pdf_text(services.report_pdf(demo))).split())
    for heading in ("BAB I PENDAHULUAN", "BAB II PELAKSANAAN", "BAB III HASIL KEGIATAN", "BAB IV PENUTUP"):
        assert heading in text
    for section in (
        "A. Latar Belakang",
        "B. Dasar Hukum",
        "C. Maksud dan Tujuan",
        "D. Sasaran",
        "B. Peserta",
        "C. Narasumber dan Materi",
        "D. Susunan Acara",
        "E. Pembiayaan",
        "A. Kehadiran per Sesi",
        "A. Kesimpulan",
        "B. Saran",
        "LAMPIRAN",
    ):
        assert section in text, section
    assert "Kota Serang menuju KLA." in text and "Paragraf kedua <b>tebal</b>?" in text
    assert "1. UU No. 35 Tahun 2014" in text and "2. Perpres No. 25 Tahun 2021" in text
    assert "APBD Kota Serang 2026, DPA Bappeda." in text and "RTL masuk Renja 2027." in text
    assert "Kehadiran per sesi (%)" in text and "(belum diisi)" in text  # the empty objectives
    # Participants are counted apart from speakers, moderators, facilitators and the committee.
    registered = db.session.execute(
        select(Attendee.role, func.count(Attendee.id))
        .where(Attendee.event_id == demo.id, Attendee.status == "registered")
        .group_by(Attendee.role)
    ).all()
    counts = dict(registered)
    assert counts.get("narasumber") and counts.get("panitia")
    facts = services.report_facts(demo)
    assert facts.participants == counts["peserta"] < sum(counts.values())
    assert f"diikuti oleh {counts['peserta']} peserta" in text
    assert f"diikuti oleh {sum(counts.values())} peserta" not in text
    # The signature block: the committee chair on the right under place and date, the head of
    # Bappeda on the left under "Mengetahui,".
    head = services.committee_head(demo)
    assert "Mengetahui," in text and head.full_name in text and "Kepala Bappeda Kota Serang" in text
    page = next(p for p in pdf_text(services.report_pdf(demo)) if "Mengetahui," in p)
    page = " ".join(page.split())
    assert "B. Saran" in page  # right after BAB IV, before the appendices
    assert "Kepala Bappeda Kota Serang" in page and head.full_name in page and "19 November 2026" in page


@pytest.mark.sqlite_only  # rendering; the queries run on both databases in other tests
def test_report_renders_for_an_empty_event_and_very_long_texts(ctx):
    from tests.conftest import make_event, make_user

    event = make_event(make_user("p@serang.go.id"), slug="kosong")
    services.save_report(
        event,
        {
            "background": "Kata " * 3900,
            "legal_basis": "O'Brien & <Ré>",
            "objectives": "",
            "closing_notes": "",
        },
    )
    assert services.report_pdf(event).startswith(b"%PDF")
    with pytest.raises(ValueError):
        services.save_report(event, {"background": "x" * (services.REPORT_TEXT_MAX + 1)})


@pytest.mark.sqlite_only  # rendering; the queries run on both databases in other tests
def test_photos_are_reencoded_and_refused_when_not_images(demo, app):
    photo = services.add_photo(demo, jpeg((3000, 2000)), "Pembukaan oleh Sekda")
    assert (photo.width, photo.height) == (1600, 1067)
    path = services.photo_file(photo)
    assert path.exists() and path.read_bytes().startswith(b"\xff\xd8\xff")
    for data in (b"%PDF-1.4 not an image", b"\x89PNG\r\n\x1a\n garbage"):
        with pytest.raises(services.PhotoRefused):
            services.add_photo(demo, io.BytesIO(data), "x")
    assert db.session.scalar(select(func.count(ReportPhoto.id))) == 1
    photos = services.report_content(demo).appendices[1].blocks[0].photos
    assert photos[0].caption == "Pembukaan oleh Sekda"
    assert services.report_pdf(demo).startswith(b"%PDF")


def test_organiser_pages(app, as_role, world):
    organiser = as_role("organiser")
    organiser.set_cookie("lang", "en")
    page = organiser.get("/manage/events/kla-serang/documents").get_data(as_text=True)
    assert "Activity report (PDF)" in page and "Attendance recap (.xlsx)" in page
    saved = organiser.post_form(
        "/manage/events/kla-serang/documents/report",
        {
            "background": "Latar",
            "legal_basis": "",
            "objectives": "",
            "funding": "APBD 2026",
            "closing_notes": "",
        },
    )
    assert saved.status_code == 302
    with app.app_context():
        from workshop.documents.models import ActivityReport

        assert db.session.execute(select(ActivityReport.funding)).scalar_one() == "APBD 2026"
    too_long = organiser.post_form(
        "/manage/events/kla-serang/documents/report",
        {"background": "x" * 20_001, "legal_basis": "", "objectives": "", "closing_notes": ""},
    )
    assert too_long.status_code == 422 and "At most 20000 characters." in too_long.get_data(as_text=True)
    bad = organiser.post_form(
        "/manage/events/kla-serang/documents/report/photos",
        {"photo": (io.BytesIO(b"MZ not an image"), "foto.jpg"), "caption": "x"},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422 and "must be a JPG or PNG" in bad.get_data(as_text=True)
    good = organiser.post_form(
        "/manage/events/kla-serang/documents/report/photos",
        {"photo": (jpeg(), "foto.jpg"), "caption": "Diskusi kelompok"},
        content_type="multipart/form-data",
    )
    assert good.status_code == 302
    recap = organiser.get("/manage/events/kla-serang/documents/attendance-recap.xlsx")
    assert (
        recap.data[:2] == b"PK" and "rekap-kehadiran-kla-serang.xlsx" in recap.headers["Content-Disposition"]
    )
    pdf = organiser.get("/manage/events/kla-serang/documents/report.pdf")
    assert pdf.data.startswith(b"%PDF")


def test_recap_has_jabatan_rank_and_full_institution_and_prints_one_page_wide(demo):
    from workshop.demo.letterhead import KOP

    book = load_workbook(io.BytesIO(services.recap_xlsx(demo)))
    sheet = book["Rekap"]
    headers = [c.value for c in sheet[3]]
    assert headers[:8] == ["No", "Nama", "NIP", "Jabatan", "Pangkat/Gol.", "L/P", "Kategori", "Instansi"]
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0] is not None]
    pppk = db.session.execute(select(Attendee).where(Attendee.category == "PPPK")).scalars().first()
    row = next(r for r in rows if r[1] == pppk.full_name)
    assert row[3] == pppk.position and row[4] == f"Golongan {pppk.golongan}"
    fauzi = next(r for r in rows if r[1] == "Ir. Tb. Ahmad Fauzi, M.T.")
    assert fauzi[3] == "Kepala Bappeda" and fauzi[4] == "Pembina Utama Muda (IV/c)"
    assert fauzi[7] == "Bappeda Kota Serang"
    # Print set-up: A4 landscape, one page wide, the header row on every page, header and footer.
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and str(setup.paperSize) == "9"  # 9: A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert sheet.print_title_rows == "$3:$3"
    assert KOP["kop_line1"] in sheet.oddHeader.left.text and KOP["kop_line2"] in sheet.oddHeader.left.text
    assert demo.title in sheet.oddHeader.center.text
    assert sheet.oddFooter.right.text == "Halaman &P dari &N"
    assert sheet.oddFooter.left.text == "Bappeda Kota Serang"
    assert book.properties.creator == "Bappeda Kota Serang"
