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


# "Dinas Kesehatan Kota Serang", "Dinkes Kab. Serang", "Bappeda Provinsi Banten" — the region is
# not part of the institution's identity within one event.
_REGION_SUFFIX = re.compile(r"\s+(pemerintah\s+)?(kota|kabupaten|kab|provinsi|prov|pemkot|pemkab)(\s+\w+){1,2}$")


def institution_key(text: str) -> str:
    key = fold(text)
    stripped = _REGION_SUFFIX.sub("", key)
    return stripped or key


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


def canonical_institution(text: str) -> tuple[str, str, str | None]:
    """(key, display name, cluster) for what someone typed."""
    key = institution_key(text)
    known = known_institutions().get(key)
    if known is not None:
        return institution_key(known.name), known.name, known.cluster
    return key, " ".join((text or "").split()), None
