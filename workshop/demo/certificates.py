"""Demo certificates: the demo event is in progress (it began yesterday), so its settings are
filled in and certificates are issued, with the confirmation an organiser gives before the end,
to whoever is eligible now: speakers, the moderator, facilitators and the committee (their roles
need no minimum attendance). Participants have attended one day of three and become eligible as
the remaining sessions are checked in; the organiser then issues theirs from the Certificates page."""

from __future__ import annotations

from sqlalchemy import func, select

from workshop.certificates import services
from workshop.certificates.models import Certificate
from workshop.core.signing import person_lines
from workshop.documents.services import committee_head
from workshop.events.models import Event
from workshop.extensions import db

SIGNATORY_TITLE = "Kepala Bappeda Kota Serang"
SIGNATORY_NAME = "Ir. Tb. Ahmad Fauzi, M.T."
SIGNATORY_NIP = "19700115 199803 1 004"
SIGNATORY_RANK = "Pembina Utama Muda (IV/c)"


def seed_certificates(event: Event) -> int:
    """Idempotent: does nothing once the event has certificates. Returns how many were issued."""
    existing = db.session.execute(
        select(func.count(Certificate.id)).where(Certificate.event_id == event.id)
    ).scalar_one()
    if existing:
        return 0
    save_demo_settings(event)
    return len(services.issue_due(event, force=True))


def save_demo_settings(event: Event) -> None:
    """The demo's certificate settings (the Kepala Bappeda and the Ketua Panitia sign), once."""
    if services.get_settings(event).id is None:
        head = committee_head(event)
        services.save_settings(
            event,
            {
                "number_format": services.DEFAULT_NUMBER_FORMAT,
                "issue_place": "Serang",
                "issue_date": None,
                "role_shares": {
                    "peserta": 80,
                    "narasumber": 0,
                    "moderator": 0,
                    "fasilitator": 0,
                    "panitia": 0,
                },
                "signatory1_title": SIGNATORY_TITLE,
                "signatory1_name": SIGNATORY_NAME,
                "signatory1_nip": SIGNATORY_NIP,
                "signatory1_rank": SIGNATORY_RANK,
                "signatory2_title": "Ketua Panitia" if head else "",
                "signatory2_name": head.full_name if head else "",
                "signatory2_nip": head.nip or "" if head else "",
                "signatory2_rank": person_lines(head.nip, head.category, head.golongan)[0] if head else "",
            },
        )
