"""The certificate as an A4 landscape PDF: page one the certificate, page two the programme.
Pure rendering: takes plain values (texts already in the certificate's language), returns bytes.

Made for speed (issue 7 asks for at least 150 certificates a second): the canvas is drawn
directly (no platypus), the QR is one vector path of row runs, a background image is drawn once
into a form and reused, images are decoded once per batch (``Assets``), and text is fitted with
font metrics only: a long name or title shrinks, then wraps, and never leaves the page."""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from functools import lru_cache

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from workshop.core.pdf import FONT, FONT_BOLD, register_fonts, set_metadata, warm_fonts
from workshop.core.qr import draw_qr
from workshop.core.signing import Signing, draw_signing

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)  # 841.9 x 595.3 pt
MARGIN = 48
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
MIN_FONT_SIZE = 5


@dataclass(frozen=True)
class ProgrammeRow:
    title: str
    speakers: str
    jp: int


@dataclass
class CertificateDoc:
    """Everything printed on one certificate, in its language."""

    heading: str  # SERTIFIKAT
    number_line: str  # Nomor: 001/BINTEK-KLA/Bappeda/XI/2026
    given_to: str  # diberikan kepada
    name: str
    details: list[str]  # NIP / pangkat line, jabatan, instansi (only those present)
    role_line: str  # sebagai PESERTA
    attended: str  # telah mengikuti
    event_title: str
    body: str  # organised by ..., on ..., at ..., N JP
    signing: Signing | None  # the issuing official right under place and date, "Mengetahui" left
    qr_url: str
    code: str
    verify_note: str  # "Periksa keaslian: https://…/v/CODE"
    disclaimer: str  # the QR is not an electronic signature
    programme_heading: str
    programme_headers: tuple[str, str, str, str]  # No, Materi, Narasumber, JP
    programme: list[ProgrammeRow] = field(default_factory=list)
    total_label: str = "Total"
    total_jp: int = 0
    title_meta: str = ""  # the PDF's title
    author_meta: str = ""  # the issuing body: Bappeda Kota Serang
    subject_meta: str = ""  # the event


@dataclass
class Assets:
    """Images of one event, decoded once and shared by every certificate of a batch."""

    logos: list[ImageReader] = field(default_factory=list)
    background: ImageReader | None = None
    images: dict[str, ImageReader] = field(default_factory=dict)

    @classmethod
    def load(cls, logos: list, background=None, images: dict | None = None) -> Assets:
        def reader(path):
            return ImageReader(str(path)) if path else None

        return cls(
            logos=[r for r in (reader(p) for p in logos) if r is not None],
            background=reader(background),
            images={
                key: r for key, r in ((k, reader(p)) for k, p in (images or {}).items()) if r is not None
            },
        )


# ---- fitting text ------------------------------------------------------------------------------


def fit_text(
    text: str, font: str, size: float, width: float, *, min_size: float = 12, max_lines: int = 2
) -> tuple[float, tuple[str, ...]]:
    """The font size and lines that keep ``text`` within ``width``: one line, shrunk down to
    ``min_size``; else wrapped at the largest size that fits in ``max_lines``; as a last resort
    a word too long for any line is cut into pieces.

    Remembered per process: most texts of a certificate (heading, role, event title, organiser
    and dates, notes, programme headings) are the same on every certificate of an event, and
    measuring them again was a tenth of a certificate in a ZIP of a thousand (issue 17)."""
    return _fit_text(text or "", font, size, width, min_size, max_lines)


@lru_cache(maxsize=4096)
def _fit_text(
    text: str, font: str, size: float, width: float, min_size: float, max_lines: int
) -> tuple[float, tuple[str, ...]]:
    size, lines = _measure_text(text, font, size, width, min_size, max_lines)
    return size, tuple(lines)


@lru_cache(maxsize=4096)
def _split(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """reportlab's ``simpleSplit``, remembered: the programme's rows repeat on every certificate."""
    return tuple(simpleSplit(text, font, size, width))


def _measure_text(text, font, size, width, min_size, max_lines) -> tuple[float, list[str]]:
    text = " ".join((text or "").split())
    full = stringWidth(text, font, size)
    if full <= width:
        return size, [text]
    shrunk = int(size * width / full * 2) / 2  # down to a half point
    if shrunk >= min_size:
        return shrunk, [text]
    current = size
    while current >= MIN_FONT_SIZE:
        lines = simpleSplit(text, font, current, width)
        if len(lines) <= max_lines and all(stringWidth(line, font, current) <= width for line in lines):
            return current, lines
        current -= 0.5
    current = MIN_FONT_SIZE
    lines = []
    for line in simpleSplit(text, font, current, width):
        while stringWidth(line, font, current) > width:
            cut = len(line)
            while cut > 1 and stringWidth(line[:cut], font, current) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return current, lines


def _centred(
    canvas: Canvas,
    lines: list[str],
    font: str,
    size: float,
    top: float,
    leading: float = 1.2,
    centre: float = PAGE_WIDTH / 2,
) -> float:
    """Draw lines centred under ``top`` (the first baseline is ``top - size``); returns the y below them."""
    canvas.setFont(font, size)
    y = top - size
    for line in lines:
        canvas.drawCentredString(centre, y, line)
        y -= size * leading
    return y + size * leading - size * 0.35


def _fitted(canvas, text, font, size, top, *, min_size=12, max_lines=2, width=TEXT_WIDTH, gap=6) -> float:
    if not text:
        return top
    size, lines = fit_text(text, font, size, width, min_size=min_size, max_lines=max_lines)
    return _centred(canvas, lines, font, size, top) - gap


# ---- drawing -----------------------------------------------------------------------------------


def _frame(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setStrokeColorRGB(0.12, 0.29, 0.49)
    canvas.setLineWidth(3)
    canvas.rect(18, 18, PAGE_WIDTH - 36, PAGE_HEIGHT - 36)
    canvas.setLineWidth(0.8)
    canvas.rect(25, 25, PAGE_WIDTH - 50, PAGE_HEIGHT - 50)
    canvas.restoreState()


def _background(canvas: Canvas, assets: Assets) -> None:
    """The background (or the default frame) is drawn once into a form and reused on every page."""
    canvas.beginForm("background")
    if assets.background is not None:
        canvas.drawImage(assets.background, 0, 0, PAGE_WIDTH, PAGE_HEIGHT, preserveAspectRatio=False)
    else:
        _frame(canvas)
    canvas.endForm()


def _logos(canvas: Canvas, assets: Assets) -> None:
    box = 62
    top = PAGE_HEIGHT - 40 - box
    logos = assets.logos[:2]
    if len(logos) == 1:
        positions = [(PAGE_WIDTH - box) / 2]
    else:
        positions = [MARGIN + 10, PAGE_WIDTH - MARGIN - 10 - box][: len(logos)]
    for logo, x in zip(logos, positions):
        canvas.drawImage(logo, x, top, box, box, preserveAspectRatio=True, anchor="c", mask="auto")


SIGNING_LEFT = 300  # clear of the QR code and its notes in the bottom left corner
SIGNING_TOP = 190


def _signatories(canvas: Canvas, doc: CertificateDoc, assets: Assets) -> None:
    """The signing protocol (core/signing.py), in the bottom right part of the page. A signer's
    ``image`` names one of ``assets.images`` (decoded once per batch)."""
    if doc.signing is None:
        return

    def resolved(signer):
        if signer is None or not isinstance(signer.image, str):
            return signer
        return replace(signer, image=assets.images.get(signer.image))

    signing = replace(doc.signing, issuer=resolved(doc.signing.issuer), second=resolved(doc.signing.second))
    draw_signing(
        canvas,
        signing,
        SIGNING_LEFT,
        PAGE_WIDTH - MARGIN - SIGNING_LEFT,
        SIGNING_TOP,
        size=9.5,
        sign_space=46,
    )


def _qr(canvas: Canvas, doc: CertificateDoc) -> None:
    size = 74
    x, y = MARGIN - 6, 84
    draw_qr(canvas, doc.qr_url, x, y, size)
    canvas.setFont(FONT_BOLD, 8)
    canvas.drawCentredString(x + size / 2, y - 9, doc.code)
    note_width = 230
    line_y = y - 19
    for text in (doc.verify_note, doc.disclaimer):
        note_size, lines = fit_text(text, FONT, 6.5, note_width, min_size=5.5, max_lines=2)
        canvas.setFont(FONT, note_size)
        for line in lines:
            canvas.drawString(x, line_y, line)
            line_y -= note_size + 1.5


BODY_BOTTOM = 196  # the signatories' place and date begin below this line


def _blocks(doc: CertificateDoc) -> list[tuple]:
    """(text, font, size, min_size, max_lines, width, gap, colour) from the top of the page down."""
    blue, black = (0.12, 0.29, 0.49), (0, 0, 0)
    blocks = [
        (doc.heading, FONT_BOLD, 34, 20, 1, TEXT_WIDTH, 4, blue),
        (doc.number_line, FONT, 11, 7, 1, TEXT_WIDTH, 10, black),
        (doc.given_to, FONT, 12, 8, 2, TEXT_WIDTH, 4, black),
        (doc.name, FONT_BOLD, 24, 15, 2, TEXT_WIDTH, 6, black),
    ]
    blocks += [(detail, FONT, 10.5, 7, 2, TEXT_WIDTH, 2, black) for detail in doc.details]
    blocks += [
        (doc.role_line, FONT_BOLD, 13, 9, 2, TEXT_WIDTH, 4, black),
        (doc.attended, FONT, 11, 8, 2, TEXT_WIDTH, 2, black),
        (doc.event_title, FONT_BOLD, 15, 11, 3, TEXT_WIDTH, 4, black),
        (doc.body, FONT, 10.5, 99, 4, TEXT_WIDTH - 60, 0, black),  # wraps rather than shrinks
    ]
    return [b for b in blocks if b[0]]


def _fit_blocks(blocks: list[tuple], scale: float) -> tuple[float, list]:
    """Each block's (size, lines) at ``scale``, and the height they take together."""
    fitted, height = [], 0.0
    for text, font, size, min_size, max_lines, width, gap, _colour in blocks:
        size, lines = fit_text(
            text, font, size * scale, width, min_size=min_size * scale, max_lines=max_lines
        )
        fitted.append((size, lines))
        height += size * (1.35 + 1.2 * (len(lines) - 1)) + gap * scale
    return height, fitted


def _certificate_page(canvas: Canvas, doc: CertificateDoc, assets: Assets) -> None:
    canvas.doForm("background")
    _logos(canvas, assets)
    top = PAGE_HEIGHT - (112 if assets.logos else 70)
    blocks = _blocks(doc)
    # Long names, positions and titles together may not fit above the signatures: everything
    # shrinks a little, rather than anything overlapping.
    scale = 1.0
    height, fitted = _fit_blocks(blocks, scale)
    while height > top - BODY_BOTTOM and scale > 0.55:
        scale -= 0.05
        height, fitted = _fit_blocks(blocks, scale)
    for (_text, font, _size, _min, _lines, _width, gap, colour), (size, lines) in zip(blocks, fitted):
        canvas.setFillColorRGB(*colour)
        top = _centred(canvas, lines, font, size, top) - gap * scale
    canvas.setFillColorRGB(0, 0, 0)
    _signatories(canvas, doc, assets)
    _qr(canvas, doc)


def _programme_pages(canvas: Canvas, doc: CertificateDoc) -> None:
    widths = (28, 430, 230, 40)
    left = (PAGE_WIDTH - sum(widths)) / 2
    columns = [left]
    for w in widths[:-1]:
        columns.append(columns[-1] + w)
    size, leading = 9, 11

    def header(top: float) -> float:
        canvas.doForm("background")
        canvas.setFont(FONT_BOLD, 14)
        heading_size, lines = fit_text(
            doc.programme_heading, FONT_BOLD, 14, TEXT_WIDTH, min_size=9, max_lines=1
        )
        y = _centred(canvas, lines, FONT_BOLD, heading_size, top) - 6
        y = _fitted(canvas, doc.event_title, FONT, 10, y, min_size=7, max_lines=2, gap=10)
        canvas.setFont(FONT_BOLD, size)
        for x, w, text in zip(columns, widths, doc.programme_headers):
            canvas.drawString(
                x + 3, y - size, fit_text(text, FONT_BOLD, size, w - 6, min_size=6, max_lines=1)[1][0]
            )
        y -= size + 5
        canvas.setLineWidth(0.6)
        canvas.line(left, y, left + sum(widths), y)
        return y - 4

    y = header(PAGE_HEIGHT - 60)
    canvas.setFont(FONT, size)
    for number, row in enumerate(doc.programme, 1):
        title_lines = _split(row.title, FONT, size, widths[1] - 6)[:4]
        speaker_lines = _split(row.speakers, FONT, size, widths[2] - 6)[:4]
        height = max(len(title_lines), len(speaker_lines), 1) * leading + 4
        if y - height < 60:
            canvas.showPage()
            y = header(PAGE_HEIGHT - 60)
            canvas.setFont(FONT, size)
        canvas.drawRightString(columns[0] + widths[0] - 6, y - size, str(number))
        for i, line in enumerate(title_lines):
            canvas.drawString(columns[1] + 3, y - size - i * leading, line)
        for i, line in enumerate(speaker_lines):
            canvas.drawString(columns[2] + 3, y - size - i * leading, line)
        canvas.drawRightString(columns[3] + widths[3] - 6, y - size, str(row.jp))
        y -= height
    canvas.line(left, y, left + sum(widths), y)
    canvas.setFont(FONT_BOLD, size)
    canvas.drawString(columns[1] + 3, y - size - 3, doc.total_label)
    canvas.drawRightString(columns[3] + widths[3] - 6, y - size - 3, str(doc.total_jp))


def render(doc: CertificateDoc, assets: Assets | None = None) -> bytes:
    register_fonts()
    assets = assets or Assets()
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        pageCompression=1,
        invariant=0,
    )
    # Canvas takes no title/author keywords (it swallows them silently: "untitled").
    set_metadata(canvas, doc.title_meta or doc.heading, doc.author_meta, doc.subject_meta)
    warm_fonts(canvas)
    _background(canvas, assets)
    _certificate_page(canvas, doc, assets)
    canvas.showPage()
    _programme_pages(canvas, doc)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
