"""The KLA evidence bundle: one ZIP with an index and every document, from the demo event; the
same file from the organiser's button (a job) and from `flask documents bundle`."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from sqlalchemy import select

from tests.demo_snapshot import snapshot
from tests.pdf_read import pdf_text
from workshop.attendees.models import Attendee
from workshop.checkin.models import CheckIn
from workshop.demo import seed_demo
from workshop.demo.groups import seed_group_work
from workshop.documents import services
from workshop.extensions import db


@pytest.fixture
def demo(ctx):
    return snapshot("demo with group work", _seed)


def _seed():
    event, _ = seed_demo(today=date(2026, 11, 18))
    seed_group_work(event)
    return event


@pytest.mark.sqlite_only  # rendering; the queries run on both databases in other tests
def test_bundle_holds_every_document_and_an_index(demo):
    out = io.BytesIO()
    names = services.write_bundle(demo, out, "https://bintek.example.go.id")
    archive = zipfile.ZipFile(out)
    assert archive.namelist()[:-1] == names[1:] and archive.namelist()[-1] == "00-daftar-isi.pdf"
    folders = {name.split("/")[0] for name in names}
    assert {
        "00-daftar-isi.pdf",
        "01-agenda",
        "02-daftar-hadir",
        "03-sertifikat",
        "04-rtl",
        "05-laporan-kegiatan",
        "06-rekap-kehadiran.xlsx",
    } <= folders
    # The index lists every file.
    # (A long name wraps at a hyphen; the text layer marks that break with U+FFFE.)
    index = "".join("".join(pdf_text(archive.read("00-daftar-isi.pdf"))).replace("\ufffe", "-").split())
    for name in names[1:]:
        assert "".join(name.split()) in index, name
    # A daftar hadir of the first day holds everyone who checked in, with the time.
    first = next(n for n in names if n.startswith("02-daftar-hadir/") and n.endswith("-peserta.pdf"))
    text = " ".join(" ".join(pdf_text(archive.read(first))).split())
    assert "DAFTAR HADIR PESERTA" in text
    session_title_slug = first.split("daftar-hadir-", 1)[1].rsplit("-2026", 1)[0]
    from workshop.agenda.models import AgendaSession

    session = next(
        s
        for s in db.session.execute(select(AgendaSession)).scalars()
        if services.slug_for_file(s.title) == session_title_slug
    )
    present = (
        db.session.execute(
            select(Attendee.full_name)
            .join(CheckIn, CheckIn.attendee_id == Attendee.id)
            .where(CheckIn.agenda_session_id == session.id, Attendee.role == "peserta")
        )
        .scalars()
        .all()
    )
    assert present and all(name in text for name in present)
    certificates = [n for n in names if n.startswith("03-sertifikat/")]
    assert certificates and all(archive.read(n).startswith(b"%PDF") for n in certificates)


@pytest.mark.sqlite_only  # rendering; the queries run on both databases in other tests
def test_bundle_for_an_empty_event(ctx):
    from tests.conftest import make_event, make_user

    event = make_event(make_user("p@serang.go.id"), slug="kosong")
    names = services.write_bundle(event, io.BytesIO(), "https://bintek.example.go.id")
    assert "01-agenda/susunan-acara.pdf" in names and not any(n.startswith("03-sertifikat/") for n in names)


def test_the_button_builds_the_bundle_as_a_job(app, as_role, world):
    organiser = as_role("organiser")
    response = organiser.post_form("/manage/events/kla-serang/documents/bundle")
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    page = organiser.get(response.headers["Location"]).get_data(as_text=True)
    download = next(line for line in page.split('"') if line.endswith("/download"))
    zipped = organiser.get(download)
    data = zipped.data
    zipped.close()
    assert zipped.status_code == 200 and "bukti-kla-kla-serang.zip" in zipped.headers["Content-Disposition"]
    assert "00-daftar-isi.pdf" in zipfile.ZipFile(io.BytesIO(data)).namelist()


def test_cli_writes_the_bundle(app, runner, world, tmp_path):
    out = tmp_path / "bukti.zip"
    result = runner.invoke(args=["documents", "bundle", world.event_slug, str(out)])
    assert result.exit_code == 0, result.output
    assert "00-daftar-isi.pdf" in zipfile.ZipFile(out).namelist()
    missing = runner.invoke(args=["documents", "bundle", "no-such-event", str(tmp_path / "x.zip")])
    assert missing.exit_code != 0 and "No event" in missing.output


def test_parts_named_alike_get_distinct_names_in_the_zip():
    """Two sessions with the same title on one day make the same daftar hadir name: the second
    becomes -2 (a ZIP with a repeated name hides one file from most readers)."""
    parts = [("02-daftar-hadir/diskusi.pdf", "a", None), ("02-daftar-hadir/diskusi.pdf", "b", None)]
    parts += [("02-daftar-hadir/diskusi-2.pdf", "c", None), ("README", "d", None), ("README", "e", None)]
    names = [name for name, _, _ in services._unique_paths(parts)]
    assert names == [
        "02-daftar-hadir/diskusi.pdf",
        "02-daftar-hadir/diskusi-2.pdf",
        "02-daftar-hadir/diskusi-2-2.pdf",
        "README",
        "README-2",
    ]
