"""One cell as the organiser sees it: text, numbers without .0, dates, placeholders such as "-"
or "tidak ada" that mean empty, and NIPs that Excel kept as numbers."""

from __future__ import annotations

import re
from datetime import date, datetime


def cell_text(value) -> str:
    """A cell as the organiser sees it: numbers without a trailing .0, big numbers in Excel's
    E+ notation (which is what lost their digits), dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.replace("\u200b", "").split())
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        if abs(value) >= 1e15:
            return format(value, ".14E")
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


_EXCEL_NUMBER_TEXT = re.compile(r"^(\d[.,]\d+[eE]\+?\d+|\d{15}000)$")


def is_excel_number_text(text: str) -> bool:
    """What a NIP column Excel kept as numbers looks like once saved as CSV: 1.98609E+17 (1,98609E+17
    in an Indonesian Excel), or all 18 digits with the last three turned to 000 (no real NIP ends
    in sequence 000)."""
    return bool(_EXCEL_NUMBER_TEXT.match(text.strip()))


def is_excel_number(value) -> bool:
    """A NIP cell Excel keeps as a number: 15 or more digits cannot be stored exactly in a
    spreadsheet cell, so it is refused even when its 18 digits look right."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return len(str(int(abs(value)))) >= 15
    except (OverflowError, ValueError):
        return True


# Folded texts (see reference.fold) that lists use for "nothing here". A dash, a zero or "tidak
# ada" in the NIP column of a non-civil-servant is empty, not a NIP of 0 digits.
_PLACEHOLDERS = {
    "0",
    "00",
    "tidak ada",
    "tdk ada",
    "ga ada",
    "gak ada",
    "nihil",
    "kosong",
    "belum ada",
    "n a",
    "na",
    "none",
    "null",
    "nil",
}
_PLACEHOLDER_MARKS = re.compile(r"^[\s\-‐‑‒–—―−_.,/\\*#?']*$")


def is_placeholder(text: str) -> bool:
    """'-', '–', '—', '--', '.', '0', 'tidak ada', 'n/a', 'N/A', 'nihil', '' and the like: empty."""
    from workshop.attendees.reference import fold

    if _PLACEHOLDER_MARKS.match(text or ""):
        return True
    return fold(text) in _PLACEHOLDERS


def blank_placeholders(texts: dict[str, str]) -> dict[str, str]:
    """The same cells with every placeholder turned into ''."""
    return {name: ("" if is_placeholder(value) else value) for name, value in texts.items()}
