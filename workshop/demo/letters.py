"""The demo's letters: the settings (005 / Bappeda, signed by the Kepala Bappeda), the Kemen PPPA
speaker's letter addressed to the Deputy for children's rights fulfilment, and every invitation and
request numbered and registered, dated two weeks before the event. Idempotent: does nothing once
the event has letters."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from workshop.demo.certificates import SIGNATORY_NAME, SIGNATORY_NIP, SIGNATORY_RANK, SIGNATORY_TITLE
from workshop.events.models import Event
from workshop.extensions import db
from workshop.letters import services
from workshop.letters.models import Letter, LetterKind

KEMEN_PPPA_HEAD = (
    "Deputi Bidang Pemenuhan Hak Anak Kementerian Pemberdayaan Perempuan dan Perlindungan Anak "
    "Republik Indonesia"
)


def seed_letters(event: Event) -> int:
    """Returns how many letters were registered (0 when the event already had some)."""
    if db.session.execute(select(func.count(Letter.id)).where(Letter.event_id == event.id)).scalar_one():
        return 0
    data = services.default_settings(event)
    data.update(
        classification_code="005",
        unit_code="Bappeda",
        letter_date=event.starts_on - timedelta(days=14),
        hal_undangan="Undangan Bimbingan Teknis Gugus Tugas KLA",
        signer_position=SIGNATORY_TITLE,
        signer_name=SIGNATORY_NAME,
        signer_rank=SIGNATORY_RANK,
        signer_nip=SIGNATORY_NIP,
    )
    services.save_settings(event, data)
    for target in services.external_speakers(event):
        if "Kementerian Pemberdayaan Perempuan" in target.institution_name:
            services.save_addressee(event, target.kind, target.key, KEMEN_PPPA_HEAD, "di Jakarta", None)
        else:
            services.save_addressee(event, target.kind, target.key, "", "di Tempat", None)
    made = services.generate(event, LetterKind.UNDANGAN.value)
    made += services.generate(event, LetterKind.NARASUMBER.value)
    return len(made)
