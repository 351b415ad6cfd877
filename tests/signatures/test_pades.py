"""Signing a certificate with an uploaded PKCS#12: an independent validator (poppler's pdfsig)
and pyHanko's own validator say the signature is intact and name the signer; one changed byte
breaks it. The uploaded file is checked; the key is stored encrypted, the passphrase never."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12

from tests.certificates.conftest import AFTER
from tests.signatures.conftest import DEMO_SIGNER, needs_pdfsig, pdfsig
from workshop.certificates import services as certificate_services
from workshop.demo.signatures import DEMO_PASSPHRASE, demo_pkcs12
from workshop.extensions import db
from workshop.signatures import pades, services
from workshop.signatures.models import CertificateSignature, SigningSettings


def _issue(event):
    issued = certificate_services.issue_due(event, now=AFTER)
    db.session.flush()
    return issued


def _signed_file(certificate) -> bytes:
    return services.signed_pdf(certificate, "id")


@needs_pdfsig
def test_issued_certificate_is_signed_and_pdfsig_says_valid(signing, tmp_path):
    issued = _issue(signing["event"])
    assert issued
    data = _signed_file(issued[0])
    assert data is not None and data.startswith(b"%PDF-")
    report = pdfsig(data, tmp_path)
    assert "Signature is Valid." in report
    assert "Total document signed" in report
    assert f"Signer Certificate Common Name: {DEMO_SIGNER}" in report
    record = services.signature_of(issued[0])
    import hashlib

    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert record.signer_name == DEMO_SIGNER


@needs_pdfsig
def test_one_changed_byte_breaks_the_signature(signing, tmp_path):
    data = bytearray(_signed_file(_issue(signing["event"])[0]))
    # A byte inside the first signed range (the page content), not the signature itself.
    position = len(data) // 3
    data[position] ^= 0x01
    report = pdfsig(bytes(data), tmp_path)
    assert "Signature is Valid." not in report
    found = pades.embedded_signatures(bytes(data))
    assert not found or not found[0].is_intact


def test_pyhanko_validator_agrees(signing):
    data = _signed_file(_issue(signing["event"])[0])
    (signature,) = pades.embedded_signatures(data)
    assert signature.is_intact and signature.covers_whole_file
    assert signature.signer_name == DEMO_SIGNER
    tampered = data.replace(b"Ani Suryani", b"Ani Suryanx", 1)
    if tampered == data:  # names are drawn glyph by glyph: change a byte in the signed range instead
        tampered = bytearray(data)
        tampered[200] ^= 0x01
        tampered = bytes(tampered)
    assert not all(s.is_intact for s in pades.embedded_signatures(tampered))


def test_the_page_still_shows_the_certificate_with_a_visible_field(signing):
    from tests.certificates.conftest import pdf_text

    data = _signed_file(_issue(signing["event"])[0])
    assert "SERTIFIKAT" in pdf_text(data)[0]
    assert b"/FT /Sig" in data or b"/FT/Sig" in data
    from pyhanko.pdf_utils.reader import PdfFileReader

    (embedded,) = PdfFileReader(io.BytesIO(data)).embedded_signatures
    left, bottom, right, top = (
        (float(v) for v in embedded.sig_field["/Kids"][0]["/Rect"])
        if "/Kids" in embedded.sig_field
        else (float(v) for v in embedded.sig_field["/Rect"])
    )
    assert right - left > 150 and top - bottom > 30  # visible, not a zero-size field


def test_key_is_stored_encrypted_and_the_passphrase_not_at_all(signing, demo_key):
    settings = db.session.execute(
        db.select(SigningSettings).where(SigningSettings.event_id == signing["event"].id)
    ).scalar_one()
    stored = bytes(settings.key_material)
    key, _cert, _chain = pkcs12.load_key_and_certificates(demo_key, DEMO_PASSPHRASE.encode())
    from cryptography.hazmat.primitives import serialization

    raw = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    assert raw not in stored and raw[-32:] not in stored
    assert DEMO_PASSPHRASE.encode() not in stored
    assert stored.startswith(b"gAAAA")  # a Fernet token
    assert settings.signer_name == DEMO_SIGNER


@pytest.mark.parametrize(
    "make, passphrase, message",
    [
        (lambda: b"", "x", "Choose the .p12"),
        (lambda: b"not a pkcs12 at all", "x", "not a PKCS#12"),
        (lambda: demo_pkcs12(), "wrong", "passphrase is wrong"),
        (lambda: b"0" * (65 * 1024), "x", "too large"),
        (
            lambda: demo_pkcs12(not_before=datetime.now(UTC) - timedelta(days=800), valid_days=30),
            DEMO_PASSPHRASE,
            "expired",
        ),
        (
            lambda: demo_pkcs12(not_before=datetime.now(UTC) + timedelta(days=10)),
            DEMO_PASSPHRASE,
            "not valid yet",
        ),
    ],
)
def test_bad_pkcs12_is_refused_with_a_reason(setup, make, passphrase, message):
    with pytest.raises(services.SignatureSettingsError, match=message):
        services.set_pkcs12(setup["event"], make(), passphrase)
    assert not services.get_settings(setup["event"]).is_configured


def test_pkcs12_without_a_private_key_is_refused(setup, demo_key):
    from cryptography.hazmat.primitives import serialization

    _key, cert, chain = pkcs12.load_key_and_certificates(demo_key, DEMO_PASSPHRASE.encode())
    certs_only = pkcs12.serialize_key_and_certificates(
        b"x", None, cert, chain, serialization.BestAvailableEncryption(b"pw")
    )
    with pytest.raises(services.SignatureSettingsError, match="no private key"):
        services.set_pkcs12(setup["event"], certs_only, "pw")


def test_an_unreadable_key_fails_the_certificate_but_never_loses_it(signing, app):
    app.config["SIGNING_SECRET_KEY"] = "another key"
    try:
        issued = _issue(signing["event"])
    finally:
        app.config.pop("SIGNING_SECRET_KEY")
    record = services.signature_of(issued[0])
    assert record.status == "failed" and record.error == "key_unreadable"
    assert services.signed_pdf(issued[0], "id") is None  # the unsigned render is served
    assert issued[0].is_valid
    # Retry with the right key: signed.
    counts = services.sign_event(signing["event"])
    assert counts["signed"] == len(issued) and not counts["failed"]
    assert services.signature_of(issued[0]).status == "signed"


def test_not_set_up_signs_nothing_at_issue(setup):
    issued = _issue(setup["event"])
    assert issued
    assert db.session.query(CertificateSignature).count() == 0
    assert services.unsigned(setup["event"]) == issued


def test_reissued_certificate_needs_a_new_signature(signing):
    certificate = _issue(signing["event"])[0]
    first = services.signature_of(certificate).sha256
    certificate_services.reissue(signing["event"], certificate, now=datetime.now(UTC) + timedelta(minutes=1))
    assert services.signed_pdf(certificate, "id") is None
    assert certificate in services.unsigned(signing["event"])
    services.sign_event(signing["event"])
    assert services.signature_of(certificate).sha256 != first


def test_signing_and_reading_work_inside_a_running_event_loop(signing):
    """pyHanko's plain API calls asyncio.run(), which a thread already driving an event loop refuses
    (Playwright's sync API in a test process, an async server): signing must still work there."""
    import asyncio

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(100, 700, "Sertifikat")
    page.save()
    data = buffer.getvalue()
    signer = pades.load_signer(pades.read_pkcs12(demo_pkcs12(), DEMO_PASSPHRASE).material)

    async def inside_a_loop():
        signed = pades.sign_pdf(data, signer)
        return pades.embedded_signatures(signed)

    signatures = asyncio.run(inside_a_loop())
    assert len(signatures) == 1 and signatures[0].is_intact
