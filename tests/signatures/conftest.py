"""Signature tests: the certificates' test event (tests/certificates/conftest.py) with a demo
signing certificate, checked by tools that did not make the signature (poppler's pdfsig)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.certificates.conftest import build_setup, storage_dir  # noqa: F401
from workshop.demo.signatures import DEMO_PASSPHRASE, DEMO_SIGNER, demo_pkcs12
from workshop.extensions import db
from workshop.signatures import services

PDFSIG = shutil.which("pdfsig")
needs_pdfsig = pytest.mark.skipif(PDFSIG is None, reason="poppler-utils (pdfsig) is not installed")


@pytest.fixture(scope="session")
def demo_key() -> bytes:
    return demo_pkcs12()


def pdfsig(data: bytes, tmp_path) -> str:
    """What poppler's pdfsig says about a PDF (its whole report, exit status ignored)."""
    path = tmp_path / "checked.pdf"
    path.write_bytes(data)
    done = subprocess.run([PDFSIG, str(path)], capture_output=True, text=True, timeout=60)
    return done.stdout + done.stderr


@pytest.fixture
def setup(ctx, storage_dir):  # noqa: F811
    """The test event, in an application context without a request (so signing at issue runs at
    once, as from the command line), with messages in English."""
    from flask_babel import force_locale

    with force_locale("en"):
        yield build_setup()


@pytest.fixture
def signing(setup, demo_key):
    """The test event, set up to sign with the demo key."""
    services.set_pkcs12(setup["event"], demo_key, DEMO_PASSPHRASE)
    db.session.flush()
    return setup


__all__ = ["DEMO_SIGNER", "needs_pdfsig"]
