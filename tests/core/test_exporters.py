"""The exporter registry (issue 18): every module registers its documents from its own package;
the kinds the documents page, the bundle and `flask documents make` read are there; and the
documents module makes other modules' documents only through the registry (a test reads its
imports, as the route matrix reads the routes)."""

from __future__ import annotations

import ast
from pathlib import Path

from workshop.core import exporters

DOCUMENTS = Path(__file__).resolve().parents[2] / "workshop" / "documents"
# The job runner is platform, like auth (tests/core/test_module_boundaries.py: FOUNDATION): the
# bundle button hands documents' own job to it.
DOMAIN_MODULES = {
    "agenda",
    "attendees",
    "auth",
    "certificates",
    "checkin",
    "events",
    "groups",
    "lifecycle",
    "registration",
}


def test_the_kinds_of_issue_14_are_registered(app):
    kinds = exporters.kinds()
    for kind in (
        "report",
        "report-docx",
        "rtl",
        "rtl-docx",
        "daftar-hadir",
        "recap",
        "evidence-trained",
        "evidence-rtl",
    ):
        assert kind in kinds, kind
    owners = {e.kind: e.owner for e in exporters.all_exports()}
    assert owners["rtl"] == owners["rtl-docx"] == "groups"  # registered by the module that owns the data
    assert owners["report"] == "documents"
    assert exporters.contributions(exporters.REPORT_GROUPS) and exporters.contributions(
        exporters.EVIDENCE_CERTIFICATES
    )
    for export in exporters.all_exports():
        assert str(export.label) and export.format in exporters.MIMETYPES


def imported_services() -> dict[str, set[str]]:
    """documents file -> the domain modules whose services it imports."""
    found: dict[str, set[str]] = {}
    for path in DOCUMENTS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if (
                    len(parts) >= 3
                    and parts[0] == "workshop"
                    and parts[1] in DOMAIN_MODULES
                    and parts[2] == "services"
                ):
                    found.setdefault(path.name, set()).add(parts[1])
    return found


def test_documents_imports_no_other_modules_services_but_through_the_registry():
    assert imported_services() == {}, "documents reads other modules through their queries.py"
