"""Table cells that never break a word (issue 14: "Desem|ber" in the RTL PDF).

reportlab wraps a Paragraph at spaces but splits a word that is wider than its cell. Here every
word is measured first: a column whose longest word does not fit is widened, taking the room from
columns with room to spare; a word that still does not fit gets a smaller font in its own cell,
down to ``MIN_SIZE``. Cells are then made with ``splitLongWords=0``, so reportlab wraps at spaces
only."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

MIN_SIZE = 4.5


def longest_word(text: str, font: str, size: float) -> float:
    return max((stringWidth(word, font, size) for word in (text or "").split()), default=0.0)


def fit_widths(
    columns: list[list[tuple[str, str, float]]], widths: list[float], padding: float
) -> list[float]:
    """New column widths (same total) so that each column's longest word fits where possible.
    ``columns[c]`` lists (text, font, size) of every cell of column ``c``."""
    need = [max((longest_word(t, f, s) for t, f, s in cells), default=0.0) + padding for cells in columns]
    widths = list(widths)
    for _round in range(len(widths)):
        short = [c for c in range(len(widths)) if need[c] > widths[c] + 0.01]
        if not short:
            break
        wanted = sum(need[c] - widths[c] for c in short)
        slack = {c: widths[c] - need[c] for c in range(len(widths)) if c not in short and widths[c] > need[c]}
        room = sum(slack.values())
        if room <= 0.01:
            break
        give = min(wanted, room)
        for c in short:
            widths[c] += give * (need[c] - widths[c]) / wanted
        for c, spare in slack.items():
            widths[c] -= give * spare / room
    return widths


def cell_style(style: ParagraphStyle, text: str, width: float, padding: float) -> ParagraphStyle:
    """``style`` without word splitting, with a smaller font when a word of ``text`` is still
    wider than the cell (never below ``MIN_SIZE``)."""
    room = max(1.0, width - padding)
    size = style.fontSize
    widest = longest_word(text, style.fontName, size)
    if widest > room:
        size = max(MIN_SIZE, size * room / widest * 0.98)
    if size == style.fontSize and not style.splitLongWords:
        return style
    return ParagraphStyle(
        f"{style.name}-{size:.2f}",
        parent=style,
        fontSize=size,
        leading=style.leading * size / style.fontSize,
        splitLongWords=0,
    )
