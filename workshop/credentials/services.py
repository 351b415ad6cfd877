"""Open Badges 3.0 credentials of issued certificates, and the revocation status list.

A credential is an ``OpenBadgeCredential`` (W3C VC Data Model 2.0 with the OB 3.0 context),
signed as a JWT (``typ: vc+jwt``) by the deployment's current key (keys.py). Its
``credentialStatus`` is a ``BitstringStatusListEntry`` in a revocation list served at
/credentials/status/<list id>. Its text is Indonesian, like the certificate it stands for.
Services flush, never commit."""

from __future__ import annotations

import base64
import gzip
import uuid
from datetime import UTC, datetime, time

from flask import current_app, has_request_context, request
from flask_babel import force_locale
from sqlalchemy import select, update

from workshop.certificates.models import Certificate
from workshop.core.db import utcnow
from workshop.core.i18n import day_span
from workshop.core.labels import role_label
from workshop.credentials import keys
from workshop.credentials.models import Credential, StatusList
from workshop.events.models import Event
from workshop.extensions import db

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
DEFAULT_BASE_URL = "http://127.0.0.1:5000"  # as `flask certificates` (set PUBLIC_BASE_URL in production)
# Why a credential was revoked (Credential.revoke_reason).
REVOKED, REISSUED, ERASED, PURGED = "revoked", "reissued", "erased", "purged"


def base_url() -> str:
    """The public address credentials name: PUBLIC_BASE_URL, else this request's, else the
    command line's default."""
    configured = current_app.config.get("PUBLIC_BASE_URL")
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.url_root.rstrip("/")
    return DEFAULT_BASE_URL


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def issuer_profile(event: Event, base: str) -> dict:
    """The organising agency ("Bappeda Kota Serang"), identified by a name-based UUID within this
    deployment, so every event of one agency names the same issuer."""
    name = event.issuing_body
    return {
        "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{base}/issuer/{name.casefold()}')}",
        "type": ["Profile"],
        "name": name,
        "url": base + "/",
        "description": event.organiser,
    }


def status_list_url(list_id: int, base: str) -> str:
    return f"{base}/credentials/status/{list_id}"


def credential_url(certificate: Certificate, base: str) -> str:
    return f"{base}/v/{certificate.code}/credential"


def build_credential(
    event: Event, certificate: Certificate, uid: str, status: tuple[int, int], base: str
) -> dict:
    """The unsigned OpenBadgeCredential of ``certificate``."""
    data = certificate.data or {}
    role = data.get("role") or "peserta"
    with force_locale("id"):
        role_name = str(role_label(role))
    name = data.get("public_name") if data.get("is_child") else (data.get("name") or data.get("public_name"))
    achievement_id = f"{base}/e/{event.slug}#{role}"
    verify_url = f"{base}/v/{certificate.code}"
    dates = day_span(event.starts_on, event.ends_on, "id", " s.d. ")
    place = event.city or event.venue
    jp = int(data.get("jp") or 0)
    list_id, index = status
    list_url = status_list_url(list_id, base)
    issued = certificate.reissued_at or certificate.issued_at
    achievement = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": event.title,
        "description": (
            f"{event.title}, {dates}{', ' + place if place else ''}. "
            f"Diselenggarakan oleh {event.issuing_body}."
        ),
        "criteria": {"narrative": _criteria(role, role_name)},
        "humanCode": event.code,
        "inLanguage": "id",
        "resultDescription": [
            {
                "id": f"{achievement_id}-jp",
                "type": ["ResultDescription"],
                "name": "Jam pelajaran (JP, 45 menit)",
                "resultType": "RawScore",
                "valueMin": "0",
            }
        ],
        "creator": issuer_profile(event, base),
    }
    subject = {
        "type": ["AchievementSubject"],
        "identifier": [
            {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": name or ""}
        ],
        "achievement": achievement,
        "role": role_name,
        "activityStartDate": _iso(datetime.combine(event.starts_on, time(0, 0), tzinfo=event.tz)),
        "activityEndDate": _iso(datetime.combine(event.ends_on, time(23, 59), tzinfo=event.tz)),
        "result": [{"type": ["Result"], "resultDescription": f"{achievement_id}-jp", "value": str(jp)}],
    }
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{uid}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"Sertifikat {certificate.number}",
        "description": f"Sertifikat nomor {certificate.number} sebagai {role_name.lower()} pada {event.title}.",
        "issuer": issuer_profile(event, base),
        "validFrom": _iso(issued),
        "credentialSubject": subject,
        "evidence": [
            {
                "id": verify_url,
                "type": ["Evidence"],
                "name": f"Sertifikat nomor {certificate.number}",
                "description": "Halaman verifikasi sertifikat dari penyelenggara.",
            }
        ],
        "credentialStatus": {
            "id": f"{list_url}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": list_url,
        },
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }


def _criteria(role: str, role_name: str) -> str:
    if role == "peserta":
        return "Mengikuti sesi kegiatan sesuai ketentuan kehadiran panitia dan dinyatakan berhak atas sertifikat."
    return f"Bertugas sebagai {role_name.lower()} dalam kegiatan ini."


def _jwt_claims(credential: dict) -> dict:
    """The JWT registered claims OB 3.0's VC-JWT asks for, beside the credential itself."""
    issued = datetime.fromisoformat(credential["validFrom"].replace("Z", "+00:00"))
    return {
        **credential,
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "nbf": int(issued.timestamp()),
        "iat": int(issued.timestamp()),
    }


# ---- status lists ----------------------------------------------------------------------------


def allocate_indexes(count: int) -> tuple[int, int]:
    """``count`` consecutive free indexes in a revocation list: (list id, first index). One
    UPDATE … RETURNING raises the list's counter, so two issuers never share a slot; a full list
    makes a new one."""
    for _attempt in range(3):
        current = db.session.execute(
            select(StatusList)
            .where(StatusList.purpose == "revocation")
            .order_by(StatusList.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        if current is None or current.size - current.next_index < count:
            current = StatusList(purpose="revocation", next_index=0)
            db.session.add(current)
            db.session.flush()
        raised = db.session.execute(
            update(StatusList)
            .where(StatusList.id == current.id, StatusList.next_index + count <= StatusList.size)
            .values(next_index=StatusList.next_index + count)
            .returning(StatusList.next_index)
            .execution_options(synchronize_session=False)
        ).scalar_one_or_none()
        if raised is not None:
            return current.id, raised - count
    raise RuntimeError("no status list has room")  # pragma: no cover


def revoked_indexes(list_id: int) -> list[int]:
    return list(
        db.session.execute(
            select(Credential.status_index).where(
                Credential.status_list_id == list_id, Credential.revoked_at.is_not(None)
            )
        ).scalars()
    )


def encode_bitstring(size: int, set_bits: list[int]) -> str:
    """The spec's encodedList: the bitstring (index 0 = the first byte's most significant bit),
    GZIP-compressed, base64url without padding, with the multibase prefix "u"."""
    bits = bytearray(size // 8)
    for index in set_bits:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode_bitstring(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("not multibase base64url")
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def bit_at(bitstring: bytes, index: int) -> bool:
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(status_list: StatusList, base: str) -> str:
    """The BitstringStatusListCredential, signed as a JWT like the credentials (vc+jwt)."""
    url = status_list_url(status_list.id, base)
    now = utcnow()
    credential = {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": base + "/",
        "validFrom": _iso(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_list.purpose,
            "encodedList": encode_bitstring(status_list.size, revoked_indexes(status_list.id)),
            "ttl": 300_000,  # milliseconds: verifiers may cache it for five minutes
        },
    }
    claims = {**credential, "iss": credential["issuer"], "jti": url, "iat": int(now.timestamp())}
    token, _row = keys.sign(claims)
    return token


# ---- issuing and revoking --------------------------------------------------------------------


def issue_credentials(event: Event, certificates: list[Certificate]) -> list[Credential]:
    """Sign an OpenBadgeCredential for each certificate (revoking any it had: a reissue)."""
    if not certificates:
        return []
    base = base_url()
    revoke_credentials([c.id for c in certificates], REISSUED)
    list_id, first = allocate_indexes(len(certificates))
    key = keys.signing_key()
    made = []
    now = utcnow()
    for offset, certificate in enumerate(certificates):
        uid = str(uuid.uuid4())
        credential = build_credential(event, certificate, uid, (list_id, first + offset), base)
        token, _row = keys.sign(_jwt_claims(credential), key)
        row = Credential(
            uid=uid,
            certificate_id=certificate.id,
            event_id=event.id,
            key_id=key.id,
            status_list_id=list_id,
            status_index=first + offset,
            token=token,
            issued_at=now,
        )
        db.session.add(row)
        made.append(row)
    db.session.flush()
    return made


def revoke_credentials(certificate_ids: list[int], reason: str, *, erase: bool = False) -> int:
    """Set the status bit of the certificates' live credentials (and with ``erase`` drop every
    stored JWT of theirs); how many credentials were revoked."""
    if not certificate_ids:
        return 0
    return revoke_where(Credential.certificate_id.in_(certificate_ids), reason, erase=erase)


def revoke_where(condition, reason: str, *, erase: bool = False) -> int:
    now = utcnow()
    revoked = db.session.execute(
        update(Credential)
        .where(condition, Credential.revoked_at.is_(None))
        .values(revoked_at=now, revoke_reason=reason)
        .execution_options(synchronize_session=False)
    ).rowcount
    if erase:
        db.session.execute(
            update(Credential)
            .where(condition)
            .values(token=None)
            .execution_options(synchronize_session=False)
        )
    return revoked or 0


def current_credential(certificate: Certificate) -> Credential | None:
    """The certificate's credential that is not revoked and still held, if any."""
    return db.session.execute(
        select(Credential)
        .where(
            Credential.certificate_id == certificate.id,
            Credential.revoked_at.is_(None),
            Credential.token.is_not(None),
        )
        .order_by(Credential.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def find_certificate(code: str) -> Certificate | None:
    code = (code or "").strip().upper()
    if not code or len(code) > 32:
        return None
    return db.session.execute(select(Certificate).where(Certificate.code == code)).scalar_one_or_none()
