"""The reference the groups are built on: the five child-rights clusters (and Kelembagaan), the 24
KLA indicators, and how a cluster and an amount of rupiah are shown."""

from __future__ import annotations

import csv
from functools import lru_cache

from workshop.attendees.reference import REFERENCE
from workshop.groups.models import Group

KELEMBAGAAN = "kelembagaan"
CLUSTER_CODES = ("I", "II", "III", "IV", "V")


@lru_cache(maxsize=1)
def clusters() -> list[dict]:
    with (REFERENCE / "clusters.csv").open(encoding="utf-8") as f:
        return [dict(row) for row in csv.DictReader(f)]


@lru_cache(maxsize=1)
def kla_indicators() -> list[dict]:
    with (REFERENCE / "kla_indicators.csv").open(encoding="utf-8") as f:
        return [{**row, "number": int(row["number"])} for row in csv.DictReader(f)]


def indicators_for(group: Group) -> list[dict]:
    """The 24 KLA indicators, the group's own cluster first (then in number order)."""
    return sorted(kla_indicators(), key=lambda i: (i["cluster"] != group.cluster, i["number"]))


def cluster_label(code: str | None) -> str:
    if code == KELEMBAGAAN:
        return "Kelembagaan"
    return f"Klaster {code}" if code else ""


def format_rupiah(amount: int | None) -> str:
    """15000000 -> 'Rp 15.000.000'."""
    if amount is None:
        return ""
    return "Rp " + f"{amount:,}".replace(",", ".")
