"""The certificates module's part of the event's documents, through the exporter registry
(workshop/core/exporters.py): the issued certificates for the evidence bundle (participants'
apart from speakers', facilitators' and the committee's) and for the KLA evidence PDFs."""

from __future__ import annotations

from flask_babel import gettext as _

from workshop.certificates import services as certificates
from workshop.core import exporters


def _valid(event):
    return [c for c in certificates.issued(event) if c.is_valid]


def _valid_with_people(event):
    """Valid certificates with their holders and institutions loaded in two more queries."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from workshop.attendees.models import Attendee
    from workshop.certificates.models import Certificate, CertificateStatus
    from workshop.extensions import db

    return list(
        db.session.execute(
            select(Certificate)
            .where(Certificate.event_id == event.id, Certificate.status == CertificateStatus.VALID.value)
            .order_by(Certificate.seq)
            .options(selectinload(Certificate.attendee).selectinload(Attendee.institution))
        ).scalars()
    )


class _Stream:
    """The valid certificates drawn on every core, in order (certificates.render_many), started
    when the first is asked for. A PDF that comes before the one asked for waits to be taken."""

    def __init__(self, event, valid: list, base_url: str):
        self._start = lambda: zip(valid, certificates.render_many(event, valid, "id", base_url))
        self._iterator = None
        self._waiting: dict[int, bytes] = {}

    def pdf(self, certificate) -> bytes | None:
        if certificate.id in self._waiting:
            return self._waiting.pop(certificate.id)
        if self._iterator is None:
            self._iterator = self._start()
        for done, data in self._iterator:
            if done.id == certificate.id:
                return data
            self._waiting[done.id] = data
        return None


def bundle_files(event, base_url: str) -> list[tuple[str, str, object]]:
    """Participants' certificates under 03-sertifikat/peserta/, everyone else's under
    03-sertifikat/narasumber-panitia/: committee and speakers' certificates stand apart. They are
    drawn on every core, in order, as the bundle writes them."""
    valid = _valid(event)
    stream = _Stream(event, valid, base_url)
    files = []
    for certificate in valid:
        folder = "peserta" if certificate.attendee.role == "peserta" else "narasumber-panitia"
        files.append(
            (
                f"03-sertifikat/{folder}/{certificates.file_name(certificate, 'id')}",
                f"{_('Certificate')} {certificate.number}",
                lambda c=certificate: _render(event, c, base_url, stream),
            )
        )
    return files


def _render(event, certificate, base_url: str, stream: _Stream | None = None) -> bytes:
    """Made once per bundle: the evidence files reuse the same PDF."""
    from workshop.documents.evidence import once

    def make() -> bytes:
        drawn = stream.pdf(certificate) if stream is not None else None
        return drawn or certificates.render_certificate(event, certificate, "id", base_url)

    return once(("certificate", certificate.number), make)


def evidence_certificates(event, base_url: str):
    from workshop.documents.evidence import TrainedCertificate

    return [
        TrainedCertificate(
            attendee=c.attendee,
            number=c.number,
            make=lambda c=c: certificates.render_certificate(event, c, "id", base_url),  # evidence caches it
            title=f"{c.attendee.full_name} ({c.number})",
        )
        for c in _valid_with_people(event)
    ]


def standing(event, people) -> dict[int, str]:
    """For the attendance recap: whether each person gets a certificate, and why."""
    return {e.attendee.id: e.reason for e in certificates.eligibility(event, people)}


def register_exports() -> None:
    exporters.contribute(exporters.CERTIFICATE_STANDING, "certificates", standing)
    exporters.contribute(exporters.BUNDLE_FILES, "certificates", bundle_files)
    exporters.contribute(exporters.EVIDENCE_CERTIFICATES, "certificates", evidence_certificates)
