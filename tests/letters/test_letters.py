"""What each letter says and how it reaches the organiser: the institution's head and its people,
the speaker's institution head and sessions, in the PDF and the .docx; the pages, the CLI, the
register, the erasure."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from sqlalchemy import select

from tests.letters.conftest import LONG_NAME, add_people, event_by_slug
from tests.pdf_read import pdf_chars_outside, pdf_text
from workshop.attendees.models import Attendee
from workshop.core.audit import AuditEntry
from workshop.extensions import db
from workshop.letters import exports, services
from workshop.letters.models import Letter, LetterSettings


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]

    def cells(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    parts.extend(p.text for p in cell.paragraphs)
                    cells(cell.tables)

    cells(document.tables)
    for section in document.sections:
        cells(section.first_page_header.tables)
    return "\n".join(parts)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_head_titles_from_institution_names():
    assert services.head_title_for("Dinas Kesehatan", "Kota Serang") == "Kepala Dinas Kesehatan Kota Serang"
    assert services.head_title_for("Kecamatan Taktakan", "Kota Serang") == "Camat Taktakan"
    assert services.head_title_for("Forum Anak Daerah", "Kota Serang").startswith("Ketua Forum Anak")
    assert services.head_title_for("Radar Banten", "Kota Serang") == "Pimpinan Radar Banten"
    assert services.head_title_for("DP3AKB Provinsi Banten", "Kota Serang") == "Kepala DP3AKB Provinsi Banten"


def test_every_invitation_names_its_institutions_head_and_its_people(letters_event):
    event, _ids = letters_event
    services.generate(event, "undangan")
    db.session.commit()
    data = exports.all_pdf(event, "undangan")
    assert pdf_chars_outside(data) == []
    pages = [_flat(page) for page in pdf_text(data)]
    letters = [page for page in pages if "Yth." in page]
    assert len(letters) == 2  # Bappeda, the organiser's own unit, gets none
    health = next(page for page in letters if "Dinas Kesehatan" in page)
    assert "Yth. Kepala Dinas Kesehatan Kota Serang" in health
    assert "Rina Marlina, S.K.M." in health and "Budi Santoso, S.Kep." in health
    assert "Siti Nurhaliza" not in health and "Ahmad Panitia" not in health
    assert "menugaskan 3 (tiga) orang" in health  # with the world's Muh. Ma'ruf
    for text in (
        "Nomor : 005/00",
        "Sifat : Penting",
        "Lampiran : 1 (satu) berkas",
        "Hal : Undangan Bimbingan",
    ):
        assert text in health
    assert "Ir. Tb. Ahmad Fauzi, M.T." in health and "NIP 19700115 199803 1 004" in health
    long = next(page for page in letters if "Siti Nurhaliza" in page)
    assert f"Yth. Kepala {LONG_NAME}" in long
    assert any("SUSUNAN ACARA" in page and "Konvensi Hak Anak" in page for page in pages)


def test_the_docx_says_the_same(letters_event):
    event, _ids = letters_event
    letter = next(
        letter for letter in services.generate(event, "undangan") if "Kesehatan" in letter.institution_name
    )
    db.session.commit()
    zipped = zipfile.ZipFile(io.BytesIO(exports.all_zip(event, "undangan")))
    names = zipped.namelist()
    assert len(names) == 4 and sum(name.endswith(".docx") for name in names) == 2
    docx = next(name for name in names if name.endswith(".docx") and "kesehatan" in name)
    text = _docx_text(zipped.read(docx))
    assert "Yth. Kepala Dinas Kesehatan Kota Serang" in text
    assert "Rina Marlina, S.K.M." in text and "Budi Santoso, S.Kep." in text
    assert letter.number in text and "Ir. Tb. Ahmad Fauzi, M.T." in text
    assert "SUSUNAN ACARA" in text and "Konvensi Hak Anak" in text
    assert "PEMERINTAH KOTA SERANG" in text  # the kop in the first page's header


def test_the_speaker_request_names_the_head_session_date_and_place(letters_event):
    event, ids = letters_event
    services.save_addressee(
        event, "narasumber", ids["deputy"], "Deputi Bidang Pemenuhan Hak Anak", "di Jakarta", None
    )
    letters = services.generate(event, "narasumber")
    assert [letter.attendee_id for letter in letters] == [ids["deputy"]]  # not the Bappeda speaker
    text = _flat("\n".join(pdf_text(exports.all_pdf(event, "narasumber"))))
    assert "Yth. Deputi Bidang Pemenuhan Hak Anak" in text and "di Jakarta" in text
    assert "Drs. Dermawan, M.Si." in text and "Hal : Permohonan Narasumber" in text
    assert "materi : Konvensi Hak Anak" in text and "materi : Tanya jawab KHA" in text
    assert "10.30 s.d. 11.30 WIB" in text and "Aula" in text


def test_a_number_of_people_asked_for_without_names(letters_event):
    event, _ids = letters_event
    social = db.session.execute(
        select(Attendee).where(Attendee.event_id == event.id, Attendee.full_name == "Siti Nurhaliza, S.Sos.")
    ).scalar_one()
    services.save_addressee(event, "undangan", social.institution_id, "", "", 3)
    target = services.find_target(event, "undangan", social.institution_id)
    letter = services.content(event, services.get_settings(event), exports.kop_for(event), target=target)
    assert "menugaskan 3 (tiga) orang" in letter.opening and "/      /Bappeda/" in letter.number


def test_cli_makes_both_kinds(app, runner, letters_event, tmp_path):
    event, _ids = letters_event
    for kind in ("undangan", "undangan-narasumber", "undangan-zip"):
        out = tmp_path / f"{kind}.out"
        result = runner.invoke(args=["documents", "make", event.slug, kind, str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_bytes()[:4] in (b"%PDF", b"PK\x03\x04")
    assert "Drs. Dermawan" in "".join(pdf_text((tmp_path / "undangan-narasumber.out").read_bytes()))


def test_the_organiser_saves_generates_and_downloads(app, as_role, world):
    with app.app_context():
        from tests.letters.conftest import add_people, add_speakers

        event = event_by_slug(world.event_slug)
        add_people(event)
        add_speakers(event)
        db.session.commit()
    organiser = as_role("organiser")
    base = f"/manage/events/{world.event_slug}/letters"
    assert organiser.get(base).status_code == 200
    # Generating before the settings: a message, nothing numbered.
    assert organiser.post_form(f"{base}/undangan/generate").status_code == 302
    bad = organiser.post_form(base, data={"classification_code": "005/x", "unit_code": "", "place": "Serang"})
    assert bad.status_code == 422
    with app.app_context():
        assert db.session.get(LetterSettings, event_by_slug(world.event_slug).id) is None
        assert db.session.execute(select(Letter)).first() is None
    from tests.letters.conftest import SETTINGS

    assert organiser.post_form(base, data={**SETTINGS, "letter_date": "2026-11-20"}).status_code == 302
    assert organiser.post_form(f"{base}/undangan/generate").status_code == 302
    register = organiser.get(f"{base}/register")
    assert b"005/001/Bappeda/2026" in register.data and b"Kepala Dinas Kesehatan Kota Serang" in register.data
    assert b"Siti Organiser" in register.data  # who generated it
    with app.app_context():
        letter = db.session.execute(select(Letter).order_by(Letter.seq)).scalars().first()
        assert letter.generated_by_id == world.users["organiser"][0]
        assert db.session.execute(select(AuditEntry).where(AuditEntry.entity == "Letter")).first()
    assert organiser.get(f"{base}/register/{letter.id}.pdf").data.startswith(b"%PDF")
    assert organiser.get(f"{base}/register/{letter.id}.docx").data.startswith(b"PK")
    assert organiser.get(f"{base}/undangan/all.pdf").data.startswith(b"%PDF")
    assert organiser.get(f"{base}/undangan/nothing/preview.pdf").status_code == 404
    assert organiser.get(f"{base}/surat/1/preview.pdf").status_code == 404
    assert organiser.get(f"{base}/undangan/all.exe").status_code == 404
    # The addressee form: a count out of range is refused by the field.
    url = f"{base}/undangan/{letter.institution_id}"
    refused = organiser.post_form(url, data={"head_title": "Kepala Dinas", "people_requested": "9999"})
    assert refused.status_code == 422 and b"field-error" in refused.data
    assert organiser.post_form(url, data={"head_title": "Plt. Kepala Dinas Kesehatan"}).status_code == 302


def test_another_events_letters_and_addressees_are_not_found(app, as_role, world):
    with app.app_context():
        from tests.letters.conftest import add_people, save

        other = event_by_slug(world.other_slug)
        add_people(other, {"Dinas Sosial": ["Ani Lestari"]}, 50)
        save(other)
        letter = services.generate(other, "undangan")[0]
        db.session.commit()
        letter_id, institution_id = letter.id, letter.institution_id
    organiser = as_role("organiser")
    base = f"/manage/events/{world.event_slug}/letters"
    assert organiser.get(f"{base}/register/{letter_id}.pdf").status_code == 404
    assert organiser.get(f"{base}/undangan/{institution_id}").status_code == 404
    assert (
        organiser.post_form(f"{base}/undangan/{institution_id}", data={"head_title": "X"}).status_code == 404
    )


def test_purge_and_erasure_take_the_names_out_of_the_register(letters_event):
    from workshop.core import signals

    event, ids = letters_event
    services.generate(event, "undangan")
    services.generate(event, "narasumber")
    person = db.session.execute(
        select(Attendee).where(Attendee.full_name == "Rina Marlina, S.K.M.")
    ).scalar_one()
    signals.reports(signals.attendee_erased, event, attendee=person, dry_run=False)
    names = [p["name"] for letter in services.registered(event) for p in letter.data.get("people", [])]
    assert "Rina Marlina, S.K.M." not in names and "Budi Santoso, S.Kep." in names
    report = signals.reports(signals.event_purged, event, dry_run=False)
    assert report["letters"]["letters"] == 3
    for letter in services.registered(event):
        assert letter.data == {} and letter.person_name in ("", "—")
        assert letter.number.startswith("005/")  # the register of letters sent stays
    assert db.session.get(LetterSettings, event.id).signer_nip == ""
    speaker_letter = services.registered(event, "narasumber")[0]
    assert speaker_letter.attendee_id == ids["deputy"]
    said = services.content(
        event, services.get_settings(event), exports.kop_for(event), letter=speaker_letter
    )
    assert "Dermawan" not in said.opening


def test_many_people_go_to_lampiran_one_and_odd_names_stay_text(letters_event):
    from tests.letters.conftest import add_people

    event, _ids = letters_event
    names = [f"Siti Ke{chr(65 + i)} Ma'ruf, S.Pd." for i in range(10)]
    add_people(event, {"Yayasan Anak & Keluarga": names}, 200)
    letter = next(
        letter for letter in services.generate(event, "undangan") if "Yayasan" in letter.institution_name
    )
    assert letter.lampiran == "2 (dua) berkas" and letter.addressee.startswith(
        "Pimpinan Yayasan Anak & Keluarga"
    )
    said = services.content(event, services.get_settings(event), exports.kop_for(event), letter=letter)
    pages = [_flat(page) for page in pdf_text(exports.pdf.letter_pdf(said))]
    assert "Lampiran I" in pages[0] and "Siti KeA" not in pages[0]
    assert "DAFTAR NAMA PESERTA" in pages[1] and all(name in pages[1] for name in names)
    assert "SUSUNAN ACARA" in pages[2] and "Lampiran II" in pages[2]
    text = _docx_text(exports.word.letter_docx(said))
    assert all(name in text for name in names) and "Yth. Pimpinan Yayasan Anak & Keluarga" in text


def test_the_bundle_holds_the_letters_sent_and_no_drafts(letters_event):
    from workshop.documents import services as documents

    event, _ids = letters_event
    assert exports.bundle_files(event, "https://bintek.example") == []  # nothing sent yet
    services.generate(event, "undangan")
    add_people(event, {"Dinas Sosial Kota Serang": ["Dewi Lestari, S.Sos."]}, nip_base=50)
    db.session.commit()  # one more institution, its invitation not made yet: a draft
    parts = {name: make for name, _d, make in documents.bundle_parts(event, "https://bintek.example")}
    assert [name for name in parts if name.startswith("08-surat/")] == ["08-surat/undangan.pdf"]
    sent = [_flat(page) for page in pdf_text(parts["08-surat/undangan.pdf"]())]
    sent = [page for page in sent if "Yth." in page]
    assert len(sent) == 2 and not any("Dinas Sosial" in page for page in sent)
    assert all("Nomor : 005/00" in page for page in sent)  # numbered, as registered
    with_drafts = [page for page in pdf_text(exports.all_pdf(event, "undangan")) if "Yth." in page]
    assert len(with_drafts) == 3  # the download still offers the draft
