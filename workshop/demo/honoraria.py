"""The demo's SPJ: the rate table of a regional standard cost list, the PPK and the bendahara, and
the Kemen PPPA speaker, the provincial speaker and the moderator with categories and bank
accounts. Every NPWP and account number is visibly fake (repeated digits, "DEMO" banks)."""

from __future__ import annotations

from sqlalchemy import select

from workshop.attendees.models import Attendee
from workshop.events.models import Event
from workshop.extensions import db
from workshop.honoraria import services
from workshop.honoraria.models import HonorariumSettings

# Rupiah per JP (shaped like an SBM: minister, echelon I, echelon II, other ASN, non-ASN, moderator).
DEMO_RATES = {
    "menteri": "1700000",
    "eselon-1": "1400000",
    "eselon-2": "1000000",
    "asn": "900000",
    "non-asn": "900000",
    "moderator": "700000",
}
DEMO_SETTINGS = {
    "ppk_position": "Pejabat Pembuat Komitmen Bappeda Kota Serang",
    "ppk_name": "Hj. Rina Marlina, S.E., M.Si.",
    "ppk_nip": "19780305 200501 2 003",
    "treasurer_position": "Bendahara Pengeluaran Bappeda Kota Serang",
    "treasurer_name": "Dedi Supriyadi, S.E.",
    "treasurer_nip": "19850610 201001 1 002",
    "budget_line": "5.1.02.02.01.0003 Honorarium Narasumber atau Pembahas, Moderator, Pembawa Acara, dan Panitia",
    "tax_confirmed_by": "",
}
# Name -> what the SPJ records. Fake on purpose: nobody's real NPWP or account.
DEMO_RECIPIENTS = {
    "Drs. Dermawan, M.Si.": {
        "category": "eselon-2",
        "golongan": "IV",
        "npwp": "09.999.999.9-999.001",
        "bank_name": "Bank DEMO Syariah",
        "account_number": "0000111122",
        "account_holder": "Drs. Dermawan, M.Si.",
    },
    "Dr. Hj. Nur Aisyah Lestari, S.Psi., M.Psi.": {
        "category": "eselon-2",
        "golongan": "IV",
        "npwp": "09.999.999.9-999.002",
        "bank_name": "Bank DEMO Banten",
        "account_number": "0000333344",
        "account_holder": "Nur Aisyah Lestari",
    },
    "Ir. Tb. Ahmad Fauzi, M.T.": {
        "category": "moderator",
        "golongan": "IV",
        "npwp": "",
        "bank_name": "Bank DEMO Banten",
        "account_number": "0000555566",
        "account_holder": "Tb. Ahmad Fauzi",
    },
}


# The finished event's provincial speaker (a head of division: other ASN) and the same moderator.
FINISHED_RECIPIENTS = {
    "Dra. Ratih Wulandari, M.Si.": {
        "category": "asn",
        "golongan": "IV",
        "npwp": "09.999.999.9-999.003",
        "bank_name": "Bank DEMO Banten",
        "account_number": "0000777788",
        "account_holder": "Ratih Wulandari",
    },
    "Ir. Tb. Ahmad Fauzi, M.T.": DEMO_RECIPIENTS["Ir. Tb. Ahmad Fauzi, M.T."],
}


def seed_honoraria(event: Event, recipients: dict[str, dict] = DEMO_RECIPIENTS) -> None:
    """Idempotent: does nothing once the event has SPJ settings."""
    if db.session.get(HonorariumSettings, event.id) is not None:
        return
    services.save_settings(event, DEMO_SETTINGS, DEMO_RATES)
    for name, data in recipients.items():
        person = db.session.execute(
            select(Attendee).where(Attendee.event_id == event.id, Attendee.full_name == name)
        ).scalar_one_or_none()
        if person is not None:
            services.save_recipient(event, person, {**data, "is_paid": True})
