"""Small factories for the organiser-list tests: valid NIPs and phones by number."""

from __future__ import annotations

from tests.conftest import make_attendee


def nip(n: int, sex: str = "L") -> str:
    """A valid NIP, different for each n (birth day and sequence vary)."""
    digit = "1" if sex == "L" else "2"
    return f"1980{1 + n % 12:02d}{1 + n % 28:02d} 2005{1 + n % 12:02d} {digit} {n:03d}"


def phone(n: int) -> str:
    return f"0813-{n:04d}-{n:04d}"


def add_person(event, n: int, **overrides):
    """Attendee number n of a test event; a PNS unless the category says otherwise."""
    sex = overrides.get("gender", "L")
    data = {
        "full_name": f"Peserta {chr(65 + n % 26)}{chr(65 + n // 26 % 26)}",
        "gender": sex,
        "nip": nip(n, sex),
        "phone": phone(n),
        "email": f"peserta{n}@serangkota.go.id",
    }
    category = overrides.get("category", "PNS")
    if category == "PPPK":
        data.update(nip=f"{n:018d}", golongan="IX")
    elif category != "PNS":
        data.update(nip="", golongan="")
    data.update(overrides)
    return make_attendee(event, **data)
