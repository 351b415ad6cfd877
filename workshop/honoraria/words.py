"""An amount in Indonesian words (*terbilang*) for the kuitansi: 1.250.000 -> "satu juta dua
ratus lima puluh ribu rupiah". Indonesian says "se-" for one of a unit (sepuluh, sebelas,
seratus, seribu) except for millions and above (satu juta)."""

from __future__ import annotations

_ONES = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [_ONES[hundreds], "ratus"]
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif 12 <= rest <= 19:
        words += [_ONES[rest - 10], "belas"]
    elif rest >= 20:
        tens, ones = divmod(rest, 10)
        words += [_ONES[tens], "puluh"] + ([_ONES[ones]] if ones else [])
    elif rest:
        words.append(_ONES[rest])
    return words


def terbilang(n: int) -> str:
    """The number in Indonesian words (0 -> "nol"); a negative number is refused."""
    if n < 0:
        raise ValueError("negative amount")
    if n == 0:
        return "nol"
    words: list[str] = []
    for scale, name in _SCALES:
        count, n = divmod(n, scale)
        if count:
            words += [*_words_of(count), name]
    thousands, n = divmod(n, 1000)
    if thousands == 1:
        words.append("seribu")
    elif thousands:
        words += [*_below_thousand(thousands), "ribu"]
    words += _below_thousand(n)
    return " ".join(words)


def _words_of(n: int) -> list[str]:
    return terbilang(n).split()


def rupiah_words(amount: int) -> str:
    """ "Satu juta dua ratus lima puluh ribu rupiah" (capitalised, as a kuitansi writes it)."""
    text = f"{terbilang(amount)} rupiah"
    return text[0].upper() + text[1:]


def rupiah(amount: int) -> str:
    """Rp 1.250.000 (dots between thousands, as Indonesian writes it)."""
    return "Rp " + f"{amount:,}".replace(",", ".")
