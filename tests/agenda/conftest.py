"""Factories for agenda tests: an event on fixed dates, speakers, sessions, files of each type."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest

from tests.conftest import make_attendee, make_event, make_user

FIRST_DAY = date(2026, 11, 17)


@pytest.fixture
def storage_dir(app, tmp_path):
    """Each test gets its own storage folder, so tests can look at exactly what was stored."""
    folder = tmp_path / "storage"
    old = app.config.get("STORAGE_DIR")
    app.config["STORAGE_DIR"] = str(folder)
    yield folder
    app.config["STORAGE_DIR"] = old


@pytest.fixture
def organiser(ctx):
    return make_user("panitia@serang.go.id", "Siti Panitia")


def agenda_event(organiser, timezone="Asia/Jakarta", slug="kla-serang", **overrides):
    return make_event(
        organiser, slug=slug, timezone=timezone, starts_on=FIRST_DAY, ends_on=date(2026, 11, 19), **overrides
    )


@pytest.fixture
def event(organiser):
    return agenda_event(organiser)


def speaker(
    event,
    name="Drs. Dermawan, M.Si.",
    role="narasumber",
    nip="19680412 199303 1 002",
    phone="0811-1234-5601",
    **overrides,
):
    return make_attendee(event, full_name=name, role=role, nip=nip, phone=phone, email="", **overrides)


def at(day: int, hhmm: str) -> datetime:
    """A wall-clock time on day 1, 2, 3 of the event (naive, as the form gives it)."""
    hours, minutes = map(int, hhmm.split(":"))
    return datetime(2026, 11, 16 + day, hours, minutes)


def session_data(**overrides) -> dict:
    data = {
        "title": "Konvensi Hak Anak",
        "kind": "materi",
        "starts_at": at(1, "08:00"),
        "ends_at": at(1, "09:30"),
        "room": "Aula Bappeda",
        "speaker_ids": [],
        "moderator_id": None,
        "jp_override": None,
        "requires_checkin": None,
        "checkin_opens_at": None,
        "checkin_closes_at": None,
        "is_for_everyone": True,
        "group_ids": [],
    }
    data.update(overrides)
    return data


# ---- real files of every allowed type ----------------------------------------------------------


def pdf_bytes() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "Konvensi Hak Anak")
    pdf.save()
    return buffer.getvalue()


def image_bytes(fmt: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(buffer, fmt)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Rencana Tindak Lanjut")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Kegiatan"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


PPTX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/ppt/presentation.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>'
    "</Types>"
)


def pptx_bytes() -> bytes:
    """A minimal presentation package (python-pptx is not installed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", PPTX_CONTENT_TYPES)
        archive.writestr(
            "_rels/.rels",
            (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                'Target="ppt/presentation.xml"/></Relationships>'
            ),
        )
        archive.writestr(
            "ppt/presentation.xml",
            (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>'
            ),
        )
    return buffer.getvalue()


def file_of_type(file_type: str) -> bytes:
    return {
        "pdf": pdf_bytes,
        "png": lambda: image_bytes("PNG"),
        "jpg": lambda: image_bytes("JPEG"),
        "docx": docx_bytes,
        "xlsx": xlsx_bytes,
        "pptx": pptx_bytes,
    }[file_type]()


@pytest.fixture
def ctx(app):
    """The shared ctx, inside a request that chose English: these service tests read messages in
    English (messages follow the request's language). Not for tests that also use a client: a
    request pushed here would share its app context with the client's requests."""
    from workshop.extensions import db

    with app.test_request_context(headers={"Cookie": "lang=en"}):
        yield db.session


@pytest.fixture
def as_role(as_role):
    """The shared as_role, with clients that read English (these tests assert English text)."""

    def make(kind):
        client = as_role(kind)
        client.set_cookie("lang", "en")
        return client

    return make
