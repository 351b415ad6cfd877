"""KLA evidence per question (issue 14): one merged PDF per question the event serves, with
bookmarks (cover, trained members, participants' certificates, daftar hadir, programme, and the
adopted RTL for the RTL question); its page count is the sum of its parts'. The bundle adds them
under evidence/ and names a part that fails. `flask documents make` writes any kind; --help lists
them. Read back with pypdf and pypdfium2."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from pypdf import PdfReader

from tests.demo_snapshot import snapshot
from tests.pdf_read import pdf_text
from workshop.certificates import services as certificates
from workshop.core import exporters
from workshop.demo import seed_demo
from workshop.demo.documents import seed_documents
from workshop.demo.groups import seed_group_work
from workshop.documents import evidence, services
from workshop.extensions import db

pytestmark = (
    pytest.mark.sqlite_only
)  # rendering and merging; the queries are tested on both databases elsewhere
BASE = "https://bintek.example"


@pytest.fixture
def demo(ctx):
    """The demo with three adopted groups and every participant's certificate issued (the demo
    itself is in progress: its participants are not eligible yet)."""
    return snapshot("demo with group work, documents and every certificate", _seed)


def _seed():
    event, _ = seed_demo(today=date(2026, 11, 18))
    seed_group_work(event)
    seed_documents(event)
    settings = certificates.get_settings(event)
    settings.role_shares = {**settings.role_shares, "peserta": 0}
    db.session.flush()
    certificates.issue_due(event, force=True)
    db.session.flush()
    return event


def outline(reader: PdfReader) -> list:
    """[(title, page or None, [children titles])] of the top level."""
    result, items = [], list(reader.outline)
    for n, item in enumerate(items):
        if isinstance(item, list):
            continue
        children = items[n + 1] if n + 1 < len(items) and isinstance(items[n + 1], list) else []
        result.append((item.title, reader.get_destination_page_number(item), [c.title for c in children]))
    return result


def pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def test_every_agency_of_the_questions_resolves_to_a_canonical_institution():
    for q in evidence.questions():
        assert len(q.institution_keys) == len(set(map(evidence.resolve_agency, q.agencies))), q.key
        assert None not in {evidence.resolve_agency(a) for a in q.agencies}, q.agencies
    assert len(evidence.questions()) == 14
    assert evidence.question(evidence.TASK_FORCE).text.startswith(
        "Apakah Gugus Tugas KLA sudah terlatih KHA?"
    )


def test_the_task_force_question_merges_its_parts_with_bookmarks(demo):
    trained = evidence.trained_participants(demo, BASE)
    assert trained and all(c.attendee.role == "peserta" for c in trained)
    served = {q.key for q in evidence.served(demo)}
    assert {"2-2", "15-4", "4-5"} <= served  # Dinkes and Disdukcapil sent trained people
    built = evidence.question_evidence(demo, evidence.TASK_FORCE, BASE)
    pdf = built.pdf()
    reader = PdfReader(io.BytesIO(pdf))
    cover = pages(built.cover_for([("x", "y")] * 5))
    parts = sum(
        pages(p.pdf) if p.pdf is not None else sum(pages(d) for _t, d in p.children) for p in built.parts
    )
    assert len(reader.pages) == cover + parts
    top = outline(reader)
    assert [t for t, _p, _c in top] == [
        "Sampul",
        "Daftar anggota terlatih",
        "Sertifikat peserta",
        "Daftar hadir peserta",
        "Susunan acara",
    ]
    assert [p for _t, p, _c in top][0] == 0 and [p for _t, p, _c in top] == sorted(p for _t, p, _c in top)
    certificates_part = dict((t, c) for t, _p, c in top)["Sertifikat peserta"]
    assert len(certificates_part) == len(trained)
    assert reader.metadata.title.startswith("BUKTI DUKUNG EVALUASI KLA")
    text = pdf_text(pdf)
    first = " ".join(text[0].split())
    assert "Apakah Gugus Tugas KLA sudah terlatih KHA?" in first and demo.title in first
    listing = " ".join(text[1].split())
    person = trained[0]
    assert "DAFTAR ANGGOTA YANG TELAH TERLATIH KONVENSI HAK ANAK" in listing
    flat = " ".join(" ".join(text).split())
    assert person.number in flat and person.attendee.full_name in flat
    # Committee and speakers' certificates stand apart: none of their numbers is in the file.
    others = [c for c in evidence.certificates(demo, BASE) if c.attendee.role != "peserta"]
    assert others and not any(c.number in flat for c in others)


def test_a_question_is_served_by_its_agencies_only(demo):
    q = evidence.question("15-4")  # Dinkes
    mine = evidence.trained_for(q, evidence.trained_participants(demo, BASE))
    assert mine and all(c.attendee.institution_name == "Dinas Kesehatan" for c in mine)
    assert len(mine) < len(evidence.trained_participants(demo, BASE))
    assert not evidence.serves(demo, "11-6") or any(
        c.attendee.institution_name == "Dinas Perhubungan" for c in evidence.trained_participants(demo, BASE)
    )


def test_the_rtl_question_carries_every_adopted_group(demo):
    pdf = exporters.make("evidence-rtl", demo, BASE)
    reader = PdfReader(io.BytesIO(pdf))
    top = outline(reader)
    assert top[1][0] == "Rencana Tindak Lanjut (RTL) yang ditetapkan" and len(top[1][2]) == 3
    flat = " ".join(" ".join(pdf_text(pdf)).split())
    assert flat.count("LEMBAR PENGESAHAN") == 3 and "Draf" not in flat


def test_the_bundle_adds_evidence_and_names_a_failing_part(demo):
    target = io.BytesIO()
    names = services.write_bundle(demo, target, BASE)
    archive = zipfile.ZipFile(target)
    assert "evidence/bukti-kla-indikator-2-2.pdf" in names and "evidence/bukti-kla-rtl.pdf" in names
    assert archive.read("evidence/bukti-kla-indikator-2-2.pdf").startswith(b"%PDF")
    participants = [n for n in names if n.startswith("03-sertifikat/peserta/")]
    apart = [n for n in names if n.startswith("03-sertifikat/narasumber-panitia/")]
    assert participants and apart
    assert "05-laporan-kegiatan/laporan-kegiatan.docx" in names

    def broken(event, base_url):
        raise RuntimeError("renderer down")

    original = exporters.get("rtl")
    exporters.register("rtl", original.label, "pdf", broken, owner="groups", order=original.order)
    try:
        target = io.BytesIO()
        with pytest.raises(services.BundleIncomplete) as failed:
            services.write_bundle(demo, target, BASE)
        assert "04-rtl/rtl-semua-kelompok.pdf" in str(failed.value) and "renderer down" in str(failed.value)
        written = zipfile.ZipFile(target).namelist()
        assert "04-rtl/rtl-semua-kelompok.pdf" not in written and "00-daftar-isi.pdf" in written
        assert "04-rtl/rtl-semua-kelompok.docx" in written  # the other parts are still there
    finally:
        exporters.register(
            "rtl",
            original.label,
            "pdf",
            original.make,
            owner="groups",
            order=original.order,
            file_name=original.file_name,
        )


def test_flask_documents_make(app, demo, runner, tmp_path):
    db.session.commit()
    listed = runner.invoke(args=["documents", "make", "--help"])
    for kind in (
        "report",
        "report-docx",
        "rtl",
        "rtl-docx",
        "daftar-hadir",
        "recap",
        "evidence-trained",
        "evidence-rtl",
    ):
        assert kind in listed.output, kind
    for kind, magic in (("report-docx", b"PK"), ("evidence-trained", b"%PDF"), ("daftar-hadir", b"%PDF")):
        out = tmp_path / f"out-{kind}"
        result = runner.invoke(args=["documents", "make", demo.slug, kind, str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(magic)
    unknown = runner.invoke(args=["documents", "make", demo.slug, "nope", str(tmp_path / "x")])
    assert unknown.exit_code != 0 and "Unknown kind" in unknown.output
