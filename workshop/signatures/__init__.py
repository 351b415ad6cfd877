"""Electronic signatures on certificates (PAdES): a PKCS#12 the organiser uploads or BSrE's seal
API signs each issued certificate; its status, retry, and what /v/<code> says about it."""

from flask import Blueprint

bp = Blueprint("signatures", __name__)

from workshop.signatures import views  # noqa: E402,F401
