"""The letters as PDF (reportlab platypus, the house's DejaVu fonts), in the tata naskah dinas
layout: the kop; nomor / sifat / lampiran / hal top left, place and date top right; "Yth." and the
addressee; the body with its details; the signature block on the right; then the lampiran (the
people asked for when they are many, and the programme). Plain values in (LetterContent), bytes
out; ``all_letters_pdf`` sets many in one PDF with a bookmark per addressee."""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table

from workshop.core.docparts import Page, cell_padding, fields_table
from workshop.core.letterhead import kop_flowable
from workshop.core.pdf import FONT, FONT_BOLD, escape, register_fonts
from workshop.core.signing import signing_flowable
from workshop.core.tables import plain_table, styled_table

PAGE = Page(left=25 * mm, right=20 * mm, top=12 * mm, bottom=18 * mm)
WIDTH = PAGE.width
SIZE = 11
INDENT = 10 * mm


def _styles():
    body = ParagraphStyle("body", fontName=FONT, fontSize=SIZE, leading=SIZE * 1.35)
    return {
        "body": body,
        "justify": ParagraphStyle("justify", parent=body, alignment=TA_JUSTIFY, firstLineIndent=INDENT),
        "indented": ParagraphStyle("indented", parent=body, leftIndent=INDENT),
        "bold": ParagraphStyle("bold", parent=body, fontName=FONT_BOLD),
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, alignment=TA_CENTER, fontSize=12),
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=11.5),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9.5, leading=12),
        "cellbold": ParagraphStyle("cellbold", parent=body, fontSize=9.5, leading=12, fontName=FONT_BOLD),
    }


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(text), style)


_TIGHT = cell_padding(top=0, bottom=1, right=2)
_GRID = [
    ("GRID", (0, 0), (-1, -1), 0.5, "#000000"),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (-1, 0), "#e6e6e6"),
]


def _people_table(people, width, s) -> Table:
    data = [[_p("No.", s["cellbold"]), _p("Nama", s["cellbold"]), _p("Jabatan", s["cellbold"])]]
    for number, (name, position) in enumerate(people, 1):
        data.append([_p(f"{number}.", s["cell"]), _p(name, s["cell"]), _p(position or "–", s["cell"])])
    return styled_table(data, [11 * mm, width * 0.45, width - 11 * mm - width * 0.45], _GRID, repeatRows=1)


def _attachment_head(letter, title: str, s) -> list:
    """Top right: "Lampiran I surat <signer's office>", Nomor, Tanggal (tata naskah dinas)."""
    width = 80 * mm
    block = [
        _p(f"{title} surat {letter.signing.issuer.position.rstrip(',')}".strip(), s["small"]),
        fields_table(
            [("Nomor", letter.number), ("Tanggal", letter.place_and_date.split(", ", 1)[-1])],
            s["small"],
            width,
            16 * mm,
        ),
    ]
    return [plain_table([["", block]], [WIDTH - width, width], style=_TIGHT), Spacer(1, 6 * mm)]


def _programme_table(programme, s) -> Table:
    """Time, session, speakers; a row across the table for each day."""
    data = [[_p(h, s["cellbold"]) for h in ("Waktu", "Acara", "Narasumber")]]
    style = list(_GRID)
    day = None
    for row_day, time, title, speakers in programme.rows:
        if row_day != day:
            day = row_day
            data.append([_p(day, s["cellbold"]), "", ""])
            row = len(data) - 1
            style += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), "#f3f3f3")]
        data.append([_p(time, s["cell"]), _p(title, s["cell"]), _p(speakers, s["cell"])])
    return styled_table(data, [26 * mm, WIDTH - 76 * mm, 50 * mm], style, repeatRows=1)


def story(letter) -> list:
    register_fonts()  # before the first Paragraph measures its font
    s = _styles()
    flow: list = [kop_flowable(letter.kop, WIDTH, space_after=3 * mm)]
    block = fields_table(
        [
            ("Nomor", letter.number),
            ("Sifat", letter.sifat),
            ("Lampiran", letter.lampiran),
            ("Hal", letter.hal),
        ],
        s["body"],
        WIDTH * 0.62,
        22 * mm,
    )
    date = _p(letter.place_and_date, ParagraphStyle("date", parent=s["body"], alignment=2))
    flow += [plain_table([[block, date]], [WIDTH * 0.64, WIDTH * 0.36], style=_TIGHT), Spacer(1, 6 * mm)]
    hanging = stringWidth("Yth. ", FONT, SIZE)
    yth = ParagraphStyle("yth", parent=s["body"], leftIndent=hanging, firstLineIndent=-hanging)
    flow += [_p("Yth. " + letter.addressee, yth), _p(letter.address, yth), Spacer(1, 6 * mm)]
    flow += [_p(letter.opening, s["justify"]), Spacer(1, 2 * mm)]
    details = styled_table(
        [[fields_table(letter.details, s["body"], WIDTH - INDENT, 28 * mm)]],
        [WIDTH],
        [("LEFTPADDING", (0, 0), (-1, -1), INDENT)],
    )
    flow += [details, Spacer(1, 2 * mm)]
    if letter.people and not letter.people_attached:
        flow += [_p(letter.people_heading, s["justify"]), Spacer(1, 1.5 * mm)]
        flow += [_people_table(letter.people, WIDTH, s), Spacer(1, 2 * mm)]
    if letter.after_details:
        flow += [_p(letter.after_details, s["justify"]), Spacer(1, 1.5 * mm)]
    flow += [_p(letter.closing, s["justify"])]
    flow.append(signing_flowable(letter.signing, WIDTH, size=SIZE, space_before=4 * mm))
    number = 1
    if letter.people and letter.people_attached:
        flow += [PageBreak(), *_attachment_head(letter, "Lampiran I", s)]
        flow += [
            _p("DAFTAR NAMA PESERTA", s["title"]),
            Spacer(1, 4 * mm),
            _people_table(letter.people, WIDTH, s),
        ]
        number = 2
    if letter.programme.rows:
        roman = "I" * number if number < 4 else str(number)
        flow += [PageBreak(), *_attachment_head(letter, f"Lampiran {roman}", s)]
        flow += [_p("SUSUNAN ACARA", s["title"]), Spacer(1, 4 * mm)]
        flow.append(_programme_table(letter.programme, s))
    return flow


def letter_pdf(letter, title: str = "", author: str = "") -> bytes:
    return PAGE.pdf(
        story(letter), numbered=False, title=title or letter.hal, author=author, subject=letter.addressee
    )


class _Bookmark(Flowable):
    """An outline entry (the PDF reader's bookmark) at the top of a letter's first page."""

    def __init__(self, title: str, key: str):
        super().__init__()
        self.title, self.key = title, key

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=0)


def all_letters_pdf(letters: list, title: str, author: str) -> bytes:
    """Many letters in one PDF, each from a new page with a bookmark per addressee. One document
    (not a merge of many), so the fonts and the kop's logo are embedded once."""
    flow: list = []
    for index, letter in enumerate(letters):
        if index:
            flow.append(PageBreak())
        flow += [_Bookmark(letter.bookmark, f"letter-{index}"), *story(letter)]
    return PAGE.pdf(flow or [Spacer(1, 1)], numbered=False, title=title, author=author)
