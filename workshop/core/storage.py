"""Files of the agenda in the storage folder: what a file really is (from its content, never its
name), a readable but harmless download name, and files that follow the transaction: a file
written during a request disappears if the request rolls back, and a deleted material's file
disappears only once the deletion is committed."""

from __future__ import annotations

import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Session

CHUNK = 64 * 1024
DELETE_ON_COMMIT = "agenda_delete_on_commit"
DELETE_ON_ROLLBACK = "agenda_delete_on_rollback"
STORED_NAME = re.compile(r"^[0-9a-f]{32}(\.(jpg|png))?$")

# file type -> (MIME type, the label people know it by)
FILE_TYPES = {
    "pdf": ("application/pdf", "PDF"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "jpg": ("image/jpeg", "JPG"),
    "png": ("image/png", "PNG"),
}
# An Office Open XML file is a zip whose main part is declared with this content type in
# [Content_Types].xml. Macro-enabled variants (docm, pptm, xlsm) declare other types: refused.
OOXML_MAIN_PARTS = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
CONTENT_TYPES_MAX = 1024 * 1024


class TooLarge(Exception):
    pass


class Refused(Exception):
    """An upload refused before its content was looked at; ``message`` says why, for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class Received:
    name: str  # the cleaned download name, as sent
    stored_name: str
    path: Path
    size: int


def receive(
    folder_name: str, stream: BinaryIO, filename: str | None, max_bytes: int, error: type[Exception] = Refused
) -> Received:
    """An upload copied into a folder under a random name, at most ``max_bytes`` read. Refused
    with ``error(message)`` (nothing left behind) without a usable name or when too large; what
    the file is, the caller judges from ``path``."""
    name = clean_filename(filename)
    if not name:
        raise error(_l("Choose a file to upload."))
    stored_name = random_name()
    target = folder(folder_name) / stored_name
    try:
        size = copy_limited(stream, target, max_bytes)
    except TooLarge:
        message = _l("The file is larger than %(mb)d MB; nothing was stored.", mb=max_bytes // (1024 * 1024))
        raise error(message) from None
    return Received(name, stored_name, target, size)


def storage_root() -> Path:
    configured = current_app.config.get("STORAGE_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "storage"


def folder(name: str) -> Path:
    path = storage_root() / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def random_name() -> str:
    return secrets.token_hex(16)


def stored_path(folder_name: str, stored_name: str) -> Path:
    """The path of a stored file; names that are not ours never reach the filesystem."""
    if not STORED_NAME.match(stored_name or ""):
        raise ValueError("not a stored file name")
    return storage_root() / folder_name / stored_name


def existing_file(folder_name: str, stored_name: str | None) -> Path | None:
    """The stored file of this name when it is there (an empty name, or none of ours: None)."""
    try:
        path = stored_path(folder_name, stored_name or "")
    except ValueError:
        return None
    return path if path.exists() else None


def referenced_file(folder_name: str, reference: str | None) -> Path | None:
    """The path a "folder/name" reference (as a row keeps it) points at in this folder; None when
    the reference is empty, names another folder, or is no stored name of ours."""
    folder_of, _sep, stored_name = (reference or "").partition("/")
    if folder_of != folder_name:
        return None
    try:
        return stored_path(folder_name, stored_name)
    except ValueError:
        return None


def copy_limited(stream: BinaryIO, target: Path, max_bytes: int) -> int:
    """Copy the upload to ``target`` in chunks, giving up as soon as it exceeds ``max_bytes``
    (a 200 MB upload is never read whole, let alone kept)."""
    size = 0
    try:
        with target.open("wb") as out:
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return size


def detect_type(path: Path) -> str | None:
    """pdf, pptx, docx, xlsx, jpg or png by the file's content; None for anything else."""
    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        return _ooxml_type(path)
    return None


def _ooxml_type(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            info = archive.getinfo("[Content_Types].xml") if "[Content_Types].xml" in names else None
            if info is None or info.file_size > CONTENT_TYPES_MAX:
                return None
            content_types = archive.read(info).decode("utf-8", "replace")
    except (
        zipfile.BadZipFile,
        OSError,
        RuntimeError,
        ValueError,
    ):  # RuntimeError covers unsupported compression
        return None
    for file_type, (part, content_type) in OOXML_MAIN_PARTS.items():
        if part in names and content_type in content_types:
            return file_type
    return None


# An Office file is a zip: one that unpacks to more than this, or more than MAX_PACKING times its own
# size once past PACKING_FROM, is a zip bomb (real documents pack 3 to 20 times, spreadsheets of
# repeated values up to about 50). The same limit as the attendee import (MAX_UNCOMPRESSED_BYTES).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PACKING = 100
PACKING_FROM = 10 * 1024 * 1024
MAX_ARCHIVE_ENTRIES = 10_000


def archive_too_large(path: Path) -> bool:
    """Whether a zip-based file (.docx, .xlsx, .pptx) would unpack to too much, judged by its
    directory (Python's zipfile never unpacks past the sizes it declares)."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return True
    unpacked = sum(info.file_size for info in entries)
    packed = max(1, path.stat().st_size)
    return (
        len(entries) > MAX_ARCHIVE_ENTRIES
        or unpacked > MAX_UNPACKED_BYTES
        or (unpacked > PACKING_FROM and unpacked / packed > MAX_PACKING)
    )


def image_type(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    return None


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def clean_filename(name: str | None, max_length: int = 150) -> str:
    """A download name people can still read ("Paparan KHA – Kemen PPPA.pdf"), without folders,
    control characters or characters Windows refuses. It is only ever a download name."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]  # no folders: '../../etc/passwd' -> 'passwd'
    name = "".join(ch for ch in name if ch in "\t\n\r" or unicodedata.category(ch) != "Cc")
    name = " ".join(name.split())  # tabs and newlines become single spaces
    name = _UNSAFE.sub("", name).strip(" .")
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        if dot and len(ext) <= 5:
            name = stem[: max_length - len(ext) - 1].rstrip(" .") + "." + ext
        else:
            name = name[:max_length].rstrip(" .")
    return name


def with_extension(name: str, file_type: str) -> str:
    """The name ending in the extension of what the file really is."""
    stem, dot, ext = name.rpartition(".")
    if (
        dot
        and stem
        and ext.lower() in {"pdf", "pptx", "docx", "xlsx", "jpg", "jpeg", "png", "ppt", "doc", "xls"}
    ):
        if ext.lower() == file_type or (file_type == "jpg" and ext.lower() == "jpeg"):
            return name
        name = stem
    return f"{name}.{file_type}"


# ---- files that follow the transaction --------------------------------------------------------


def delete_after_commit(session: Session, path: Path | None) -> None:
    """Delete the file once the session commits (None: there is no file)."""
    if path is not None:
        session.info.setdefault(DELETE_ON_COMMIT, []).append(path)


def delete_after_rollback(session: Session, path: Path) -> None:
    session.info.setdefault(DELETE_ON_ROLLBACK, []).append(path)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    session.info.pop(DELETE_ON_ROLLBACK, None)
    for path in session.info.pop(DELETE_ON_COMMIT, []):
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(DELETE_ON_COMMIT, None)
    for path in session.info.pop(DELETE_ON_ROLLBACK, []):
        path.unlink(missing_ok=True)
