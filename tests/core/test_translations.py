"""The Indonesian catalogue covers every message in the source, and keeps its placeholders.

Pure file checks: messages are extracted from the source with babel's API using the mapping in
babel.cfg (as `make messages` does), and compared with workshop/translations/id/.../messages.po.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import PYTHON_FORMAT, Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO_PATH = ROOT / "workshop" / "translations" / "id" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None}  # same as `pybabel extract -k _l`
HINT = "run `make messages` and translate the new entries in " + str(PO_PATH.relative_to(ROOT))


def _extracted() -> dict[tuple[str | tuple[str, ...], str | None], str]:
    """(msgid, context) -> 'file:line' of its first use, for every message in the source."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f, filename=str(ROOT / "babel.cfg"))
    found: dict[tuple[str | tuple[str, ...], str | None], str] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        if not message or (isinstance(message, tuple) and not message[0]):
            continue
        found.setdefault((message, context), f"{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def extracted():
    messages = _extracted()
    assert messages, "no messages were extracted; is babel.cfg right?"
    return messages


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    assert PO_PATH.exists(), f"{PO_PATH} is missing: {HINT}"
    with PO_PATH.open("rb") as f:
        return read_po(f, locale="id")


def _strings(value) -> tuple[str, ...]:
    if isinstance(value, (tuple, list)):
        return tuple(value)
    return (value,)


def _placeholders(text: str) -> set[str]:
    return {match.group(0) for match in PYTHON_FORMAT.finditer(text) if match.group(0) != "%%"}


def _show(msgid) -> str:
    return " / ".join(repr(s) for s in _strings(msgid))


def test_every_message_has_an_indonesian_translation(extracted, catalog):
    missing = []
    for (msgid, context), where in sorted(extracted.items(), key=lambda item: item[1]):
        entry = catalog.get(msgid, context=context)
        if entry is None:
            missing.append(f"{_show(msgid)} ({where}): not in the catalogue")
        elif entry.fuzzy:
            missing.append(f"{_show(msgid)} ({where}): marked fuzzy")
        elif not all(s.strip() for s in _strings(entry.string)):
            missing.append(f"{_show(msgid)} ({where}): empty translation")
    assert not missing, (
        f"{len(missing)} message(s) lack an Indonesian translation ({HINT}):\n  " + "\n  ".join(missing)
    )


def test_translations_keep_every_placeholder(extracted, catalog):
    wrong = []
    for (msgid, context), where in sorted(extracted.items(), key=lambda item: item[1]):
        entry = catalog.get(msgid, context=context)
        if entry is None or entry.fuzzy:
            continue  # reported by the test above
        needed = set().union(*(_placeholders(s) for s in _strings(msgid)))
        for translation in _strings(entry.string):
            if not translation:
                continue
            lost = needed - _placeholders(translation)
            if lost:
                wrong.append(f"{_show(msgid)} ({where}) -> {translation!r}: lost {', '.join(sorted(lost))}")
    assert not wrong, "translations dropped or changed placeholders:\n  " + "\n  ".join(wrong)


def test_catalogue_header_is_indonesian(catalog):
    assert str(catalog.locale) == "id"
    assert catalog.plural_forms == "nplurals=1; plural=0;"
    assert not catalog.fuzzy, "the catalogue header is marked fuzzy"


def test_catalogues_compile_when_many_processes_start_at_once(tmp_path, monkeypatch):
    """A fresh clone has no .mo: parallel test processes (and gunicorn's workers) all compile it
    at start. Each writes a temporary file of its own; none fails and a whole catalogue remains."""
    import shutil
    import threading

    from babel.messages.mofile import read_mo

    from workshop.core import i18n

    copy = tmp_path / "translations"
    shutil.copytree(i18n.TRANSLATIONS, copy, ignore=shutil.ignore_patterns("*.mo", "*.tmp"))
    monkeypatch.setattr(i18n, "TRANSLATIONS", copy)
    errors = []
    barrier = threading.Barrier(8)

    def start():
        barrier.wait()
        try:
            i18n.compile_catalogs()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))

    for _ in range(3):
        for mo in copy.glob("*/LC_MESSAGES/messages.mo"):
            mo.unlink()
        threads = [threading.Thread(target=start) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    mo_path = copy / "id" / "LC_MESSAGES" / "messages.mo"
    with mo_path.open("rb") as f:
        catalog = read_mo(f)
    assert len(catalog) > 100
    assert sorted(p.name for p in mo_path.parent.iterdir()) == ["messages.mo", "messages.po"]
