"""PPh 21 on speakers' and moderators' fees, by rules held as data
(workshop/reference/honorarium_tax.csv: PP 80/2010, PMK 168/2023). The file says each rule in
words; this module reads from them the rate, the share of the gross it applies to and whether it
is final, and never holds a rate itself. Every rule is a default the treasurer (bendahara)
confirms: the page shows them so.

Rounding: the tax of each row is rounded to the rupiah, half up (Rp 500,50 -> Rp 501); net = gross
- tax; totals are the sums of the rows (never recomputed from summed gross)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

TAX_FILE = Path(__file__).resolve().parent.parent / "reference" / "honorarium_tax.csv"
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")
_ROMAN = re.compile(r"\b(IV|III|II|I)\b")


@dataclass(frozen=True)
class TaxRule:
    recipient: str  # as the file says it: "ASN (PNS)", "non-ASN (bukan pegawai)", ...
    condition: str  # "golongan III", "without NPWP", ...
    rate: Decimal | None  # a fraction (0.05); None: the bendahara decides
    base_share: Decimal  # the share of the gross the rate applies to (1, or 0.5)
    base_text: str
    rate_text: str
    is_final: bool
    source: str
    confirm: str  # who confirms it: "bendahara"

    @property
    def effective_rate(self) -> Decimal | None:
        """The tax as a share of the gross (5 % on 50 % -> 0.025)."""
        return None if self.rate is None else self.rate * self.base_share

    @property
    def key(self) -> str:
        return f"{self.recipient} · {self.condition}"


def _percent(text: str) -> Decimal | None:
    match = _PERCENT.search(text or "")
    return Decimal(match.group(1).replace(",", ".")) / 100 if match else None


def _rule(row: dict, previous: TaxRule | None) -> TaxRule:
    rate_text = row["rate"].strip()
    if "plus" in rate_text and previous is not None and previous.rate is not None:
        # "the rate above plus 20%": 20 % more than the rule before (UU PPh Pasal 21 ayat 5a).
        surcharge = _percent(rate_text.split("plus", 1)[1]) or Decimal(0)
        rate = previous.rate * (1 + surcharge)
    else:
        rate = _percent(rate_text)
    base_text = row["base"].strip()
    share = _percent(base_text) if "%" in base_text else Decimal(1)
    return TaxRule(
        recipient=row["recipient"].strip(),
        condition=row["condition"].strip(),
        rate=rate,
        base_share=share,
        base_text=base_text,
        rate_text=rate_text,
        is_final=row["final"].strip().lower() == "yes",
        source=row["source"].strip(),
        confirm=row["confirm"].strip(),
    )


@cache
def rules() -> tuple[TaxRule, ...]:
    result: list[TaxRule] = []
    with TAX_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            result.append(_rule(row, result[-1] if result else None))
    return tuple(result)


def rule_for(is_asn: bool, golongan: str | None, has_npwp: bool) -> TaxRule | None:
    """The rule for a PNS of a golongan (I-IV), or a non-ASN with or without an NPWP; None when
    the file has none (then the bendahara's own rate is needed)."""
    for rule in rules():
        recipient = rule.recipient.lower()
        if is_asn and recipient.startswith("asn"):
            if golongan and golongan in golongan_of_rule(rule):
                return rule
        elif not is_asn and recipient.startswith("non-asn"):
            without = rule.condition.lower().startswith("without")
            if without != has_npwp:
                return rule
    return None


def golongan_of_rule(rule: TaxRule) -> list[str]:
    """The golongan a rule for civil servants names ("golongan I or II" -> ["I", "II"])."""
    return _ROMAN.findall(rule.condition)


def round_rupiah(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def tax_on(gross: int, rate_of_gross: Decimal) -> int:
    """PPh 21 of one row: ``gross`` x the rate of the gross, rounded half up to the rupiah."""
    return round_rupiah(Decimal(gross) * rate_of_gross)
