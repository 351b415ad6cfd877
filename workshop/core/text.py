"""Characters no text of ours may hold, and the one place that says which.

Refused at every form and JSON API (``workshop.core.inputs``), and stripped by every document
writer anyway (``xml_safe``: the PDF, DOCX and XLSX writers), so a value stored before this rule,
or read from an imported file, can never break a document:

- what XML 1.0 cannot hold (DOCX and XLSX are XML): control characters other than tab, line feed
  and carriage return, lone surrogates (which UTF-8 cannot encode either: PostgreSQL refuses them),
  U+FFFE and U+FFFF;
- the Unicode non-characters (U+FDD0–U+FDEF and the last two code points of every plane), which no
  keyboard types and no text legitimately carries.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

_FORBIDDEN_RANGES = (
    "\x00-\x08\x0b\x0c\x0e-\x1f"  # C0 controls but tab, LF, CR
    "\ud800-\udfff"  # surrogates (only lone ones reach a Python str)
    "\ufdd0-\ufdef"  # non-characters
    "\ufffe\uffff"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
)
FORBIDDEN = re.compile(f"[{_FORBIDDEN_RANGES}]")

MESSAGE = _l("This text holds a character that cannot be stored or printed. Please retype it.")


def forbidden_character(text: str) -> str | None:
    """The first character ``text`` may not hold, or None."""
    match = FORBIDDEN.search(text)
    return match.group(0) if match else None


def xml_safe(text: str | None) -> str:
    """``text`` without the characters a document cannot hold ('' for None)."""
    if not text:
        return ""
    return FORBIDDEN.sub("", text)


# Spreadsheets (the attendee list, the recap): text Excel would run as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TEXT_FORMAT = "@"  # the cell format that keeps a NIP's 18 digits as text


def escape_formula(value: str) -> str:
    """Text that Excel would run as a formula gets a leading apostrophe; a character no document
    may hold (XLSX is XML) is dropped."""
    value = xml_safe(value)
    if value and value.startswith(FORMULA_START):
        return "'" + value
    return value
