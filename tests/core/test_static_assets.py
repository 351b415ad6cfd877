"""Static files are fingerprinted and cached as immutable (issue 17)."""

from __future__ import annotations

import hashlib
import re

from workshop import ROOT


def test_pages_link_static_files_with_their_hash_and_those_are_immutable(app, client):
    page = client.get("/login").get_data(as_text=True)
    links = re.findall(r'(?:href|src)="(/static/[^"?]+)\?v=([0-9a-f]{12})"', page)
    assert any(path.endswith(".css") for path, _v in links) and any(
        path.endswith(".js") for path, _v in links
    )
    for path, version in links:
        content = (ROOT / path.lstrip("/")).read_bytes()
        assert version == hashlib.sha256(content).hexdigest()[:12], path
        response = client.get(f"{path}?v={version}")
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        response.close()


def test_without_the_current_hash_a_static_file_is_revalidated(app, client):
    for url in ("/static/css/app.css", "/static/css/app.css?v=000000000000"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-cache"
        response.close()
    assert client.get("/static/nope.css?v=000000000000").status_code == 404
