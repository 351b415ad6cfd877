"""Verifiable credentials of issued certificates: Open Badges 3.0 (W3C VC 2.0) signed as JWTs by
the deployment's keys, their public keys (JWKS), a Bitstring Status List for revocation, and the
SIASN export of ASN participants' training records."""

from flask import Blueprint

bp = Blueprint("credentials", __name__)

from workshop.credentials import views  # noqa: E402,F401
