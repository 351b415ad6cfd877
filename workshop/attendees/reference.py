"""Reference facts loaded as data: golongan per scheme and the known institutions with aliases."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REFERENCE = Path(__file__).resolve().parent.parent / "reference"


@lru_cache(maxsize=1)
def golongan_by_scheme() -> dict[str, dict[str, str]]:
    """{'PNS': {'III/a': 'Penata Muda', ...}, 'PPPK': {'I': '', ...}} in the file's order."""
    result: dict[str, dict[str, str]] = {}
    with (REFERENCE / "golongan.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            result.setdefault(row["scheme"], {})[row["golongan"]] = row["pangkat"]
    return result


@dataclass(frozen=True)
class KnownInstitution:
    name: str
    cluster: str | None


def fold(text: str) -> str:
    """Case, accents, punctuation and spacing folded: 'DINAS  Kesehatan,' -> 'dinas kesehatan'."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


# "Dinas Kesehatan Kota Serang", "Dinkes Kab. Serang", "Polresta Serang Kota": a region at the end.
_REGION_SUFFIX = re.compile(
    r"\s+(?:(?:pemerintah|setda)\s+)?(?:(?:kota|kabupaten|kab|provinsi|prov|pemkot|pemkab)\s+(?P<a>\w+(?:\s+\w+)?)"
    r"|(?P<b>\w+)\s+kota)$"
)
_REGION_WORDS = {"kota", "kabupaten", "kab", "provinsi", "prov", "pemkot", "pemkab", "pemerintah"}


def _home_words(city: str | None) -> set[str] | None:
    """'Kota Serang' -> {'serang'}; None when the event names no city."""
    words = set(fold(city or "").split()) - _REGION_WORDS
    return words or None


def institution_key(text: str, city: str | None = None) -> str:
    """The folded name without the event's own region: within a Kota Serang event, "Dinkes Kota
    Serang" is "dinkes". Another region stays ("... provinsi banten" is another institution).
    Without a city, any region suffix is dropped."""
    key = fold(text)
    match = _REGION_SUFFIX.search(key)
    if not match:
        return key
    region = set((match.group("a") or match.group("b") or "").split())
    home = _home_words(city)
    if home is None or region <= home:
        stripped = key[: match.start()].strip()
        return stripped or key
    return key


@lru_cache(maxsize=1)
def known_institutions() -> dict[str, KnownInstitution]:
    """Folded name or alias -> the reference institution."""
    table: dict[str, KnownInstitution] = {}
    with (REFERENCE / "opd_clusters.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            known = KnownInstitution(row["institution"], row["suggested_cluster"] or None)
            for spelling in [row["institution"], *filter(None, row["aliases"].split("|"))]:
                table[institution_key(spelling)] = known
    return table


def canonical_institution(text: str, city: str | None = None) -> tuple[str, str, str | None]:
    """(key, display name, cluster) for what someone typed, within an event held in ``city``."""
    key = institution_key(text, city)
    known = known_institutions().get(key)
    if known is not None:
        return institution_key(known.name), known.name, known.cluster
    # Another region's agency: "DP3AKB Provinsi Banten" keeps its region but folds its alias.
    match = _REGION_SUFFIX.search(key)
    if match:
        base = known_institutions().get(key[: match.start()].strip())
        if base is not None:
            return (
                f"{institution_key(base.name)} {key[match.start() :].strip()}",
                " ".join(text.split()),
                None,
            )
    return key, " ".join((text or "").split()), None


def full_institution_name(name: str, city: str | None) -> str:
    """The institution as an official document prints it: a reference agency of the event's own
    region carries the region ("Dinas Sosial" in a Kota Serang event is "Dinas Sosial Kota
    Serang"); a name that already ends with a region, another region's agency, a ministry or a
    name not in the reference (a newspaper, an NGO) is printed as it is."""
    name = " ".join((name or "").split())
    city = " ".join((city or "").split())
    if not name or not city:
        return name
    key = fold(name)
    if _REGION_SUFFIX.search(key) or key.endswith(fold(city)):
        return name
    if institution_key(name) not in known_institutions():
        return name
    return f"{name} {city}"
