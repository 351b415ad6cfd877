"""The event's letterhead (kop) and the daftar hadir's "Mengetahui" signatory: reading, saving,
the logo upload. Every document that carries the kop asks ``kop_for(event)``; it never returns
nothing: an event whose organiser saved no letterhead gets one from its organiser and unit
("PEMERINTAH KOTA SERANG" / "BAPPEDA"). Services flush, never commit."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from workshop.core import images, storage
from workshop.core.letterhead import Kop
from workshop.core.signing import Signer
from workshop.documents.models import DocumentSettings
from workshop.events.models import Event
from workshop.extensions import db

FOLDER = "letterheads"
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 5000 * 5000
LOGO_SIDE = 600  # pixels: 22 mm at about 700 dpi
TEXT_FIELDS = (
    "kop_line1",
    "kop_line2",
    "kop_line3",
    "kop_line4",
    "witness_position",
    "witness_name",
    "witness_rank",
    "witness_nip",
)


class LetterheadError(Exception):
    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.field = field


def get_document_settings(event: Event) -> DocumentSettings:
    """The event's row, or unsaved defaults (empty lines, no logo)."""
    settings = db.session.get(DocumentSettings, event.id)
    if settings is None:
        settings = DocumentSettings(event_id=event.id, logo=None, **dict.fromkeys(TEXT_FIELDS, ""))
    return settings


def _stored(event: Event) -> DocumentSettings:
    settings = db.session.get(DocumentSettings, event.id)
    if settings is None:
        settings = DocumentSettings(event_id=event.id, **dict.fromkeys(TEXT_FIELDS, ""))
        db.session.add(settings)
    return settings


def save_document_settings(event: Event, data: dict) -> DocumentSettings:
    """``data``: kop_line1-4 and witness_position/name/rank/nip (texts, trimmed). A witness needs
    both a position and a name; a NIP has 18 digits (or is a NI PPPK of 18 digits)."""
    values = {key: " ".join((data.get(key) or "").split()) for key in TEXT_FIELDS}
    values["witness_nip"] = values["witness_nip"].replace(" ", "")
    if values["witness_nip"] and (not values["witness_nip"].isdigit() or len(values["witness_nip"]) != 18):
        raise LetterheadError(_l("A NIP has 18 digits."), "witness_nip")
    if values["witness_name"] and not values["witness_position"]:
        raise LetterheadError(_l("Enter the position of the person who acknowledges."), "witness_position")
    if values["witness_position"] and not values["witness_name"]:
        raise LetterheadError(_l("Enter the name of the person who acknowledges."), "witness_name")
    settings = _stored(event)
    for key, value in values.items():
        setattr(settings, key, value)
    db.session.flush()
    return settings


def set_logo(event: Event, data: bytes) -> DocumentSettings:
    """A PNG or JPG (judged by content), re-encoded as a PNG of at most LOGO_SIDE pixels: nothing
    else the file carried reaches a document."""
    if len(data) > LOGO_MAX_BYTES:
        raise LetterheadError(
            _l("The image is larger than %(mb)d MB.", mb=LOGO_MAX_BYTES // (1024 * 1024)), "logo"
        )
    try:
        png, _width, _height = images.reencode_png(data, LOGO_SIDE, LOGO_MAX_PIXELS)
    except images.ImageRefused as refused:
        message = {
            "type": _l("The image must be a PNG or JPG file."),
            "pixels": _l("The image has too many pixels; use a smaller one."),
        }.get(str(refused), _l("The image could not be read."))
        raise LetterheadError(message, "logo") from None
    settings = _stored(event)
    target = storage.folder(FOLDER) / (storage.random_name() + ".png")
    target.write_bytes(png)
    storage.delete_after_rollback(db.session(), target)
    remove_logo(event)
    settings.logo = target.name
    db.session.flush()
    return settings


def logo_path(settings: DocumentSettings):
    return storage.existing_file(FOLDER, settings.logo)


def remove_logo(event: Event) -> None:
    settings = db.session.get(DocumentSettings, event.id)
    if settings is None or not settings.logo:
        return
    path = logo_path(settings)
    storage.delete_after_commit(db.session(), path)
    settings.logo = None
    db.session.flush()


def kop_for(event: Event) -> Kop:
    """The letterhead every document of the event carries (see the module's docstring)."""
    settings = get_document_settings(event)
    lines = [getattr(settings, f"kop_line{i}") for i in range(1, 5)]
    if not any(lines):
        lines = [(event.organiser or "").upper(), (event.organising_unit or "").upper()]
    path = logo_path(settings)
    return Kop(tuple(lines), path.read_bytes() if path is not None else None)


def witness_for(event: Event) -> Signer | None:
    """The daftar hadir's "Mengetahui" signatory (for example the PPTK), or None."""
    from workshop.core.signing import person_lines

    settings = get_document_settings(event)
    if not settings.witness_name:
        return None
    _rank, id_line = person_lines(settings.witness_nip, "PNS", None)
    return Signer(
        position=settings.witness_position,
        name=settings.witness_name,
        rank=settings.witness_rank,
        id_line=id_line,
    )


def sample_pdf(event: Event) -> bytes:
    """One A4 page: the letterhead, a heading and the signing protocol as the daftar hadir uses
    it (the head of the committee on the right, the "Mengetahui" signatory on the left)."""

    from flask_babel import format_date
    from flask_babel import gettext as _
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph

    from workshop.core.letterhead import kop_flowable
    from workshop.core.pdf import FONT, FONT_BOLD, build_pdf, escape, no_decoration, register_fonts
    from workshop.core.signing import Signing, signer_for, signing_flowable
    from workshop.documents.services import committee_head

    register_fonts()
    width = A4[0] - 50 * mm
    head = committee_head(event)
    issuer = signer_for(_("Head of the committee"), head)
    when = format_date(event.ends_on, "d MMMM yyyy")
    signing = Signing(f"{event.place_name}, {when}".lstrip(", "), issuer, witness_for(event))
    heading = ParagraphStyle("h", fontName=FONT_BOLD, fontSize=13, leading=16, alignment=TA_CENTER)
    sub = ParagraphStyle("s", fontName=FONT, fontSize=10, leading=13, alignment=TA_CENTER)
    story = [
        kop_flowable(kop_for(event), width),
        Paragraph(escape(_("SAMPLE")), heading),
        Paragraph(escape(event.title), sub),
        signing_flowable(signing, width),
    ]
    return build_pdf(
        story,
        pagesize=A4,
        margins=(25 * mm, 25 * mm, 15 * mm, 20 * mm),
        title=_("Letterhead"),
        author=event.issuing_body,
        subject=event.title,
        first_page=no_decoration,
        later_pages=no_decoration,
    )
