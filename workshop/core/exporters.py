"""The exporter registry: every document or export of an event, registered by the module that
owns its data, with a kind name, a label, its format and the function that makes it.

The documents page, the evidence bundle and ``flask documents make SLUG KIND OUT`` read this
registry, so a module adds a document in one place (its own ``exports.py``) and ``documents``
never imports another module's services to make it (issue 18).

Besides whole documents, modules *contribute* parts to documents that others assemble: the groups
module contributes its RTL summary to the activity report and its adopted RTL to the evidence
PDFs; the certificates module contributes the trained people's certificates; a future evaluations
module contributes its results to the report (``REPORT_EVALUATIONS``). A contribution point is a
name; whoever assembles the document asks for everything contributed to it.

Registration happens at app creation (``init_app`` imports each module's ``exports``) and is
idempotent: registering a kind again replaces it."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask

from workshop import FULL_MODULES

# Modules whose package has an exports.py that registers documents (imported at app creation).
EXPORT_MODULES = ("documents", "groups", "certificates", *FULL_MODULES)

MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
    "json": "application/json",
}

# Contribution points (name -> what each contributed function takes and returns).
REPORT_GROUPS = "report.groups"  # fn(event) -> list[documents.report.GroupResult]
# fn(event) -> list[(heading, text, table headers, rows[, chart])]; chart: (title, rows, unit, digits, top)
REPORT_EVALUATIONS = "report.evaluations"
EVIDENCE_RTL = "evidence.rtl"  # fn(event) -> list[(bookmark title, make() -> pdf)] (adopted RTL, per group)
EVIDENCE_CERTIFICATES = "evidence.certificates"  # fn(event, base_url) -> list[TrainedCertificate]
CERTIFICATE_STANDING = "certificates.standing"  # fn(event, people) -> {attendee id: reason} (recap)
BUNDLE_FILES = "bundle.files"  # fn(event, base_url) -> list[(path in the ZIP, description, make())]
# Links beside a valid certificate on /v/<code> and the holder's ticket page (credentials: its
# Open Badges JWT). fn(certificate) -> list[(label, url)]
VERIFY_LINKS = "verify.links"
REPORT_APPENDICES = (
    "report.appendices"  # fn(event) -> list[documents.report.Section] (numbered after the report's own)
)
RETENTION_FROM = (
    "lifecycle.retention_from"  # fn(event) -> date | None: retention runs from the latest of these
)
CERTIFICATE_REQUIREMENTS = "certificates.requirements"  # fn(event, attendees) -> {attendee id: unmet reason}
CERTIFICATE_PDF = "certificates.pdf"  # fn(certificate, lang) -> bytes | None: a stored (signed) copy wins
VERIFY_FACTS = "verify.facts"  # fn(certificate) -> list[(label, value)]: more lines of /v/<code>
VERIFY_SECTIONS = "verify.sections"  # fn(certificate) -> Markup: a part of /v/<code> (a form)


@dataclass(frozen=True)
class Export:
    kind: str  # "report", "rtl-docx", ...
    label: object  # lazy translatable label, shown on the documents page and in --help
    format: str  # "pdf", "docx", "xlsx"
    make: Callable  # make(event, base_url) -> bytes
    owner: str  # the module that registered it
    order: int = 100  # position on the documents page and in --help
    # None: every event has it; else available(event) says whether this event has it (a KLA
    # question the event serves, for example).
    available: Callable | None = None
    file_name: str = ""  # "laporan-kegiatan-{slug}.pdf"; {slug} is the event's
    description: object = ""

    @property
    def mimetype(self) -> str:
        return MIMETYPES[self.format]

    def download_name(self, event) -> str:
        return (self.file_name or f"{self.kind}-{{slug}}.{self.format}").format(slug=event.slug)

    def is_available(self, event) -> bool:
        return self.available is None or bool(self.available(event))


@dataclass
class _Registry:
    exports: dict[str, Export] = field(default_factory=dict)
    contributions: dict[str, dict[str, Callable]] = field(default_factory=dict)


_registry = _Registry()


def register(
    kind: str,
    label,
    format: str,
    make: Callable,
    *,
    owner: str,
    order: int = 100,
    available: Callable | None = None,
    file_name: str = "",
    description="",
) -> Export:
    if format not in MIMETYPES:
        raise ValueError(f"unknown format {format!r}")
    export = Export(kind, label, format, make, owner, order, available, file_name, description)
    _registry.exports[kind] = export
    return export


def register_from_event(owner: str, table, available: Callable | None = None) -> None:
    """Register documents made from the event alone (no base URL): ``table`` holds rows of
    (kind, label, format, make(event), order, file name); ``available(event)`` for them all."""
    for kind, label, file_format, make_one, order, file_name in table:
        register(
            kind,
            label,
            file_format,
            lambda event, base_url, make_one=make_one: make_one(event),
            owner=owner,
            order=order,
            available=available,
            file_name=file_name,
        )


def contribute(point: str, name: str, function: Callable) -> None:
    """Add (or replace) ``name``'s contribution to the contribution point ``point``."""
    _registry.contributions.setdefault(point, {})[name] = function


def contributions(point: str) -> list[Callable]:
    return list(_registry.contributions.get(point, {}).values())


def get(kind: str) -> Export | None:
    return _registry.exports.get(kind)


def all_exports() -> list[Export]:
    return sorted(_registry.exports.values(), key=lambda e: (e.order, e.kind))


def kinds() -> list[str]:
    return [e.kind for e in all_exports()]


def available_for(event) -> list[Export]:
    return [e for e in all_exports() if e.is_available(event)]


def make(kind: str, event, base_url: str) -> bytes:
    export = get(kind)
    if export is None:
        raise KeyError(kind)
    return export.make(event, base_url)


def load() -> None:
    """Import every module's exports (idempotent: registering a kind again replaces it)."""
    for module in EXPORT_MODULES:
        importlib.import_module(f"workshop.{module}.exports").register_exports()


def init_app(app: Flask) -> None:
    load()
