"""Public endpoints of the credentials (DESIGN.md §5): a certificate's Open Badges credential
(/v/<code>/credential, a JWT), the issuer's public keys (/.well-known/jwks.json) and the revocation
status lists (/credentials/status/<list id>). Public by design, like /v/<code>."""

from __future__ import annotations

from flask import Response, abort, jsonify

from workshop.core import ratelimit
from workshop.core.ratelimit import ip_key
from workshop.core.web import not_found, or_404
from workshop.credentials import bp, keys, services
from workshop.credentials.models import StatusList
from workshop.extensions import db, limiter

LIMITS = {
    # As /v/<code>: generous per IP, slow for unknown codes.
    "CREDENTIAL_IP_LIMIT": "120 per minute",
    "CREDENTIAL_FAILED_LIMIT": "20 per 10 minutes;100 per day",
}
_limit = ratelimit.limits_from(LIMITS)


@bp.route("/v/<code>/credential")
@limiter.limit(_limit("CREDENTIAL_IP_LIMIT"), key_func=ip_key)
@limiter.limit(_limit("CREDENTIAL_FAILED_LIMIT"), key_func=ip_key, deduct_when=not_found)
def credential(code: str):
    certificate = services.find_certificate(code)
    held = services.current_credential(certificate) if certificate is not None else None
    if held is None:
        abort(404)
    response = Response(held.token, mimetype=keys.MEDIA_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="sertifikat-{certificate.code}.jwt"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/.well-known/jwks.json")
def jwks():
    response = jsonify(keys.jwks())
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Access-Control-Allow-Origin"] = "*"  # verifiers in browsers (wallets)
    return response


@bp.route("/credentials/status/<int:list_id>")
def status_list(list_id: int):
    found = or_404(db.session.get(StatusList, list_id))
    response = Response(services.status_list_credential(found, services.base_url()), mimetype=keys.MEDIA_TYPE)
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
