"""The letters module's documents, through the exporter registry (workshop/core/exporters.py):
``undangan`` and ``undangan-narasumber`` (every letter of the kind as one PDF, a bookmark per
addressee; DESIGN.md §5), and the same as a ZIP of separate PDF and .docx files. Registered
letters print as registered; an addressee without one yet gets a draft with the number blank."""

from __future__ import annotations

import io
import zipfile

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from workshop.core import exporters
from workshop.documents.letterhead import kop_for
from workshop.letters import pdf, services, word
from workshop.letters.models import LetterKind

KINDS = {
    LetterKind.UNDANGAN.value: "undangan",
    LetterKind.NARASUMBER.value: "undangan-narasumber",
}


def letters(event, kind: str, drafts: bool = True):
    return services.letters_of(event, kind, kop_for(event), drafts=drafts)


def all_pdf(event, kind: str, drafts: bool = True) -> bytes:
    return pdf.all_letters_pdf(
        letters(event, kind, drafts), f"{KINDS[kind]} {event.title}", event.issuing_body
    )


def all_zip(event, kind: str) -> bytes:
    """Each letter as its own PDF and .docx, named by number (or "draf") and institution."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        seen: set[str] = set()
        for letter in letters(event, kind):
            stem = letter.file_stem
            while stem in seen:
                stem += "-2"
            seen.add(stem)
            archive.writestr(f"{stem}.pdf", pdf.letter_pdf(letter, author=event.issuing_body))
            archive.writestr(f"{stem}.docx", word.letter_docx(letter, author=event.issuing_body))
    return buffer.getvalue()


def bundle_files(event, base_url: str) -> list[tuple[str, str, object]]:
    """08-surat/: the letters sent (in the register), one PDF per kind with a bookmark per
    addressee. Drafts are not evidence of anything and stay out."""
    files = []
    for kind, name in KINDS.items():
        if not services.registered(event, kind):
            continue
        label = (
            gettext("Invitation letters sent")
            if kind == LetterKind.UNDANGAN.value
            else gettext("Letters sent to the speakers")
        )
        files.append((f"08-surat/{name}.pdf", label, lambda kind=kind: all_pdf(event, kind, drafts=False)))
    return files


def register_exports() -> None:
    for order, (kind, name) in enumerate(KINDS.items()):
        label = (
            _l("Invitation letters to the institutions")
            if kind == LetterKind.UNDANGAN.value
            else _l("Letters requesting the speakers")
        )
        exporters.register(
            name,
            label,
            "pdf",
            lambda event, base_url, kind=kind: all_pdf(event, kind),
            owner="letters",
            order=60 + order,
            file_name=f"{name}-{{slug}}.pdf",
        )
        exporters.register(
            f"{name}-zip",
            _l("%(label)s (separate PDF and Word files)", label=label),
            "zip",
            lambda event, base_url, kind=kind: all_zip(event, kind),
            owner="letters",
            order=62 + order,
            file_name=f"{name}-{{slug}}.zip",
        )
    exporters.contribute(exporters.BUNDLE_FILES, "letters", bundle_files)
