"""Translations: Indonesian by default, English by choice (remembered in a cookie).
Message ids are English; the Indonesian catalogue is in workshop/translations/id."""

from __future__ import annotations

import os
import tempfile
from datetime import date, datetime
from pathlib import Path

from babel.dates import format_date as babel_format_date
from babel.dates import format_interval
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, has_request_context, request
from flask_babel import format_date, format_datetime, get_locale

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def select_locale() -> str:
    if not has_request_context():  # command line, jobs: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    choice = request.cookies.get("lang")
    if choice in current_app.config["LANGUAGES"]:
        return choice
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def compile_catalogs() -> None:
    """Compile .po to .mo when missing or older, so a fresh clone speaks Indonesian at once."""
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as f:
            catalog = read_po(f, locale=po_path.parent.parent.name)
        # A temporary file of this process's own: several processes starting at once (gunicorn
        # workers, parallel test processes) each write theirs and the last rename wins.
        fd, tmp = tempfile.mkstemp(prefix="messages.", suffix=".mo.tmp", dir=mo_path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                write_mo(f, catalog)
            os.chmod(tmp, 0o644)
            os.replace(tmp, mo_path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def day_span(start: date, end: date, locale: str, between: str) -> str:
    """'18<between>20 November 2026' in ``locale``, compact when month or year repeat (a
    certificate: '18 s.d. 20 November 2026', '18–20 November 2026')."""

    def day(value: date, pattern: str = "d MMMM yyyy") -> str:
        return babel_format_date(value, pattern, locale=locale)

    if start == end:
        return day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{between}{day(end)}"
    if start.year == end.year:
        return f"{day(start, 'd MMMM')}{between}{day(end)}"
    return f"{day(start)}{between}{day(end)}"


def date_range(start: date, end: date) -> str:
    """'18 – 20 November 2026' in Indonesian, compact when month or year repeat; other languages
    use their own interval pattern ('Nov 18 – 20, 2026')."""
    if get_locale().language != "id":
        return format_interval(start, end, "yMMMMd", locale=get_locale())
    return day_span(start, end, "id", " – ")


def event_datetime(event, moment: datetime | None) -> str:
    """A UTC moment shown in the event's time zone, with its zone label (WIB, WITA, WIT)."""
    if moment is None:
        return ""
    local = moment.astimezone(event.tz)
    return f"{format_datetime(local.replace(tzinfo=None), 'd MMM yyyy HH:mm')} {event.tz_label}"


def init_app(app: Flask, babel) -> None:
    compile_catalogs()
    babel.init_app(app, locale_selector=select_locale, default_translation_directories=str(TRANSLATIONS))

    @app.context_processor
    def inject_locale():
        return {"current_locale": str(get_locale()), "languages": app.config["LANGUAGES"]}

    app.jinja_env.filters["date_range"] = date_range
    app.jinja_env.globals["event_datetime"] = event_datetime
    app.jinja_env.filters["fdate"] = lambda d, fmt="long": format_date(d, fmt) if d else ""
    app.jinja_env.filters["fdatetime"] = lambda d, fmt="d MMM yyyy HH:mm": (
        format_datetime(d, fmt) if d else ""
    )
