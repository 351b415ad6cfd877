"""Credentials tests: certificates issued through the certificates module (its test factories),
and a verifier built on another JOSE library (PyJWT) than the one that signs (joserfc)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import jwt as pyjwt
import pytest

from tests.certificates.conftest import AFTER, build_setup
from workshop.attendees.services import record_consent
from workshop.certificates import services as certificates
from workshop.extensions import db

SCHEMA_PATH = Path(__file__).parent / "schema" / "ob_v3p0_achievementcredential_schema.json"
ACCEPTED_ALGORITHMS = ["ES256", "EdDSA"]


@pytest.fixture
def issued(ctx):
    """build_setup's event with its three certificates issued (Ani, Budi, the speaker)."""
    built = build_setup()
    built["certificates"] = certificates.issue_due(built["event"], now=AFTER)
    return built


@pytest.fixture
def published(app):
    """The same, committed, for the client: the certificates' codes and the event's slug."""
    with app.app_context():
        built = build_setup()
        issued = certificates.issue_due(built["event"], now=AFTER)
        record_consent(built["ani"], "Setuju")  # her ticket page shows the ticket, not the notice
        db.session.commit()
        return {
            "event": built["event"].slug,
            "codes": {c.attendee.full_name: c.code for c in issued},
            "ids": {c.attendee.full_name: c.id for c in issued},
            "numbers": {c.attendee.full_name: c.number for c in issued},
            "jp": {c.attendee.full_name: c.data["jp"] for c in issued},
            "title": built["event"].title,
            "ani_ticket": built["ani"].ticket_code,
        }


def verify(token: str, jwks: dict) -> dict:
    """What a verifier does: the key named by the header's kid, from the published JWKS, checks
    the signature (PyJWT, not the signing library)."""
    header = pyjwt.get_unverified_header(token)
    assert header["typ"] == "vc+jwt"
    keys = pyjwt.PyJWKSet.from_dict(jwks)
    key = next(k for k in keys.keys if k.key_id == header["kid"])
    return pyjwt.decode(token, key.key, algorithms=ACCEPTED_ALGORITHMS, options={"verify_aud": False})


def validate_open_badge(credential: dict) -> None:
    schema = json.loads(SCHEMA_PATH.read_text())
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(credential), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def status_bit(client, credential: dict, jwks: dict) -> bool:
    """Fetch the status list the credential names, verify it, and read the credential's bit."""
    from workshop.credentials.services import bit_at, decode_bitstring

    entry = credential["credentialStatus"]
    path = entry["statusListCredential"].split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200 and response.mimetype == "application/vc+jwt"
    status_list = verify(response.get_data(as_text=True), jwks)
    subject = status_list["credentialSubject"]
    assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == "revocation"
    bits = decode_bitstring(subject["encodedList"])
    assert len(bits) >= 16 * 1024
    return bit_at(bits, int(entry["statusListIndex"]))
