"""Checks that hold on every page: security headers, no inline script or style, both languages."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.test_authorization_matrix import MATRIX

pytestmark = pytest.mark.sqlite_only

PO = Path(__file__).resolve().parents[2] / "workshop/translations/id/LC_MESSAGES/messages.po"
HTML_PAGES = sorted(
    endpoint
    for endpoint, (method, url, answers) in MATRIX.items()
    if method == "GET" and endpoint not in {"static", "core.set_language", "core.healthz", "auth.login"}
)


def _letters(text: str) -> str:
    return re.sub(r"\W", "", text).lower()


def _catalogue_pairs():
    with PO.open("rb") as f:
        catalog = read_po(f)
    # Domain words kept in Indonesian in both languages ("Jabatan", "NIP") are not leaks.
    same_in_both = {m.string for m in catalog if m.id and m.id == m.string}
    pairs = []
    for message in catalog:
        if not message.id or isinstance(message.id, tuple) or "%(" in message.id:
            continue
        # "Materi (presentation)" -> "Materi": the Indonesian word is part of the English text too.
        if message.string in same_in_both or _letters(message.string) == _letters(message.id):
            continue
        if message.string and message.string not in message.id and len(message.id) >= 12:
            pairs.append((message.id, message.string))
    return pairs


@pytest.fixture
def pages(app, as_role, url_values):
    """(endpoint, url, client) for every HTML page, fetched by a visitor who may see it."""
    admin = as_role("admin")
    anonymous = as_role("anonymous")
    result = [("auth.login", "/login", anonymous)]
    for endpoint in HTML_PAGES:
        _, url, _ = MATRIX[endpoint]
        client = anonymous if endpoint == "events.invitation" else admin
        result.append((endpoint, url.format(**url_values), client))
    return result


def test_every_page_has_security_headers_and_no_inline_script(pages):
    for endpoint, url, client in pages:
        response = client.get(url)
        assert response.status_code == 200, endpoint
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        if response.mimetype != "text/html":  # downloads (.ics, files, photos): headers only
            response.close()
            continue
        # Ticket pages keep their URL (a bearer key) from every other page too.
        assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer")
        html = response.get_data(as_text=True)
        for script in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in script, f"inline script on {endpoint}: {script}"
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), f"inline event handler on {endpoint}"
        assert not re.search(r"<[^>]+\sstyle\s*=", html), f"inline style on {endpoint}"
        assert "<style" not in html, f"style element on {endpoint}"


def test_english_switch_turns_every_page_into_english_and_back(pages):
    pairs = _catalogue_pairs()
    for endpoint, url, client in pages:
        switched = client.get(f"/lang/en?next={url}")
        assert switched.status_code == 302 and switched.headers["Location"] == url
        response = client.get(url)
        if response.mimetype != "text/html":
            response.close()
            continue
        english = response.get_data(as_text=True)
        assert '<html lang="en">' in english, endpoint
        leaked = [indonesian for _, indonesian in pairs if indonesian in english]
        assert not leaked, f"Indonesian text on the English {endpoint}: {leaked}"

        client.get(f"/lang/id?next={url}")
        indonesian = client.get(url).get_data(as_text=True)
        assert '<html lang="id">' in indonesian, endpoint
        leaked = [english_text for english_text, _ in pairs if english_text in indonesian]
        assert not leaked, f"English text on the Indonesian {endpoint}: {leaked}"


def test_language_switch_refuses_other_sites_and_unknown_languages(client):
    assert client.get("/lang/en?next=https://evil.example/").headers["Location"] == "/"
    assert client.get("/lang/en?next=//evil.example/").headers["Location"] == "/"
    response = client.get("/lang/xx?next=/")
    assert "lang=" not in response.headers.get("Set-Cookie", "")


def test_error_pages_in_both_languages(client):
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert "Halaman yang Anda minta tidak ditemukan." in page.get_data(as_text=True)
    client.get("/lang/en")
    assert "The page you asked for does not exist." in client.get("/no-such-page").get_data(as_text=True)


def test_api_errors_are_json(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.is_json and "error" in response.get_json()


def test_server_error_page_is_shown_and_logged(tmp_path, caplog):
    from workshop import create_app

    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/e.db"})

    @app.route("/boom-test")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom-test")
    assert "Unhandled error" in caplog.text
    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.get_data(as_text=True)


def test_session_cookie_is_httponly_and_samesite(app, world, client):
    from tests.conftest import PASSWORD

    response = client.post_form("/login", {"email": "organiser@serang.go.id", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
