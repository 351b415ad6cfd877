"""PPh 21 on fees by the rules file, against figures worked out by hand, and the amount in words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from workshop.honoraria import tax
from workshop.honoraria.words import rupiah, rupiah_words, terbilang


def test_the_rules_come_from_the_reference_file():
    rates = {(r.recipient.split()[0], r.condition): (r.rate, r.base_share, r.is_final) for r in tax.rules()}
    assert rates[("ASN", "golongan I or II")] == (Decimal(0), Decimal(1), True)
    assert rates[("ASN", "golongan III")] == (Decimal("0.05"), Decimal(1), True)
    assert rates[("ASN", "golongan IV")] == (Decimal("0.15"), Decimal(1), True)
    assert rates[("non-ASN", "with NPWP (or NIK valid as NPWP)")] == (Decimal("0.05"), Decimal("0.5"), False)
    # "the rate above plus 20%": 5 % x 1.2 = 6 %, on half the gross.
    assert rates[("non-ASN", "without NPWP")] == (Decimal("0.06"), Decimal("0.5"), False)
    assert rates[("PPPK", "any")][0] is None  # the bendahara decides
    assert all(rule.confirm == "bendahara" for rule in tax.rules())


# (is ASN, golongan, has NPWP, gross) -> PPh 21, each worked out by hand.
CASES = [
    (True, "I", False, 900_000, 0),  # 0 %
    (True, "II", True, 2_000_000, 0),  # 0 %
    (True, "III", True, 900_000, 45_000),  # 5 % of 900.000
    (True, "III", False, 10_010, 501),  # 5 % of 10.010 = 500,5 -> 501 (half up)
    (True, "IV", True, 1_000_000, 150_000),  # 15 %
    (True, "IV", True, 1_500_010, 225_002),  # 225.001,5 -> 225.002
    (True, "IV", True, 333_333, 50_000),  # 49.999,95 -> 50.000
    (False, None, True, 1_000_000, 25_000),  # 5 % of 50 % = 2,5 %
    (False, None, True, 333_333, 8_333),  # 8.333,325 -> 8.333
    (False, None, True, 10_020, 251),  # 250,5 -> 251
    (False, None, False, 1_000_000, 30_000),  # 6 % of 50 % = 3 %
    (False, None, False, 333_350, 10_001),  # 10.000,5 -> 10.001
    (False, None, False, 1_700_000, 51_000),
]


@pytest.mark.parametrize("is_asn, golongan, has_npwp, gross, expected", CASES)
def test_tax_of_hand_computed_cases(is_asn, golongan, has_npwp, gross, expected):
    rule = tax.rule_for(is_asn, golongan, has_npwp)
    assert tax.tax_on(gross, rule.effective_rate) == expected


def test_an_asn_without_golongan_has_no_rule():
    assert tax.rule_for(True, None, True) is None


@pytest.mark.parametrize(
    "number, words",
    [
        (0, "nol"),
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (17, "tujuh belas"),
        (100, "seratus"),
        (115, "seratus lima belas"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (2500, "dua ribu lima ratus"),
        (100_000, "seratus ribu"),
        (1_000_000, "satu juta"),
        (1_250_000, "satu juta dua ratus lima puluh ribu"),
        (6_545_000, "enam juta lima ratus empat puluh lima ribu"),
        (21_000_999, "dua puluh satu juta sembilan ratus sembilan puluh sembilan"),
        (1_000_000_000, "satu miliar"),
        (111_111_111, "seratus sebelas juta seratus sebelas ribu seratus sebelas"),
    ],
)
def test_terbilang(number, words):
    assert terbilang(number) == words


def test_rupiah_in_figures_and_words():
    assert rupiah(1_250_000) == "Rp 1.250.000"
    assert rupiah_words(1_250_000) == "Satu juta dua ratus lima puluh ribu rupiah"
    with pytest.raises(ValueError):
        terbilang(-1)
