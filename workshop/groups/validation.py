"""What a notes field and an RTL cell may hold: checked and normalised before anything is stored
(the API and the forms share it)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from workshop.groups.clusters import format_rupiah
from workshop.groups.errors import InvalidInput

MAX_SHORT_TEXT = 1000  # one cell of the RTL table
MAX_LONG_TEXT = 10_000  # notes
MAX_BUDGET = 100_000_000_000  # Rp 100 miliar: more is a typing mistake for one local action
FUNDING_SOURCES = ("APBD", "APBN", "DAK", "Dana Desa", "CSR", "swadaya", "lainnya")
RTL_TEXT_FIELDS = (
    "activity",
    "objective",
    "target",
    "timeline",
    "location",
    "responsible",
    "partners",
    "success_indicator",
    "notes",
)
RTL_FIELDS = (
    "activity",
    "objective",
    "target",
    "kla_indicator",
    "timeline",
    "location",
    "responsible",
    "partners",
    "funding_source",
    "budget",
    "success_indicator",
    "notes",
    "position",
)
NOTES_FIELDS = ("issues", "summary", "agreements")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse_budget(value) -> int | None:
    """'Rp 15.000.000', '15.000.000', '15000000', 15000000 -> 15000000; '' -> None.
    Words, negative or absurd numbers raise ValueError with the message for the person."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(_l("Enter the budget in rupiah as a number, e.g. 15.000.000."))
    if isinstance(value, (int, float)):
        if value != int(value):
            raise ValueError(_l("Enter the budget in whole rupiah."))
        amount = int(value)
    elif isinstance(value, str):
        text = value.strip()
        text = re.sub(r"^rp\.?\s*", "", text, flags=re.IGNORECASE).strip()
        negative = text.startswith("-")
        text = text.lstrip("-").strip()
        text = re.sub(r",0{1,2}$", "", text)  # "15.000.000,00"
        if re.fullmatch(r"\d{1,3}(\.\d{3})+|\d{1,3}( \d{3})+|\d+", text) is None:
            raise ValueError(_l("Enter the budget in rupiah as a number, e.g. 15.000.000."))
        amount = int(re.sub(r"[ .]", "", text))
        if negative:
            amount = -amount
    else:
        raise ValueError(_l("Enter the budget in rupiah as a number, e.g. 15.000.000."))
    if amount < 0:
        raise ValueError(_l("The budget cannot be negative."))
    if amount > MAX_BUDGET:
        raise ValueError(
            _l("The budget is more than %(max)s; check the number.", max=format_rupiah(MAX_BUDGET))
        )
    return amount


def _text(value, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(_l("Enter text."))
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if CONTROL.search(value):
        raise ValueError(_l("The text contains control characters; type it again."))
    if len(value) > limit:
        raise ValueError(
            _l(
                "At most %(n)s characters (this has %(has)s).",
                n=f"{limit:,}".replace(",", "."),
                has=f"{len(value):,}".replace(",", "."),
            )
        )
    return value


def _indicator(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(_l("Choose a KLA indicator from 1 to 24."))
    try:
        number = int(value.strip()) if isinstance(value, str) else int(value)
    except (TypeError, ValueError):
        raise ValueError(_l("Choose a KLA indicator from 1 to 24.")) from None
    if isinstance(value, float) and value != number:
        raise ValueError(_l("Choose a KLA indicator from 1 to 24."))
    if not 1 <= number <= 24:
        raise ValueError(_l("Choose a KLA indicator from 1 to 24."))
    return number


def _position(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100_000:
        raise ValueError(_l("The position must be a whole number."))
    return value


def clean_rtl(data: dict) -> dict:
    """The RTL fields present in ``data``, checked and normalised. Raises InvalidInput with a
    message per bad field; unknown keys are ignored."""
    values, errors = {}, {}
    for name in RTL_FIELDS:
        if name not in data:
            continue
        raw = data[name]
        try:
            if name in RTL_TEXT_FIELDS:
                values[name] = _text(raw, MAX_SHORT_TEXT if name != "notes" else MAX_LONG_TEXT)
            elif name == "kla_indicator":
                values[name] = _indicator(raw)
            elif name == "budget":
                values[name] = parse_budget(raw)
            elif name == "funding_source":
                raw = (raw or "").strip() if isinstance(raw, str) or raw is None else raw
                if raw not in ("", *FUNDING_SOURCES):
                    raise ValueError(_l("Choose a source of funds from the list."))
                values[name] = raw
            elif name == "position":
                values[name] = _position(raw)
        except ValueError as error:
            errors[name] = str(error.args[0])
    if errors:
        raise InvalidInput(errors)
    return values


def clean_notes(data: dict) -> dict:
    values, errors = {}, {}
    for name in NOTES_FIELDS:
        if name in data:
            try:
                values[name] = _text(data[name], MAX_LONG_TEXT)
            except ValueError as error:
                errors[name] = str(error.args[0])
    if errors:
        raise InvalidInput(errors)
    return values


def valid_client_id(value) -> bool:
    if not isinstance(value, str) or not 8 <= len(value) <= 64:
        return False
    return re.fullmatch(r"[A-Za-z0-9_-]+", value) is not None
