"""The demo's electronic signatures: a demo signing certificate made at seed time (a self-signed
demo CA and a signer certificate, both clearly named as demo, never an official electronic
certificate), uploaded to both demo events as an organiser would upload a PKCS#12, and every
issued certificate signed with it in bulk (one loaded key). Idempotent: an event already set up
keeps its key, and only what is unsigned is signed."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from workshop.events.models import Event
from workshop.extensions import db
from workshop.signatures import services

DEMO_SLUGS = ("bintek-kla-serang", "bintek-kla-serang-angkatan-1")
DEMO_SIGNER = "DEMO — bukan sertifikat elektronik resmi"
DEMO_CA = "DEMO CA Bintek — bukan penyelenggara sertifikasi elektronik"
DEMO_PASSPHRASE = "demo-bintek"


def demo_pkcs12(
    common_name: str = DEMO_SIGNER,
    passphrase: str = DEMO_PASSPHRASE,
    *,
    organisation: str = "Pemerintah Kota Serang (demo)",
    valid_days: int = 730,
    not_before: datetime | None = None,
) -> bytes:
    """A PKCS#12 (key, signer certificate, demo CA) for demos and tests. ECDSA P-256: made in
    milliseconds."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    start = not_before or datetime.now(UTC) - timedelta(days=1)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, DEMO_CA)])

    def issued_by_ca(subject: x509.Name, public_key, days: int) -> x509.CertificateBuilder:
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(ca_name)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + timedelta(days=days))
        )

    ca = (
        issued_by_ca(ca_name, ca_key.public_key(), valid_days + 1)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        ]
    )
    certificate = (
        issued_by_ca(subject, key.public_key(), valid_days)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        b"demo", key, certificate, [ca], serialization.BestAvailableEncryption(passphrase.encode())
    )


def seed_signatures(progress=None) -> float:
    """Set up the demo key on both demo events and sign their certificates; the seconds it took."""
    started = time.perf_counter()
    if progress is not None:
        progress("electronic signatures (demo certificate)")
    material = None
    for slug in DEMO_SLUGS:
        event = db.session.execute(select(Event).where(Event.slug == slug)).scalar_one_or_none()
        if event is None:
            continue
        if not services.get_settings(event).is_configured:
            material = material or demo_pkcs12()
            services.set_pkcs12(event, material, DEMO_PASSPHRASE)
        services.sign_event(event)
    return time.perf_counter() - started
