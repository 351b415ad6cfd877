"""Browser-test harness: the app served for real, and Debian's headless Chromium driven by Playwright.

Every test in tests/browser is marked ``browser``; all such tests are skipped (with the reason)
when /usr/bin/chromium or the playwright package is missing. Run them alone with
``pytest -m browser`` or leave them out with ``pytest -m "not browser"``.

These fixtures use SQLite only and never the parametrized ``app`` fixture of tests/conftest.py.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from werkzeug.serving import make_server

from workshop import create_app
from workshop.extensions import db

HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--lang=id-ID",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE_WIDTH = 360
PHONE_HEIGHT = 740


@functools.cache
def browser_unavailable_reason() -> str | None:
    """Why browser tests cannot run here, or None when they can (checked once per session)."""
    if not CHROMIUM.exists():
        return "Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as e:
        return f"the playwright package cannot be imported ({e}); pip install -e '.[test]'"
    return None


def pytest_collection_modifyitems(config, items):
    reason = browser_unavailable_reason()
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
        if reason and item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=reason))


# ---- the app, served on a real port ----------------------------------------------------------


@dataclass
class LiveServer:
    url: str  # e.g. http://127.0.0.1:54321 (no trailing slash)
    app: Flask


@pytest.fixture
def live_server(tmp_path):
    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/live.db"})
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


# ---- the browser -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright driver for the whole run (two sync drivers cannot run at once)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver):
    browser = playwright_driver.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def phone(browser):
    """A 360 px wide Indonesian phone. ``phone.console_errors`` lists every console error and
    uncaught exception (Chromium reports CSP violations as console errors), so a test can end
    with ``assert phone.console_errors == []``."""
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": PHONE_HEIGHT},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []

    def on_console(message):
        if message.type != "error":
            return
        # Chromium asks for /favicon.ico on its own and the app has none (no <link rel=icon>):
        # that 404 is not a page error. Every other failed load (CSS, JS, images) still counts.
        if urlsplit(message.location.get("url") or "").path == "/favicon.ico":
            return
        errors.append(f"console error on {page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"uncaught exception on {page.url}: {exc}"))
    page.console_errors = errors
    try:
        yield page
    finally:
        context.close()
