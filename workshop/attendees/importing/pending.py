"""The uploaded file between preview and confirm: kept in the storage folder under a random name
(shared by every worker), deleted when confirmed or cancelled, and after a day."""

from __future__ import annotations

import re
import time
from pathlib import Path

from flask import Flask

from workshop.core.tokens import random_token

PENDING_MAX_AGE_SECONDS = 24 * 3600
KINDS = ("xlsx", "csv")

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def storage_dir(app: Flask) -> Path:
    """The folder for uploads and generated files (STORAGE_DIR, else instance/storage); shared by
    every worker, so nothing needed later lives in one process's memory."""
    folder = Path(app.config.get("STORAGE_DIR") or Path(app.instance_path) / "storage")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _imports_dir(app: Flask) -> Path:
    folder = storage_dir(app) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pending_path(app: Flask, token: str, kind: str) -> Path | None:
    if not _TOKEN.match(token or "") or kind not in KINDS:
        return None
    return _imports_dir(app) / f"{token}.{kind}"


def save_pending(app: Flask, data: bytes, kind: str) -> str:
    """Keep an upload under a random name until it is confirmed; returns the name's token."""
    token = random_token(18)
    path = pending_path(app, token, kind)
    tmp = path.with_suffix(".part")
    tmp.write_bytes(data)
    tmp.chmod(0o600)
    tmp.replace(path)
    return token


def load_pending(app: Flask, token: str, kind: str) -> bytes | None:
    path = pending_path(app, token, kind)
    if path is None or not path.is_file():
        return None
    return path.read_bytes()


def delete_pending(app: Flask, token: str, kind: str) -> None:
    path = pending_path(app, token, kind)
    if path is not None:
        path.unlink(missing_ok=True)


def cleanup_pending(
    app: Flask, max_age_seconds: int = PENDING_MAX_AGE_SECONDS, now: float | None = None
) -> int:
    """Delete uploads nobody confirmed within a day; returns how many."""
    limit = (now if now is not None else time.time()) - max_age_seconds
    removed = 0
    for path in _imports_dir(app).iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            pass  # another worker removed it first
    return removed
