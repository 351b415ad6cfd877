"""The letters as .docx (python-docx), the same layout as the PDF: the kop in the first page's
header, the nomor/sifat/lampiran/hal block with the date at the right, "Yth." and the addressee,
the body, the signature block (core/signing), then the lampiran on pages of their own."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt

from workshop.core.letterhead import add_kop_docx, fixed_widths
from workshop.core.signing import add_signing_docx
from workshop.documents.word import base_font, clean, repeat_header, set_up

SIZE = Pt(11)


def _para(container, text: str = "", *, bold=False, align=None, indent_first=False, space_after=0):
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(clean(text))
        run.bold = bold
        run.font.size = SIZE
    if align is not None:
        paragraph.alignment = align
    if indent_first:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def _cell_text(cell, text: str, *, bold=False, align=None, size=SIZE):
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(clean(text))
    run.bold = bold
    run.font.size = size
    paragraph.paragraph_format.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align


def _fields(container, rows, widths, size=SIZE):
    table = container.add_table(rows=len(rows), cols=3)
    fixed_widths(table, widths)
    for r, (label, value) in enumerate(rows):
        _cell_text(table.cell(r, 0), label, size=size)
        _cell_text(table.cell(r, 1), ":" if label else "", size=size)
        _cell_text(table.cell(r, 2), value, size=size)
    return table


def _grid(document, headers, rows, widths):
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    fixed_widths(table, widths)
    repeat_header(table.rows[0])
    for c, text in enumerate(headers):
        _cell_text(table.cell(0, c), text, bold=True, size=Pt(10))
    for r, row in enumerate(rows, 1):
        for c, text in enumerate(row):
            _cell_text(table.cell(r, c), text, size=Pt(10))
    return table


def _attachment(document, letter, title: str, heading: str, width):
    _para(document).add_run().add_break(WD_BREAK.PAGE)
    head = document.add_table(rows=1, cols=2)
    fixed_widths(head, [width - Mm(80), Mm(80)])
    inner = head.cell(0, 1)
    date = letter.place_and_date.split(", ", 1)[-1]
    _cell_text(inner, f"{title} surat {letter.signing.issuer.position.rstrip(',')}", size=Pt(9))
    _fields(inner, [("Nomor", letter.number), ("Tanggal", date)], [Mm(16), Mm(4), Mm(58)], size=Pt(9))
    _para(document)
    _para(document, heading, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)


def letter_docx(letter, title: str = "", author: str = "") -> bytes:
    document = Document()
    set_up(document, title or letter.hal, author, letter.addressee)
    section = document.sections[0]
    section.top_margin = Mm(15)
    add_kop_docx(section, letter.kop, first_page_only=True)
    base_font(document, SIZE.pt)
    width = section.page_width - section.left_margin - section.right_margin

    top = document.add_table(rows=1, cols=2)
    fixed_widths(top, [int(width * 0.64), int(width * 0.36)])
    block = top.cell(0, 0)
    _fields(
        block,
        [
            ("Nomor", letter.number),
            ("Sifat", letter.sifat),
            ("Lampiran", letter.lampiran),
            ("Hal", letter.hal),
        ],
        [Mm(22), Mm(4), int(width * 0.64) - Mm(26)],
    )
    block.paragraphs[0].paragraph_format.space_after = Pt(0)
    _cell_text(top.cell(0, 1), letter.place_and_date, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(document)
    for text, after in (("Yth. " + letter.addressee, 0), (letter.address, 10)):
        paragraph = _para(document, text, space_after=after)
        paragraph.paragraph_format.left_indent = Mm(9)
        paragraph.paragraph_format.first_line_indent = -Mm(9)
    _para(document, letter.opening, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_first=True, space_after=4)
    details = document.add_table(rows=1, cols=2)
    fixed_widths(details, [Mm(10), width - Mm(10)])
    _fields(details.cell(0, 1), letter.details, [Mm(28), Mm(4), width - Mm(42)])
    _para(document)
    if letter.people and not letter.people_attached:
        _para(
            document,
            letter.people_heading,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            indent_first=True,
            space_after=3,
        )
        _grid(document, ("No.", "Nama", "Jabatan"), _numbered(letter.people), _people_widths(width))
        _para(document)
    if letter.after_details:
        _para(
            document, letter.after_details, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_first=True, space_after=3
        )
    _para(document, letter.closing, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_first=True, space_after=10)
    add_signing_docx(document, letter.signing, width=width)
    number = 1
    if letter.people and letter.people_attached:
        _attachment(document, letter, "Lampiran I", "DAFTAR NAMA PESERTA", width)
        _grid(document, ("No.", "Nama", "Jabatan"), _numbered(letter.people), _people_widths(width))
        number = 2
    if letter.programme.rows:
        _attachment(document, letter, "Lampiran " + "I" * number, "SUSUNAN ACARA", width)
        _programme(document, letter.programme, width)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _programme(document, programme, width):
    """Time, session, speakers; a merged row for each day, as in the PDF."""
    rows, day = [], None
    for row_day, time, title, speakers in programme.rows:
        if row_day != day:
            day = row_day
            rows.append((day, None, None))
        rows.append((time, title, speakers))
    table = _grid(document, ("Waktu", "Acara", "Narasumber"), [], [Mm(26), width - Mm(76), Mm(50)])
    for row in rows:
        cells = table.add_row().cells
        if row[1] is None:
            merged = cells[0].merge(cells[2])
            _cell_text(merged, row[0], bold=True, size=Pt(10))
            continue
        for cell, text in zip(cells, row):
            _cell_text(cell, text, size=Pt(10))


def _numbered(people):
    return [(f"{n}.", name, position or "–") for n, (name, position) in enumerate(people, 1)]


def _people_widths(width):
    return [Mm(11), int(width * 0.45), width - Mm(11) - int(width * 0.45)]
