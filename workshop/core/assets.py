"""Fingerprinted static files (issue 17): ``url_for('static', filename=...)`` adds ``?v=<hash of the
file's content>``, and a request carrying the current hash is answered with
``Cache-Control: public, max-age=31536000, immutable``: browsers keep the file for a year and never
ask again, and a changed file gets a new URL. Without the hash (or with an old one) the file is
served ``no-cache`` as before, so hand-written URLs (the service worker's list, the .wasm that
scan.js loads) stay correct.

A query string rather than a renamed path: the scanner's service worker looks static files up with
``ignoreSearch``, so its offline copies keep matching.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from flask import Flask, request

IMMUTABLE = "public, max-age=31536000, immutable"


class Fingerprints:
    """The hash of each static file, computed once per file (again when its mtime changes)."""

    def __init__(self, folder: str):
        self.folder = Path(folder)
        self._known: dict[str, tuple[float, str]] = {}

    def of(self, filename: str) -> str | None:
        path = self.folder / filename
        try:
            path.resolve().relative_to(self.folder.resolve())
            mtime = os.stat(path).st_mtime
        except (OSError, ValueError):
            return None
        known = self._known.get(filename)
        if known is None or known[0] != mtime:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            known = self._known[filename] = (mtime, digest)
        return known[1]


def init_app(app: Flask) -> None:
    fingerprints = Fingerprints(app.static_folder)
    app.extensions["static-fingerprints"] = fingerprints

    @app.url_defaults
    def _fingerprint(endpoint, values):
        if endpoint == "static" and "v" not in values and "filename" in values:
            version = fingerprints.of(values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def _cache_static(response):
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        given = request.args.get("v")
        filename = (request.view_args or {}).get("filename", "")
        if given and given == fingerprints.of(filename):
            response.headers["Cache-Control"] = IMMUTABLE
            response.expires = None
        else:
            response.headers["Cache-Control"] = "no-cache"
        return response
