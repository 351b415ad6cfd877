"""What every .docx of Bintek has (issue 14): the margins of official documents (about 2.5–3 cm),
page numbers in the footer, document properties (title, author = the organising body, never
"python-docx"), tables whose header row repeats, and signature blocks that are never split from
their names across a page."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from workshop.core.text import xml_safe

MARGINS_MM = {"left_margin": 30, "right_margin": 25, "top_margin": 25, "bottom_margin": 25}


def set_up(document, title: str, author: str, subject: str = "", landscape: bool = False) -> None:
    from docx.enum.section import WD_ORIENT

    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
    for side, value in MARGINS_MM.items():
        setattr(section, side, Mm(value))
    properties = document.core_properties
    properties.title = clean(title)[:250]
    properties.author = clean(author)[:250] or "Bintek"
    properties.last_modified_by = properties.author
    properties.subject = clean(subject)[:250]
    properties.comments = ""
    properties.keywords = ""
    add_page_numbers(section)


def base_font(document, size: float) -> None:
    """The Normal style in the house's DOCX font (the kop's) at ``size`` points, so the body does
    not fall back to Word's or LibreOffice's own default beside an Arial kop."""
    from workshop.core.letterhead import DOCX_FONT

    normal = document.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(size)


def text_width_mm(document) -> float:
    section = document.sections[0]
    return (section.page_width - section.left_margin - section.right_margin) / 36000


def _field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, shown, end):
        run._r.append(element)


def add_page_numbers(section, first_page: bool = False) -> None:
    """'– PAGE –' centred in the footer (a field: Word and LibreOffice fill it in); with
    ``first_page``, in the footer of a section's different first page."""
    paragraph = (section.first_page_footer if first_page else section.footer).paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("– ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" –")
    for run in paragraph.runs:
        run.font.size = Pt(9)


def repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def keep_table_together(table) -> None:
    """No row splits across pages and every row keeps with the next: the block (place and date,
    jabatan, space to sign, name, NIP) stays on one page with its names."""
    for row in table.rows:
        properties = row._tr.get_or_add_trPr()
        cant_split = OxmlElement("w:cantSplit")
        cant_split.set(qn("w:val"), "true")
        properties.append(cant_split)
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
                paragraph.paragraph_format.keep_together = True


def clean(text: str) -> str:
    """Word refuses what XML 1.0 cannot hold (a pasted NUL, form feed or U+FFFF would break the
    file): the one rule of core/text.py, and carriage returns (a line break is \\n)."""
    return xml_safe(text).replace("\r", "")


def add_text(document, text: str = "", bold: bool = False, size: float | None = None, centre: bool = False):
    """A paragraph of one run of ``text`` (cleaned; no run when there is no text)."""
    paragraph = document.add_paragraph()
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        run = paragraph.add_run(clean(text))
        run.bold = bold
        if size:
            run.font.size = Pt(size)
    return paragraph


def page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
