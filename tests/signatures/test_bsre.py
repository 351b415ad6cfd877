"""The BSrE signer against a local fake of the seal API v2 (BSrE cannot be reached from here): a
success, a wrong TOTP, a timeout, a used-up quota, and a retry that succeeds later. Each failure is
a clear status on the certificate, which stays available unsigned."""

from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.certificates.conftest import AFTER
from workshop.certificates import services as certificate_services
from workshop.demo.signatures import DEMO_PASSPHRASE, DEMO_SIGNER
from workshop.extensions import db
from workshop.signatures import pades, services
from workshop.signatures.bsre import BsreClient
from workshop.signatures.pades import SigningError

USER, PASSWORD, SUBSCRIBER = "bappeda-serang", "rahasia-bsre", "SEAL-0001"


class FakeBsre:
    """The seal API as the esign clients describe it. ``mode``: ok, wrong_totp, quota, timeout."""

    def __init__(self, signer):
        self.signer = signer
        self.mode = "ok"
        self.totp = "111111"  # the code the activation gave
        self.calls: list[tuple[str, dict]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.calls.append((self.path, body))
                expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
                if self.headers.get("Authorization") != expected:
                    return self._answer(401, {"message": "Unauthorized"})
                if fake.mode == "timeout":
                    time.sleep(1.5)
                    return self._answer(200, {"message": "late"})
                if fake.mode == "quota":
                    return self._answer(429, {"message": "Kuota segel habis"})
                if self.path == "/api/v2/seal/get/activation":
                    fake.totp = "111111"
                    return self._answer(200, {"message": "Kode aktivasi dikirim", "result": True})
                if self.path == "/api/v2/seal/get/totp":
                    if fake.mode == "wrong_totp" or body.get("totp") != fake.totp:
                        return self._answer(400, {"message": "TOTP tidak valid", "result": False})
                    fake.totp = str(int(fake.totp) + 1)
                    return self._answer(
                        200, {"message": "ok", "totp": fake.totp, "expires": "60", "result": True}
                    )
                if self.path == "/api/v2/seal/pdf":
                    if body.get("totp") != fake.totp or body.get("idSubscriber") != SUBSCRIBER:
                        return self._answer(400, {"message": "TOTP tidak valid"})
                    sealed = [
                        base64.b64encode(pades.sign_pdf(base64.b64decode(f), fake.signer)).decode()
                        for f in body["file"]
                    ]
                    return self._answer(200, {"time": 12, "file": sealed})
                if self.path == "/api/v2/verify/pdf":
                    found = pades.embedded_signatures(base64.b64decode(body["file"]))
                    return self._answer(200, {"conclusion": "VALID_SIGNATURE" if found else "NO_SIGNATURE"})
                return self._answer(404, {"message": "not found"})

            def _answer(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_bsre(demo_key):
    signer = pades.load_signer(pades.read_pkcs12(demo_key, DEMO_PASSPHRASE).material)
    fake = FakeBsre(signer)
    yield fake
    fake.close()


@pytest.fixture
def bsre_event(setup, fake_bsre, app):
    app.config["BSRE_TIMEOUT"] = 0.5
    services.set_bsre(
        setup["event"],
        {
            "bsre_url": fake_bsre.url,
            "bsre_user": USER,
            "bsre_password": PASSWORD,
            "bsre_subscriber": SUBSCRIBER,
            "bsre_totp": "111111",
        },
    )
    db.session.flush()
    yield setup
    app.config.pop("BSRE_TIMEOUT", None)


def _issue(event):
    issued = certificate_services.issue_due(event, now=AFTER)
    db.session.flush()
    return issued


def _statuses(certificates):
    return [(services.signature_of(c).status, services.signature_of(c).error) for c in certificates]


def test_bsre_seals_at_issue_and_the_next_totp_is_kept(bsre_event, fake_bsre):
    issued = _issue(bsre_event["event"])
    assert issued and _statuses(issued) == [("signed", None)] * len(issued)
    signed = services.signed_pdf(issued[0], "id")
    (signature,) = pades.embedded_signatures(signed)
    assert signature.is_intact and signature.signer_name == DEMO_SIGNER
    assert services.signature_of(issued[0]).signer_name == DEMO_SIGNER  # read from the sealed PDF
    paths = [path for path, _body in fake_bsre.calls]
    assert paths == ["/api/v2/seal/get/totp", "/api/v2/seal/pdf"]
    seal = fake_bsre.calls[1][1]
    assert seal["idSubscriber"] == SUBSCRIBER and len(seal["file"]) == len(issued)
    assert seal["signatureProperties"][0]["tampilan"] == "VISIBLE"
    # The next batch asks with the code the last one received.
    services.sign_certificates(bsre_event["event"], issued[:1])
    assert fake_bsre.calls[-2][1]["totp"] == "111112"
    assert services.signature_of(issued[0]).status == "signed"


@pytest.mark.parametrize(
    "mode, code, words",
    [
        ("wrong_totp", "bsre_totp", "TOTP"),
        ("quota", "bsre_quota", "quota"),
        ("timeout", "bsre_timeout", "in time"),
    ],
)
def test_failures_are_a_clear_status_and_the_certificate_stays(bsre_event, fake_bsre, mode, code, words):
    fake_bsre.mode = mode
    started = time.monotonic()
    issued = _issue(bsre_event["event"])
    assert time.monotonic() - started < 5  # the timeout holds
    assert _statuses(issued) == [("failed", code)] * len(issued)
    row = next(r for r in services.status_rows(bsre_event["event"]) if r.certificate.id == issued[0].id)
    assert words in row.reason and row.can_retry
    assert all(c.is_valid for c in issued)
    assert services.signed_pdf(issued[0], "id") is None  # the unsigned render is what is served


def test_retry_succeeds_later(bsre_event, fake_bsre):
    fake_bsre.mode = "quota"
    issued = _issue(bsre_event["event"])
    assert {s for s, _e in _statuses(issued)} == {"failed"}
    fake_bsre.mode = "ok"
    counts = services.sign_event(bsre_event["event"])
    assert counts["signed"] == len(issued)
    assert {s for s, _e in _statuses(issued)} == {"signed"}
    assert services.signature_of(issued[0]).attempts == 2


def test_wrong_account_is_named(bsre_event, fake_bsre):
    client = BsreClient(fake_bsre.url, USER, "wrong", SUBSCRIBER, timeout=2)
    with pytest.raises(SigningError) as error:
        client.next_totp("111111")
    assert error.value.code == "bsre_auth"


def test_unreachable_server_is_named():
    client = BsreClient("http://127.0.0.1:9", USER, PASSWORD, SUBSCRIBER, timeout=2)
    with pytest.raises(SigningError) as error:
        client.seal("1", [b"%PDF-1.4"], {})
    assert error.value.code in ("bsre_unreachable", "bsre_timeout")


def test_verify_endpoint(fake_bsre, demo_key):
    client = BsreClient(fake_bsre.url, USER, PASSWORD, SUBSCRIBER, timeout=5)
    assert client.verify(b"%PDF-1.4 nothing")["conclusion"] == "NO_SIGNATURE"


def test_bsre_settings_keep_the_password_encrypted(bsre_event):
    settings = services.get_settings(bsre_event["event"])
    assert PASSWORD.encode() not in bytes(settings.bsre_secret)
    assert settings.is_configured and settings.source == "bsre"


def test_activation_is_requested_and_a_missing_totp_is_named(bsre_event, fake_bsre):
    services.request_activation(bsre_event["event"])
    assert fake_bsre.calls[-1] == ("/api/v2/seal/get/activation", {"idSubscriber": SUBSCRIBER})
    settings = services.get_settings(bsre_event["event"])
    settings.bsre_totp_secret = None
    issued = _issue(bsre_event["event"])
    assert _statuses(issued)[0] == ("failed", "bsre_totp")
