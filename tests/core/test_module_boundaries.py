"""Modules react instead of reaching (issue 18): lifecycle, events and documents never import
another domain module's services. They tell others what happened through a domain signal
(workshop/core/signals.py) or find documents through the exporter registry; what they may import
from another module is its models, its read API (`queries.py`), its pure person-data rules and
reference data, and the event access decorators.

The test reads the imports of every file of the package (ast), deferred imports inside functions
included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

WORKSHOP = Path(__file__).resolve().parents[2] / "workshop"
NOT_DOMAIN = {"core", "demo", "translations", "reference"}
# Accounts and sign-in are the platform every module stands on, like core; so is the runner of
# long jobs (it reaches into no domain module, below: any module may hand it work).
FOUNDATION = {"auth", "jobs"}
# What one module may import from another: its models; its public read API (`queries.py`: pure
# reads, no flush, no request); the decorators that check a user's role in an event; and the
# attendees' person-data rules and reference data (pure functions: no database, no request).
ALLOWED = {"models", "queries", "events.access", "attendees.rules", "attendees.reference"}
DOMAIN = sorted(
    p.name for p in WORKSHOP.iterdir() if (p / "__init__.py").exists() and p.name not in NOT_DOMAIN
)


def _is_module(package: str, name: str) -> bool:
    return (WORKSHOP / package / f"{name}.py").exists() or (
        WORKSHOP / package / name / "__init__.py"
    ).exists()


def _imported_modules(path: Path):
    """(line, 'package.module') for every module of a workshop package the file imports."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            parts = node.module.split(".")
            if len(parts) == 2:  # from workshop.groups import services
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if len(parts) >= 3 and parts[0] == "workshop" and parts[1] in DOMAIN:
                if _is_module(parts[1], parts[2]):
                    yield node.lineno, f"{parts[1]}.{parts[2]}"


def reaching_imports(package: str) -> list[str]:
    problems = []
    for path in sorted((WORKSHOP / package).rglob("*.py")):
        for line, module in _imported_modules(path):
            other, name = module.split(".")
            if other in (package, *FOUNDATION) or name in ALLOWED or module in ALLOWED:
                continue
            problems.append(f"{path.relative_to(WORKSHOP.parent)}:{line} imports workshop.{module}")
    return problems


@pytest.mark.parametrize("package", ["lifecycle", "events", "documents", "jobs"])
def test_no_reaching_into_other_modules(package):
    assert reaching_imports(package) == [], (
        "send a signal (workshop/core/signals.py), contribute through the exporter registry "
        "(workshop/core/exporters.py) or read through the module's queries.py instead"
    )


def test_the_check_sees_a_reaching_import(tmp_path, monkeypatch):
    """The reader finds deferred imports and both import forms (a test that cannot fail is none)."""
    package = tmp_path / "workshop"
    for name in ("events", "groups"):
        (package / name).mkdir(parents=True)
        (package / name / "__init__.py").write_text("")
    (package / "groups" / "services.py").write_text("")
    (package / "groups" / "models.py").write_text("")
    (package / "events" / "services.py").write_text(
        "from workshop.groups.models import Group\n"
        "def remove():\n"
        "    from workshop.groups import services\n"
        "    import workshop.groups.services\n"
    )
    monkeypatch.setitem(globals(), "WORKSHOP", package)
    monkeypatch.setitem(globals(), "DOMAIN", ["events", "groups"])
    assert reaching_imports("events") == [
        "workshop/events/services.py:3 imports workshop.groups.services",
        "workshop/events/services.py:4 imports workshop.groups.services",
    ]
