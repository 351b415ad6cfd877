"""The signing protocol of every signed document (tata naskah dinas): one renderer.

The issuing official stands on the RIGHT: place and date above ("Serang, 20 November 2026"), the
jabatan, room to sign (or the signature image), the name bold and underlined, the pangkat/golongan
and the NIP (or "NI PPPK"). An optional second signatory stands on the LEFT under "Mengetahui,"
(or another lead such as "Fasilitator,"); both columns start on the same line and their names
stand on the same line.

    signing = Signing(
        place_and_date="Serang, 20 November 2026",
        issuer=Signer("Kepala Bappeda Kota Serang", "Ir. Tb. Ahmad Fauzi, M.T.",
                      rank="Pembina Utama Muda (IV/c)", id_line="NIP 19700115 199803 1 004"),
        second=Signer("Ketua Panitia", "…", id_line="NIP …"),  # optional, left
    )
    draw_signing(canvas, signing, x, width, top)         # reportlab canvas, returns the y below
    story.append(signing_flowable(signing, frame_width))  # platypus: never split over two pages
    add_signing_docx(document, signing)                   # python-docx: a table kept together

``person_lines(nip, category, golongan)`` gives the rank and identity lines of a person as the
protocol prints them (PNS: "Penata (III/c)", "NIP 19860926 201505 1 001"; PPPK: "Golongan IX",
"NI PPPK 1234…"). Renderers take plain values; nothing is read from the database."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from workshop.core.pdf import FONT, FONT_BOLD, register_fonts

SIGN_SPACE = 20 * mm  # room for a hand signature (and a stamp) between jabatan and name
COLUMN_MAX = 82 * mm
WITNESS_LEAD = "Mengetahui,"


@dataclass(frozen=True)
class Signer:
    """One signatory. ``image``: signature image bytes (PNG/JPEG) or None for a hand signature;
    ``lead``: a line above the jabatan (e.g. "Mengetahui,"; for the second signatory it defaults
    to WITNESS_LEAD)."""

    position: str  # jabatan, may be long: it wraps
    name: str
    rank: str = ""  # pangkat/golongan line: "Pembina Utama Muda (IV/c)", "Golongan IX"
    id_line: str = ""  # "NIP 19700115 199803 1 004", "NI PPPK …" or ""
    image: object = None  # bytes, or a reportlab ImageReader decoded once for many documents
    lead: str = ""


@dataclass(frozen=True)
class Signing:
    """Who signs a document: ``issuer`` on the right under ``place_and_date``; ``second`` (or
    None) on the left, under its lead ("Mengetahui," unless it says otherwise)."""

    place_and_date: str
    issuer: Signer
    second: Signer | None = None

    def columns(self) -> list[tuple[Signer, str]]:
        """(signer, the line above the jabatan), left to right."""
        result = []
        if self.second is not None:
            result.append((self.second, self.second.lead or WITNESS_LEAD))
        result.append((self.issuer, self.place_and_date))
        return result


def person_lines(nip: str | None, category: str | None, golongan: str | None) -> tuple[str, str]:
    """(rank line, identity line) of a person as a signature block prints them. A PNS: the pangkat
    with the golongan ("Penata (III/c)") and "NIP 19860926 201505 1 001"; a PPPK: "Golongan IX"
    and "NI PPPK 1986…"; anyone else: whatever is known, unlabelled by a NIP."""
    from workshop.attendees.reference import golongan_by_scheme
    from workshop.attendees.rules import format_nip

    rank = ""
    if golongan:
        if category == "PPPK":
            rank = f"Golongan {golongan}"
        else:
            pangkat = golongan_by_scheme().get(category or "PNS", {}).get(golongan, "")
            rank = f"{pangkat} ({golongan})" if pangkat else golongan
    id_line = ""
    if nip:
        digits = "".join(nip.split())
        if category == "PPPK":
            id_line = f"NI PPPK {digits}"
        else:
            id_line = f"NIP {format_nip(digits, 'PNS') if len(digits) == 18 else digits}"
    return rank, id_line


# ---- reportlab ------------------------------------------------------------------------------------


@dataclass
class _Column:
    lead: list[str]
    position: list[str]
    name: list[str]
    rank: list[str]
    id_line: list[str]
    image: object


def _image(image):
    if image is None or not isinstance(image, bytes):
        return image
    return ImageReader(io.BytesIO(image))


def _layout(signing: Signing, width: float, size: float):
    """Column width, the x of each column's centre (relative to the block's left) and each
    column's wrapped lines; the issuer's column is flush right."""
    count = len(signing.columns())
    column = min(COLUMN_MAX, width / count - 4 * mm) if count > 1 else min(COLUMN_MAX, width)
    centres = [column / 2, width - column / 2] if count > 1 else [width - column / 2]
    columns = []
    for signer, lead in signing.columns():
        columns.append(
            _Column(
                lead=simpleSplit(lead, FONT, size, column) if lead else [],
                position=simpleSplit(signer.position, FONT, size, column) if signer.position else [],
                name=simpleSplit(signer.name, FONT_BOLD, size, column) or [""],
                rank=simpleSplit(signer.rank, FONT, size, column) if signer.rank else [],
                id_line=simpleSplit(signer.id_line, FONT, size, column) if signer.id_line else [],
                image=signer.image,
            )
        )
    return column, centres, columns


def _heights(columns: list[_Column], size: float) -> tuple[int, int, int]:
    leading = size * 1.25
    head = max(len(c.lead) + len(c.position) for c in columns)
    name = max(len(c.name) for c in columns)
    tail = max(len(c.rank) + len(c.id_line) for c in columns)
    return head * leading, name * leading, tail * leading


def signing_height(signing: Signing, width: float, size: float = 10, sign_space: float = SIGN_SPACE) -> float:
    """Points the block takes at ``width``: what to reserve above a page's bottom margin."""
    register_fonts()
    _column, _centres, columns = _layout(signing, width, size)
    head, name, tail = _heights(columns, size)
    return head + sign_space + name + tail + size * 0.4


def draw_signing(
    canvas,
    signing: Signing,
    x: float,
    width: float,
    top: float,
    size: float = 10,
    sign_space: float = SIGN_SPACE,
) -> float:
    """Draw the block between ``x`` and ``x + width`` from ``top`` down (font ``size``, room to
    sign ``sign_space`` points); returns the y below it."""
    register_fonts()
    column, centres, columns = _layout(signing, width, size)
    leading = size * 1.25
    head, name_height, _tail = _heights(columns, size)
    canvas.saveState()
    for col, centre in zip(columns, centres):
        centre += x
        y = top - size
        canvas.setFont(FONT, size)
        for line in col.lead + col.position:
            canvas.drawCentredString(centre, y, line)
            y -= leading
        sign_top = top - head
        if col.image:
            canvas.drawImage(
                _image(col.image),
                centre - column / 2,
                sign_top - sign_space + 1,
                column,
                sign_space - 2,
                preserveAspectRatio=True,
                anchor="c",
                mask="auto",
            )
        y = sign_top - sign_space - size
        canvas.setFont(FONT_BOLD, size)
        for line in col.name:
            canvas.drawCentredString(centre, y, line)
            half = stringWidth(line, FONT_BOLD, size) / 2
            canvas.setLineWidth(0.6)
            canvas.line(centre - half, y - size * 0.18, centre + half, y - size * 0.18)
            y -= leading
        y = sign_top - sign_space - name_height - size
        canvas.setFont(FONT, size)
        for line in col.rank + col.id_line:
            canvas.drawCentredString(centre, y, line)
            y -= leading
    canvas.restoreState()
    return top - signing_height(signing, width, size, sign_space)


class SigningFlowable(Flowable):
    """The block as one platypus flowable: it is never split, so a page break never separates the
    jabatan from the name; it moves to the next page whole. Right-aligned in ``width``."""

    def __init__(self, signing: Signing, width: float, size: float = 10, space_before: float = 6 * mm):
        super().__init__()
        self.signing = signing
        self.block_width = width
        self.size = size
        self.spaceBefore = space_before

    def wrap(self, available_width, available_height):
        self.width = self.block_width
        self.height = signing_height(self.signing, self.block_width, self.size)
        return self.width, self.height

    def draw(self):
        draw_signing(self.canv, self.signing, 0, self.block_width, self.height, self.size)


def signing_flowable(signing: Signing, width: float, size: float = 10, space_before: float = 6 * mm):
    return SigningFlowable(signing, width, size, space_before)


# ---- python-docx ----------------------------------------------------------------------------------


def _keep(paragraph, *, with_next: bool = True) -> None:
    paragraph.paragraph_format.keep_together = True
    paragraph.paragraph_format.keep_with_next = with_next


def _no_split(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    tr_pr.append(cant)


def add_signing_docx(container, signing: Signing, width=None, size: float = 11) -> None:
    """Append the block to ``container`` (a python-docx Document or a table cell) as a borderless
    two-column table: rows lead, jabatan, signature room, name (bold, underlined), rank, NIP.
    Every row is unsplittable and every paragraph but the last keeps with the next, so Word keeps
    the jabatan and the names on one page. ``width``: the table's width (EMU); default the first
    section's text width."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from workshop.core.letterhead import fixed_widths

    if width is None:
        section = container.sections[0]
        width = section.page_width - section.left_margin - section.right_margin
    columns = signing.columns()
    cols = 2  # a lone issuer still stands in the right half
    table = container.add_table(rows=6, cols=cols)
    fixed_widths(table, [int(width) // cols] * cols)
    for row in table.rows:
        _no_split(row)
    offset = cols - len(columns)
    image_height = Cm(1.8)
    for index, (signer, lead) in enumerate(columns):
        c = index + offset
        texts = [lead, signer.position, None, signer.name, signer.rank, signer.id_line]
        for r, text in enumerate(texts):
            paragraph = table.cell(r, c).paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_after = Pt(0)
            if r == 2:
                if isinstance(signer.image, bytes):
                    paragraph.add_run().add_picture(io.BytesIO(signer.image), height=image_height)
                else:
                    paragraph.paragraph_format.space_before = Pt(48)
                continue
            if text:
                run = paragraph.add_run(text)
                run.font.size = Pt(size)
                if r == 3:
                    run.bold = True
                    run.underline = True
    for r, row in enumerate(table.rows):
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                _keep(paragraph, with_next=r < len(table.rows) - 1)


def signer_for(position: str, person, image: bytes | None = None) -> Signer:
    """A Signer from an attendee-like object (full_name, nip, category, golongan), or a dotted
    line to sign over when ``person`` is None."""
    if person is None:
        return Signer(position, "(" + "." * 40 + ")")
    rank, id_line = person_lines(person.nip, person.category, person.golongan)
    return Signer(position, person.full_name, rank, id_line, image)
