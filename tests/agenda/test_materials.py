"""Materials: the type comes from the content, sizes are capped, names are cleaned, files follow
the transaction. Every allowed type is a real file made here."""

import io
import os
import zipfile
from datetime import UTC, datetime, timedelta

import pytest

from tests.agenda.conftest import at, file_of_type, session_data
from workshop.agenda import services
from workshop.agenda.models import AgendaMaterial
from workshop.agenda.services import UploadError, add_material, create_session
from workshop.core import storage
from workshop.extensions import db

UTC = UTC


@pytest.fixture
def agenda_session(event, storage_dir):
    session, _ = create_session(event, session_data(starts_at=at(1, "08:00"), ends_at=at(1, "09:30")))
    return session


def stored_files(storage_dir):
    folder = storage_dir / "materials"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(
    "file_type, name, mimetype",
    [
        ("pdf", "Paparan KHA.pdf", "application/pdf"),
        (
            "pptx",
            "Paparan KHA.pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (
            "docx",
            "Format RTL.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("xlsx", "Format RTL.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("jpg", "Foto kegiatan.jpg", "image/jpeg"),
        ("png", "Bagan.png", "image/png"),
    ],
)
def test_every_allowed_type_is_recognised_from_its_content(
    agenda_session, storage_dir, file_type, name, mimetype
):
    content = file_of_type(file_type)
    material = add_material(agenda_session, io.BytesIO(content), name)
    assert (material.file_type, material.content_type, material.filename) == (file_type, mimetype, name)
    assert material.size == len(content)
    path = services.material_path(material)
    assert path.parent == storage_dir / "materials"
    assert path.read_bytes() == content
    assert name not in path.name and path.suffix == ""  # stored under a random name


def test_a_real_file_with_the_wrong_extension_gets_the_right_one(agenda_session):
    material = add_material(agenda_session, io.BytesIO(file_of_type("pptx")), "Paparan.pdf")
    assert material.file_type == "pptx" and material.filename == "Paparan.pptx"
    assert add_material(agenda_session, io.BytesIO(file_of_type("jpg")), "foto.jpeg").filename == "foto.jpeg"
    assert add_material(agenda_session, io.BytesIO(file_of_type("png")), "bagan").filename == "bagan.png"


def exe_bytes() -> bytes:
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
        + b"\x00" * 200
        + b"This program cannot be run in DOS mode."
    )


def zip_with(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content, name",
    [
        (exe_bytes(), "Paparan.pdf"),  # an .exe renamed .pdf
        (b"Catatan rapat\nbaris kedua\n", "Notulen.docx"),  # a .txt renamed .docx
        (b"<html><script>alert(1)</script></html>", "bagan.png"),
        (zip_with({"readme.txt": "hello"}), "arsip.xlsx"),  # any zip is not an Office file
        (zip_with({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}), "tanpa-tipe.docx"),
        (
            zip_with(
                {
                    "[Content_Types].xml": '<Types><Override PartName="/word/document.xml" '
                    'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
                    "word/document.xml": "<w/>",
                }
            ),
            "makro.docx",
        ),  # macro-enabled .docm in disguise
        (b"PK\x03\x04 not really a zip", "rusak.pptx"),
    ],
)
def test_disguised_files_are_refused_and_nothing_is_stored(agenda_session, storage_dir, content, name):
    with pytest.raises(UploadError, match="judged by its content"):
        add_material(agenda_session, io.BytesIO(content), name)
    assert stored_files(storage_dir) == []
    assert db.session.query(AgendaMaterial).count() == 0


class EndlessZeros(io.RawIOBase):
    """A 200 MB upload that is never in memory: bytes are made as they are read."""

    def __init__(self, size):
        self.remaining = size
        self.handed_out = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), self.remaining)
        buffer[:n] = b"\0" * n
        self.remaining -= n
        self.handed_out += n
        return n


def test_a_200_mb_upload_is_refused_without_reading_it_all(agenda_session, storage_dir):
    upload = EndlessZeros(200 * 1024 * 1024)
    with pytest.raises(UploadError, match="larger than 25 MB; nothing was stored"):
        add_material(agenda_session, upload, "video.pdf")
    assert upload.handed_out <= services.MATERIAL_MAX_BYTES + 2 * storage.CHUNK
    assert stored_files(storage_dir) == []


def test_a_file_reported_as_too_large_is_refused_before_reading(agenda_session, storage_dir):
    with pytest.raises(UploadError, match="larger than 25 MB"):
        add_material(agenda_session, io.BytesIO(b"%PDF-1.4"), "besar.pdf", reported_size=200 * 1024 * 1024)
    assert stored_files(storage_dir) == []


def test_a_file_of_26_mb_is_refused_and_25_mb_accepted(agenda_session, storage_dir):
    head = b"%PDF-1.4\n"
    with pytest.raises(UploadError, match="25 MB"):
        add_material(agenda_session, io.BytesIO(head + b"\0" * (26 * 1024 * 1024)), "besar.pdf")
    exactly = head + b"\0" * (services.MATERIAL_MAX_BYTES - len(head))
    assert add_material(agenda_session, io.BytesIO(exactly), "pas.pdf").size == services.MATERIAL_MAX_BYTES


def test_an_empty_file_or_no_name_is_refused(agenda_session):
    with pytest.raises(UploadError, match="empty"):
        add_material(agenda_session, io.BytesIO(b""), "kosong.pdf")
    with pytest.raises(UploadError, match="Choose a file"):
        add_material(agenda_session, io.BytesIO(file_of_type("pdf")), "../")


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\system.ini.pdf", "system.ini.pdf"),
        ("/var/www/static/../app.pdf", "app.pdf"),
        ("Paparan KHA – Kemen PPPA (final).pdf", "Paparan KHA – Kemen PPPA (final).pdf"),
        ("  Materi\tSesi  1 .pdf", "Materi Sesi 1 .pdf"),
        ('bad<>:"|?*name\x00\x1f.pdf', "badname.pdf"),
        ("...pdf", "pdf"),
        ("Peraturan Daerah Kota Serang tentang Kota Layak Anak " * 5 + ".pdf", None),
    ],
)
def test_filenames_are_cleaned_but_stay_readable(name, expected):
    cleaned = storage.clean_filename(name)
    if expected is None:
        assert len(cleaned) <= 150 and cleaned.endswith(".pdf")
    else:
        assert cleaned == expected
    assert "/" not in cleaned and "\\" not in cleaned and not cleaned.startswith(".")


def test_a_path_in_the_filename_never_reaches_the_filesystem(agenda_session, storage_dir, tmp_path):
    material = add_material(agenda_session, io.BytesIO(file_of_type("pdf")), "../../../../tmp/evil.pdf")
    assert material.filename == "evil.pdf"
    assert services.material_path(material).parent == storage_dir / "materials"
    assert not (tmp_path / "evil.pdf").exists()
    with pytest.raises(ValueError):
        storage.stored_path("materials", "../secret")


def test_hidden_until_start(agenda_session):
    material = add_material(
        agenda_session, io.BytesIO(file_of_type("pdf")), "Paparan.pdf", is_hidden_until_start=True
    )
    starts = agenda_session.starts_at
    assert starts == datetime(2026, 11, 17, 1, 0, tzinfo=UTC)
    assert not material.is_available(starts - timedelta(seconds=1))
    assert material.is_available(starts)
    open_material = add_material(agenda_session, io.BytesIO(file_of_type("pdf")), "Jadwal.pdf")
    assert open_material.is_available(starts - timedelta(days=10))


def test_deleting_a_material_removes_its_file_once_committed(agenda_session, storage_dir):
    material = add_material(agenda_session, io.BytesIO(file_of_type("pdf")), "Paparan.pdf")
    db.session.commit()
    path = services.material_path(material)
    services.delete_material(material)
    assert path.exists()  # not yet: the deletion may still be rolled back
    db.session.commit()
    assert not path.exists()
    assert db.session.query(AgendaMaterial).count() == 0


def test_a_rolled_back_upload_leaves_no_file(agenda_session, storage_dir):
    add_material(agenda_session, io.BytesIO(file_of_type("pdf")), "Paparan.pdf")
    assert len(stored_files(storage_dir)) == 1
    db.session.rollback()
    assert stored_files(storage_dir) == []


def test_a_rolled_back_deletion_keeps_the_file(agenda_session, storage_dir):
    material = add_material(agenda_session, io.BytesIO(file_of_type("pdf")), "Paparan.pdf")
    db.session.commit()
    path = services.material_path(material)
    services.delete_material(material)
    db.session.rollback()
    assert path.exists()
    db.session.commit()
    assert path.exists()


def test_deleting_a_session_removes_its_materials_and_files(agenda_session, storage_dir):
    add_material(agenda_session, io.BytesIO(file_of_type("pdf")), "a.pdf")
    add_material(agenda_session, io.BytesIO(file_of_type("png")), "b.png")
    db.session.commit()
    assert len(stored_files(storage_dir)) == 2
    services.delete_session(agenda_session)
    db.session.commit()
    assert stored_files(storage_dir) == []
    assert db.session.query(AgendaMaterial).count() == 0


def test_speaker_photo_is_reencoded_and_replaced(event, storage_dir):
    from PIL import Image

    from tests.agenda.conftest import speaker

    person = speaker(event)
    services.set_speaker_photo(person, io.BytesIO(file_of_type("png")))
    db.session.commit()
    first = services.speaker_photo_path(person)
    with Image.open(first) as image:
        assert image.format == "JPEG"
    services.set_speaker_photo(person, io.BytesIO(file_of_type("jpg")))
    db.session.commit()
    assert not first.exists() and services.speaker_photo_path(person).exists()
    with pytest.raises(UploadError, match="JPG or PNG"):
        services.set_speaker_photo(person, io.BytesIO(file_of_type("pdf")))
    with pytest.raises(UploadError, match="larger than 5 MB"):
        services.set_speaker_photo(
            person, io.BytesIO(b"\xff\xd8\xff" + os.urandom(16) + b"\0" * (5 * 1024 * 1024))
        )
    services.remove_speaker_photo(person)
    db.session.commit()
    assert person.photo_path is None and list((storage_dir / "speakers").iterdir()) == []


def office_file_with_padding(file_type: str, unpacked_mb: int) -> bytes:
    """A real Office file with one more part of zeros: tiny packed, huge unpacked (a zip bomb)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(file_of_type(file_type))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        with archive.open("customXml/padding.bin", "w", force_zip64=True) as part:
            zeros = b"\0" * (1024 * 1024)
            for _ in range(unpacked_mb):
                part.write(zeros)
    return buffer.getvalue()


@pytest.mark.parametrize("file_type", ["xlsx", "docx", "pptx"])
def test_a_zip_bomb_material_is_refused_like_an_import(agenda_session, storage_dir, file_type):
    bomb = office_file_with_padding(file_type, 60)
    assert len(bomb) < 1024 * 1024  # 60 MB of content in well under 1 MB
    with pytest.raises(UploadError, match="zip bomb"):
        add_material(agenda_session, io.BytesIO(bomb), f"Paparan.{file_type}")
    assert stored_files(storage_dir) == []
    assert db.session.query(AgendaMaterial).count() == 0


def test_an_office_file_that_packs_normally_is_kept(agenda_session, storage_dir):
    material = add_material(agenda_session, io.BytesIO(office_file_with_padding("xlsx", 2)), "Rekap.xlsx")
    assert material.file_type == "xlsx"
