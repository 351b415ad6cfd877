"""The rules of signing certificates: the event's signing settings (a PKCS#12 or BSrE), which
certificates still need a signature, signing them (rendered once, signed, stored with their
SHA-256), each certificate's status, what the verification page says, and checking an uploaded
PDF against what was signed. Services flush, never commit, never read the request."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, has_request_context, request
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from workshop.certificates import services as certificate_services
from workshop.certificates.models import Certificate, CertificateStatus
from workshop.core import storage
from workshop.core.db import utcnow
from workshop.events.models import Event
from workshop.extensions import db
from workshop.signatures import pades, secrets
from workshop.signatures.bsre import DEFAULT_TIMEOUT, BsreClient
from workshop.signatures.models import (
    POSITIONS,
    CertificateSignature,
    SignatureStatus,
    SigningSettings,
    Source,
)
from workshop.signatures.pades import Pkcs12Problem, SigningError

FOLDER = "signatures"
BSRE_BATCH = 10  # files per seal call (and per TOTP)
UPLOAD_MAX_BYTES = 10 * 1024 * 1024  # a certificate is ~100 KB; a check upload this large is not one
DEFAULT_BASE_URL = "http://127.0.0.1:5000"

# Why a certificate is not signed, in words (codes are stored; SigningError.code).
ERRORS = {
    "not_configured": _l("Signing is not set up for this event."),
    "key_unreadable": _l(
        "The stored signing key cannot be read (the app's key changed): upload the PKCS#12 again."
    ),
    "sign_failed": _l("The PDF could not be signed."),
    "bsre_auth": _l("BSrE refused the account (user name or password)."),
    "bsre_totp": _l("BSrE refused the TOTP code: request a new activation and enter its code."),
    "bsre_quota": _l("BSrE's quota is used up for now: retry later."),
    "bsre_timeout": _l("BSrE did not answer in time: retry later."),
    "bsre_unreachable": _l("BSrE cannot be reached: retry later."),
    "bsre_refused": _l("BSrE refused to seal the document."),
}
POSITION_LABELS = {
    "bottom-right": _l("Bottom right, under the issuing official"),
    "bottom-centre": _l("Bottom centre"),
}
STATUS_LABELS = {
    "unsigned": _l("Not signed"),
    SignatureStatus.PENDING.value: _l("Waiting to be signed"),
    SignatureStatus.SIGNED.value: _l("Signed"),
    SignatureStatus.FAILED.value: _l("Failed"),
}


class SignatureSettingsError(Exception):
    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


# ---- settings ---------------------------------------------------------------------------------


def get_settings(event: Event) -> SigningSettings:
    """The event's signing settings, or unsaved defaults (``id`` is None)."""
    found = db.session.execute(
        select(SigningSettings).where(SigningSettings.event_id == event.id)
    ).scalar_one_or_none()
    return found or SigningSettings(
        event_id=event.id, source=None, sign_at_issue=True, position="bottom-right"
    )


def stored_settings(event: Event) -> SigningSettings:
    settings = get_settings(event)
    if settings.id is None:
        db.session.add(settings)
        db.session.flush()
    return settings


def set_pkcs12(event: Event, data: bytes, passphrase: str, now: datetime | None = None) -> SigningSettings:
    """Check the uploaded PKCS#12 and keep its key encrypted under the app's key; the passphrase
    is used to open it here and never kept."""
    try:
        key = pades.read_pkcs12(data, passphrase, now)
    except Pkcs12Problem as problem:
        raise SignatureSettingsError(str(problem), "pkcs12") from None
    settings = stored_settings(event)
    settings.key_material = secrets.seal(key.material)
    settings.signer_name = key.signer_name[:300]
    settings.signer_not_after = key.not_after
    settings.source = Source.PKCS12.value
    db.session.flush()
    return settings


def set_bsre(event: Event, data: dict) -> SigningSettings:
    """BSrE's address and the organisation's account; a password or TOTP left empty keeps the
    stored one."""
    url = (data.get("bsre_url") or "").strip()
    if not url.startswith(("https://", "http://")):
        raise SignatureSettingsError(_l("Give the address of the BSrE API (https://…)."), "bsre_url")
    settings = stored_settings(event)
    settings.bsre_url = url[:300]
    settings.bsre_user = (data.get("bsre_user") or "").strip()[:120]
    settings.bsre_subscriber = (data.get("bsre_subscriber") or "").strip()[:120]
    if data.get("bsre_password"):
        settings.bsre_secret = secrets.seal(data["bsre_password"].encode())
    if data.get("bsre_totp"):
        settings.bsre_totp_secret = secrets.seal(data["bsre_totp"].strip().encode())
    if settings.bsre_secret is None:
        raise SignatureSettingsError(_l("Give the account's password."), "bsre_password")
    if not settings.bsre_subscriber:
        raise SignatureSettingsError(_l("Give the organisation's subscriber id."), "bsre_subscriber")
    settings.source = Source.BSRE.value
    db.session.flush()
    return settings


def set_options(event: Event, *, sign_at_issue: bool, position: str) -> SigningSettings:
    if position not in POSITIONS:
        raise SignatureSettingsError(_l("Choose a position."), "position")
    settings = stored_settings(event)
    settings.sign_at_issue = sign_at_issue
    settings.position = position
    db.session.flush()
    return settings


def stop_signing(event: Event) -> SigningSettings:
    """No more signing; what was signed stays signed. The stored key and secrets are removed."""
    settings = stored_settings(event)
    settings.source = None
    settings.key_material = None
    settings.signer_name = ""
    settings.signer_not_after = None
    settings.bsre_secret = None
    settings.bsre_totp_secret = None
    db.session.flush()
    return settings


# ---- signers ----------------------------------------------------------------------------------


class Pkcs12Signer:
    """The uploaded key, opened once for a whole batch."""

    source = Source.PKCS12.value

    def __init__(self, settings: SigningSettings, reason: str, location: str):
        try:
            self._signer = pades.load_signer(secrets.unseal(settings.key_material))
        except secrets.SecretUnreadable:
            raise SigningError("key_unreadable") from None
        self.name = pades.signer_name_of_asn1(self._signer.signing_cert)
        self.position, self.reason, self.location = settings.position, reason, location

    def sign_many(self, pdfs: list[bytes]) -> list[bytes | SigningError]:
        results: list[bytes | SigningError] = []
        for pdf in pdfs:
            try:
                results.append(
                    pades.sign_pdf(
                        pdf, self._signer, position=self.position, reason=self.reason, location=self.location
                    )
                )
            except Exception as error:  # noqa: BLE001 - one PDF's failure is that certificate's status
                results.append(SigningError("sign_failed", f"{type(error).__name__}: {error}"[:300]))
        return results


class BsreSigner:
    """BSrE's seal API: a fresh TOTP per batch (kept, encrypted, for the next batch)."""

    source = Source.BSRE.value

    def __init__(self, settings: SigningSettings, reason: str, location: str):
        if settings.bsre_totp_secret is None:
            raise SigningError("bsre_totp", "no TOTP yet: request the activation and enter its code")
        try:
            self._totp = secrets.unseal(settings.bsre_totp_secret).decode()
        except secrets.SecretUnreadable:
            raise SigningError("key_unreadable") from None
        self.settings = settings
        self.client = bsre_client(settings)
        self.name = "BSrE"
        self.properties = {
            "tampilan": "VISIBLE",
            "page": 1,
            **_bsre_box(settings.position),
            "location": location or "null",
            "reason": reason or "null",
        }

    def sign_many(self, pdfs: list[bytes]) -> list[bytes | SigningError]:
        results: list[bytes | SigningError] = []
        for start in range(0, len(pdfs), BSRE_BATCH):
            batch = pdfs[start : start + BSRE_BATCH]
            try:
                self._totp = self.client.next_totp(self._totp, len(batch))
                self.settings.bsre_totp_secret = secrets.seal(self._totp.encode())
                results.extend(self.client.seal(self._totp, batch, self.properties))
            except SigningError as error:
                results.extend([error] * len(batch))
        return results


def _bsre_box(position: str) -> dict:
    """BSrE measures from the page's top left, in points."""
    from workshop.certificates.pdf import PAGE_HEIGHT, PAGE_WIDTH

    left, bottom, right, top = pades.field_box(PAGE_WIDTH, PAGE_HEIGHT, position)
    return {"originX": left, "originY": PAGE_HEIGHT - top, "width": right - left, "height": top - bottom}


def bsre_client(settings: SigningSettings) -> BsreClient:
    """The client of the event's BSrE account (SigningError when its password cannot be read)."""
    try:
        password = secrets.unseal(settings.bsre_secret).decode()
    except secrets.SecretUnreadable:
        raise SigningError("key_unreadable") from None
    timeout = float(current_app.config.get("BSRE_TIMEOUT") or DEFAULT_TIMEOUT)
    return BsreClient(settings.bsre_url, settings.bsre_user, password, settings.bsre_subscriber, timeout)


def request_activation(event: Event) -> None:
    """Ask BSrE to send the seal's activation code to the organisation's registered contact."""
    settings = get_settings(event)
    if settings.source != Source.BSRE.value or not settings.is_configured:
        raise SigningError("not_configured")
    answer = bsre_client(settings).request_activation()
    if answer.get("result") is False or answer.get("success") is False:
        raise SigningError("bsre_refused", str(answer.get("message") or "")[:300])


def make_signer(event: Event, settings: SigningSettings):
    if not settings.is_configured:
        raise SigningError("not_configured")
    reason = f"Sertifikat {event.title}"[:200]
    location = event.city or ""
    if settings.source == Source.BSRE.value:
        return BsreSigner(settings, reason, location)
    return Pkcs12Signer(settings, reason, location)


# ---- signing certificates -----------------------------------------------------------------------


def base_url() -> str:
    configured = current_app.config.get("PUBLIC_BASE_URL")
    if configured:
        return configured
    return request.url_root if has_request_context() else DEFAULT_BASE_URL


def signature_of(certificate: Certificate) -> CertificateSignature | None:
    return db.session.execute(
        select(CertificateSignature).where(CertificateSignature.certificate_id == certificate.id)
    ).scalar_one_or_none()


def _record(certificate: Certificate) -> CertificateSignature:
    record = signature_of(certificate)
    if record is None:
        record = CertificateSignature(
            event_id=certificate.event_id,
            certificate_id=certificate.id,
            attendee_id=certificate.attendee_id,
            status=SignatureStatus.PENDING.value,
            attempts=0,
        )
        db.session.add(record)
    return record


def is_current(record: CertificateSignature | None, certificate: Certificate) -> bool:
    """Signed, with a file, and not re-issued since (a re-issued certificate says other things)."""
    return (
        record is not None
        and record.status == SignatureStatus.SIGNED.value
        and (record.stored_name is not None or record.is_purged)
        and not (certificate.reissued_at and record.signed_at and certificate.reissued_at > record.signed_at)
    )


def _records(event: Event) -> dict[int, CertificateSignature]:
    """The event's signature records by certificate id."""
    query = select(CertificateSignature).where(CertificateSignature.event_id == event.id)
    return {r.certificate_id: r for r in db.session.execute(query).scalars()}


def unsigned(event: Event) -> list[Certificate]:
    """The event's valid certificates without a current signature, in number order."""
    records = _records(event)
    return [
        c for c in certificate_services.issued(event) if c.is_valid and not is_current(records.get(c.id), c)
    ]


def mark_pending(certificates: list[Certificate]) -> None:
    for certificate in certificates:
        record = _record(certificate)
        record.status = SignatureStatus.PENDING.value
        record.error = record.error_detail = None
    db.session.flush()


def _store(record: CertificateSignature, signed: bytes) -> None:
    session = db.session()
    if record.stored_name:
        try:
            storage.delete_after_commit(session, storage.stored_path(FOLDER, record.stored_name))
        except ValueError:
            pass
    name = storage.random_name()
    path = storage.folder(FOLDER) / name
    path.write_bytes(signed)
    storage.delete_after_rollback(session, path)
    record.stored_name = name
    record.sha256 = hashlib.sha256(signed).hexdigest()


def sign_certificates(event: Event, certificates: list[Certificate], url: str | None = None) -> Counter:
    """Sign ``certificates`` (Indonesian PDFs, as the ticket page serves them): each ends signed
    (its file stored, its SHA-256 kept) or failed with the reason; never lost. Returns the counts."""
    counts: Counter = Counter()
    certificates = [c for c in certificates if c.is_valid]
    if not certificates:
        return counts
    settings = get_settings(event)
    records = [_record(c) for c in certificates]
    db.session.flush()
    try:
        signer = make_signer(event, settings)
    except SigningError as error:
        for record in records:
            record.attempts = (record.attempts or 0) + 1
            _fail(record, error)
        counts["failed"] = len(records)
        return counts
    pdfs = list(certificate_services.render_many(event, certificates, "id", url or base_url()))
    for record, result in zip(records, signer.sign_many(pdfs)):
        record.attempts = (record.attempts or 0) + 1
        record.source = signer.source
        if isinstance(result, SigningError):
            _fail(record, result)
            counts["failed"] += 1
            continue
        _store(record, result)
        found = pades.embedded_signatures(result) if signer.source == Source.BSRE.value else []
        record.signer_name = (found[0].signer_name if found else signer.name)[:300]
        record.signed_at = utcnow()
        record.status = SignatureStatus.SIGNED.value
        record.error = record.error_detail = None
        record.is_purged = False
        counts["signed"] += 1
    db.session.flush()
    return counts


def _fail(record: CertificateSignature, error: SigningError) -> None:
    record.status = SignatureStatus.FAILED.value
    record.error = error.code if error.code in ERRORS else "sign_failed"
    record.error_detail = (error.detail or "")[:500] or None


def sign_event(event: Event, url: str | None = None, progress=None, batch: int = 50) -> Counter:
    """Sign every valid certificate of the event that has no current signature, in batches
    (the caller commits between them when it wants the work kept as it goes)."""
    todo = unsigned(event)
    counts: Counter = Counter()
    if progress is not None:
        progress.start(len(todo))
    for start in range(0, len(todo), batch):
        part = todo[start : start + batch]
        counts.update(sign_certificates(event, part, url))
        if progress is not None:
            progress.advance(len(part))
    return counts


def sign_job(job, event_id: int, base_url: str, certificate_ids: list[int] | None = None) -> None:
    """The job behind signing at issue and "sign / retry": see workshop.jobs.services. Commits
    after every batch so a long run keeps what it signed."""
    event = db.session.get(Event, event_id)
    if certificate_ids is None:
        todo = unsigned(event)
    else:
        todo = [
            c
            for c in db.session.execute(
                select(Certificate).where(Certificate.id.in_(certificate_ids)).order_by(Certificate.seq)
            ).scalars()
            if c.event_id == event.id
        ]
    job.start(len(todo))
    for start in range(0, len(todo), BSRE_BATCH):
        part = todo[start : start + BSRE_BATCH]
        sign_certificates(event, part, base_url)
        db.session.commit()
        job.advance(len(part))


@dataclass(frozen=True)
class Row:
    certificate: Certificate
    name: str
    status: str  # unsigned, pending, signed, failed
    record: CertificateSignature | None

    @property
    def reason(self) -> str:
        if self.record is None or self.status != SignatureStatus.FAILED.value:
            return ""
        return str(ERRORS.get(self.record.error or "", ERRORS["sign_failed"]))

    @property
    def can_retry(self) -> bool:
        return self.status in ("unsigned", SignatureStatus.FAILED.value, SignatureStatus.PENDING.value)


def status_rows(event: Event) -> list[Row]:
    records = _records(event)
    rows = []
    for certificate in certificate_services.issued(event):
        if certificate.status != CertificateStatus.VALID.value:
            continue
        record = records.get(certificate.id)
        if record is None or (
            record.status == SignatureStatus.SIGNED.value and not is_current(record, certificate)
        ):
            status = "unsigned"
        else:
            status = record.status
        data = certificate.data or {}
        rows.append(Row(certificate, data.get("name") or data.get("public_name") or "", status, record))
    return rows


def certificate_in_event(event: Event, certificate_id: int) -> Certificate | None:
    return certificate_services.get_certificate(event, certificate_id)


# ---- what others read: the served PDF, the verification page -----------------------------------


def signed_pdf(certificate: Certificate, lang: str) -> bytes | None:
    """The stored signed PDF, served instead of a new render (it is Indonesian: ``lang`` "id")."""
    if lang != "id":
        return None
    record = signature_of(certificate)
    if not is_current(record, certificate):
        return None
    try:
        path = storage.stored_path(FOLDER, record.stored_name)
    except ValueError:
        return None
    return path.read_bytes() if path.exists() else None


def verify_facts(certificate: Certificate) -> list[tuple[str, str]]:
    """For /v/<code>: whether the PDF is electronically signed, by whom, when."""
    record = signature_of(certificate)
    if record is None or record.status != SignatureStatus.SIGNED.value:
        return [(str(_l("Electronic signature")), str(_l("The PDF is not electronically signed.")))]
    event = db.session.get(Event, certificate.event_id)
    when = event.local(record.signed_at) if record.signed_at else None
    return [
        (str(_l("Electronic signature")), str(_l("The PDF is electronically signed (PAdES)."))),
        (str(_l("Signed by")), record.signer_name or ""),
        (
            str(_l("Signed on")),
            f"{format_datetime(when, 'd MMMM yyyy HH.mm')} {event.tz_label}" if when else "",
        ),
    ]


@dataclass(frozen=True)
class CheckResult:
    outcome: str  # same, different, not_pdf, too_large, no_signed_copy
    sha256: str = ""
    signatures: tuple = ()

    @property
    def message(self) -> str:
        return str(CHECK_MESSAGES[self.outcome])


CHECK_MESSAGES = {
    "same": _l("This file is exactly the certificate that was signed and issued."),
    "different": _l(
        "This file is not the signed certificate that was issued: it was changed, or it is another copy."
    ),
    "not_pdf": _l("This is not a PDF file."),
    "too_large": _l("The file is too large (at most 10 MB)."),
    "no_signed_copy": _l(
        "This certificate has no signed copy to compare with; its details are on this page."
    ),
}


def check_upload(certificate: Certificate, stream) -> CheckResult:
    """An uploaded PDF against the signed certificate: its SHA-256 compared with the one kept,
    and the signatures it carries read back. Never raises on garbage."""
    data = stream.read(UPLOAD_MAX_BYTES + 1)
    if len(data) > UPLOAD_MAX_BYTES:
        return CheckResult("too_large")
    if not data.startswith(b"%PDF-"):
        return CheckResult("not_pdf")
    digest = hashlib.sha256(data).hexdigest()
    signatures = tuple(pades.embedded_signatures(data))
    record = signature_of(certificate)
    if record is None or not record.sha256:
        return CheckResult("no_signed_copy", digest, signatures)
    return CheckResult("same" if record.sha256 == digest else "different", digest, signatures)


def read_stream(stream) -> bytes:
    return stream.read(pades.PKCS12_MAX_BYTES + 1) if stream is not None else b""
