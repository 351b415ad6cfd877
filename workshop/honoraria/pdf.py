"""The SPJ documents as PDFs: the daftar penerimaan honorarium (A4 landscape: one row per person,
a totals row, the PPK and the bendahara signing) and the kuitansi (one A4 page per person: who
pays, the amount in figures and in words, what for, and the signatures). Pure rendering: plain
values in (texts already in the reader's language), bytes out."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer

from workshop.core.docparts import Page, centred, fields_table
from workshop.core.letterhead import Kop, kop_flowable
from workshop.core.pdf import FONT, FONT_BOLD, register_fonts
from workshop.core.pdf import escape as _esc
from workshop.core.signing import Signing, signing_flowable
from workshop.core.tables import styled_table

ROW_MIN_HEIGHT = 13 * mm  # room to sign by hand
GREY = colors.Color(0.9, 0.9, 0.9)
PAY_SHEET_PAGE = Page(left=12 * mm, right=12 * mm, top=12 * mm, bottom=14 * mm, landscape=True)
RECEIPT_PAGE = Page(left=22 * mm, right=22 * mm, top=14 * mm, bottom=16 * mm)


def amount(value: int) -> str:
    """1.250.000 (no currency: the column heading says Rp)."""
    return f"{value:,}".replace(",", ".")


@dataclass(frozen=True)
class PayRow:
    name: str
    id_lines: list[str]  # "NIP …", "NPWP …"
    position: str  # jabatan, instansi
    golongan: str
    jp: int
    rate: int
    gross: int
    tax: int
    tax_percent: str  # "5 %"
    net: int
    account: list[str]  # bank, number, holder


@dataclass
class PaySheet:
    title: str
    subtitle: list[str]  # the event, dates and place
    headers: list[str]  # 11 columns
    rows: list[PayRow] = field(default_factory=list)
    total_label: str = "Jumlah"
    totals: tuple[int, int, int, int] = (0, 0, 0, 0)  # jp, gross, tax, net
    notes: list[str] = field(default_factory=list)
    signing: Signing | None = None
    kop: Kop | None = None
    author: str = ""
    empty_text: str = ""


def _styles():
    base = ParagraphStyle("base", fontName=FONT, fontSize=8, leading=9.8)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7, leading=8.4),
        "num": ParagraphStyle("num", parent=base, alignment=TA_RIGHT),
        "head": centred("head", base, 12.5, 15.5, bold=True),
        "sub": centred("sub", base, 9.5, 12),
        "cell_head": centred("ch", base, 7.2, 8.6, bold=True),
        "bold": ParagraphStyle("bold", parent=base, fontName=FONT_BOLD),
        "text": ParagraphStyle("text", parent=base, fontSize=10.5, leading=14),
    }


def _heading(story: list, kop: Kop | None, width: float, title: str, subtitle: list[str], styles) -> None:
    if kop is not None and not kop.is_empty:
        story.append(kop_flowable(kop, width))
    story.append(Paragraph(_esc(title), styles["head"]))
    story += [Paragraph(_esc(line), styles["sub"]) for line in subtitle if line]
    story.append(Spacer(0, 4 * mm))


def render_pay_sheet(sheet: PaySheet) -> bytes:
    register_fonts()
    width = PAY_SHEET_PAGE.width
    styles = _styles()
    story: list = []
    _heading(story, sheet.kop, width, sheet.title, sheet.subtitle, styles)
    # 273 mm: A4 landscape less margins.
    widths = [m * mm for m in (10, 50, 41, 10, 8, 20, 25, 23, 25, 36, 25)]
    data = [[Paragraph(_esc(h), styles["cell_head"]) for h in sheet.headers]]
    data.append([Paragraph(str(n), styles["cell_head"]) for n in range(1, len(sheet.headers) + 1)])
    for number, row in enumerate(sheet.rows, start=1):
        who = f"<b>{_esc(row.name)}</b>" + "".join(
            f"<br/><font size=7>{_esc(x)}</font>" for x in row.id_lines if x
        )
        signature = f"{number}." if number % 2 else f"{'&nbsp;' * 12}{number}."
        data.append(
            [
                str(number),
                Paragraph(who, styles["base"]),
                Paragraph(_esc(row.position), styles["small"]),
                row.golongan,
                str(row.jp),
                Paragraph(amount(row.rate), styles["num"]),
                Paragraph(amount(row.gross), styles["num"]),
                Paragraph(
                    f"{amount(row.tax)}<br/><font size=6.5>{_esc(row.tax_percent)}</font>", styles["num"]
                ),
                Paragraph(amount(row.net), styles["num"]),
                Paragraph("<br/>".join(_esc(x) for x in row.account if x), styles["small"]),
                Paragraph(signature, styles["small"]),
            ]
        )
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 2), (0, -1), "CENTER"),
        ("ALIGN", (3, 2), (4, -1), "CENTER"),
        ("BACKGROUND", (0, 0), (-1, 1), GREY),
        ("TOPPADDING", (0, 1), (-1, 1), 1),
        ("BOTTOMPADDING", (0, 1), (-1, 1), 1),
    ]
    heights = [0, 0] + [ROW_MIN_HEIGHT] * len(sheet.rows)
    if not sheet.rows:
        style.append(("SPAN", (0, 2), (-1, 2)))
        data.append([Paragraph(_esc(sheet.empty_text), styles["base"])] + [""] * 10)
        heights.append(0)
    jp, gross, tax, net = sheet.totals
    total_row = len(data)
    data.append(
        [
            Paragraph(f"<b>{_esc(sheet.total_label)}</b>", styles["base"]),
            "",
            "",
            "",
            str(jp),
            "",
            Paragraph(f"<b>{amount(gross)}</b>", styles["num"]),
            Paragraph(f"<b>{amount(tax)}</b>", styles["num"]),
            Paragraph(f"<b>{amount(net)}</b>", styles["num"]),
            "",
            "",
        ]
    )
    heights.append(0)
    style += [
        ("SPAN", (0, total_row), (3, total_row)),
        ("ALIGN", (4, total_row), (4, total_row), "CENTER"),
        ("FONT", (4, total_row), (4, total_row), FONT_BOLD, 8),
        ("BACKGROUND", (0, total_row), (-1, total_row), colors.Color(0.96, 0.96, 0.96)),
    ]
    story.append(styled_table(data, widths, style, repeatRows=2, minRowHeights=heights))
    if sheet.notes:
        story.append(Spacer(0, 2 * mm))
        story += [Paragraph(_esc(note), styles["small"]) for note in sheet.notes]
    if sheet.signing is not None:
        story.append(signing_flowable(sheet.signing, width, size=9))
    return PAY_SHEET_PAGE.pdf(
        story, title=sheet.title, author=sheet.author, subject=" ".join(sheet.subtitle[:1])
    )


@dataclass(frozen=True)
class Receipt:
    """One kuitansi; ``fields`` are (label, value) lines under the title, ``figures`` (label,
    amount) lines of the calculation."""

    title: str
    fields: list[tuple[str, str]]
    amount_label: str  # "Terbilang"
    amount_words: str
    total: int
    figures: list[tuple[str, str]]
    receiver: Signing  # place and date, "Yang menerima", the person
    payers: Signing  # the bendahara (lunas dibayar) and the PPK (setuju dibayar)


@dataclass
class Receipts:
    receipts: list[Receipt]
    title: str
    subject: str
    kop: Kop | None = None
    author: str = ""
    empty_text: str = ""


def render_receipts(document: Receipts) -> bytes:
    register_fonts()
    width = RECEIPT_PAGE.width
    styles = _styles()
    text = styles["text"]
    story: list = []
    for index, receipt in enumerate(document.receipts):
        if index:
            story.append(PageBreak())
        _heading(story, document.kop, width, receipt.title, [], styles)
        story.append(fields_table(receipt.fields, text, width, 42 * mm, top=3, bottom=4, right=6))
        story.append(Spacer(0, 3 * mm))
        words = styled_table(
            [[Paragraph(f"<b>{_esc(receipt.amount_label)}:</b> <i>{_esc(receipt.amount_words)}</i>", text)]],
            [width],
            [
                ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.95, 0.95, 0.95)),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ],
        )
        story += [words, Spacer(0, 4 * mm)]
        figures = styled_table(
            [
                [
                    Paragraph(_esc(label), text),
                    Paragraph(_esc(value), ParagraphStyle("r", parent=text, alignment=TA_RIGHT)),
                ]
                for label, value in receipt.figures
            ],
            [70 * mm, 40 * mm],
            [
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ],
            hAlign="LEFT",
        )
        story.append(figures)
        story.append(signing_flowable(receipt.receiver, width, size=10, space_before=8 * mm))
        story.append(signing_flowable(receipt.payers, width, size=10, space_before=8 * mm))
    if not document.receipts:
        _heading(story, document.kop, width, document.title, [], styles)
        story.append(Paragraph(_esc(document.empty_text), text))
    return RECEIPT_PAGE.pdf(
        story, numbered=False, title=document.title, author=document.author, subject=document.subject
    )
