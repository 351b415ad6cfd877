"""A client for BSrE's seal API v2 (Balai Sertifikasi Elektronik, BSSN), the requests and answers
public esign clients document:

    POST /api/v2/seal/get/activation {"idSubscriber"}              -> the first TOTP goes to the
                                                                      organisation's registered contact
    POST /api/v2/seal/get/totp {"idSubscriber", "totp", "data": n} -> {"totp", "expires", "result": true}
    POST /api/v2/seal/pdf {"idSubscriber", "totp", "signatureProperties": [...], "file": [base64...]}
                                                                   -> {"file": [base64...], "time": ms}
    POST /api/v2/verify/pdf {"file": base64}                       -> {"conclusion": "VALID_SIGNATURE" | ...}

HTTP basic auth with the organisation's account. A seal TOTP is used once: each batch first asks
for the next one with the current one. Every failure becomes a ``SigningError`` with a code
(services.ERRORS says it to people): bsre_auth, bsre_totp, bsre_quota, bsre_timeout,
bsre_unreachable, bsre_refused. Standard library only (urllib), with a timeout on every call."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from workshop.signatures.pades import SigningError

DEFAULT_TIMEOUT = 30.0  # seconds per call; BSRE_TIMEOUT overrides


@dataclass
class BsreClient:
    base_url: str
    user: str
    password: str
    subscriber: str
    timeout: float = DEFAULT_TIMEOUT

    def _post(self, path: str, payload: dict) -> dict:
        body = json.dumps(payload).encode()
        request = urllib.request.Request(
            self.base_url.rstrip("/") + path,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": "Basic "
                + base64.b64encode(f"{self.user}:{self.password}".encode()).decode(),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as error:
            raise _http_error(error.code, _read_json(error.read())) from None
        except TimeoutError:
            raise SigningError("bsre_timeout", f"no answer within {self.timeout:g} s") from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise SigningError("bsre_timeout", f"no answer within {self.timeout:g} s") from None
            raise SigningError("bsre_unreachable", str(error.reason)[:300]) from None
        except OSError as error:
            raise SigningError("bsre_unreachable", str(error)[:300]) from None
        answer = _read_json(raw)
        if answer is None:
            raise SigningError("bsre_refused", "the answer is not JSON")
        return answer

    def request_activation(self) -> dict:
        return self._post("/api/v2/seal/get/activation", {"idSubscriber": self.subscriber})

    def next_totp(self, current: str, count: int = 1) -> str:
        """The next seal TOTP, for ``count`` files, asked with the current one."""
        answer = self._post(
            "/api/v2/seal/get/totp", {"idSubscriber": self.subscriber, "totp": current, "data": str(count)}
        )
        if answer.get("result") is not True or not answer.get("totp"):
            raise _refusal(answer)
        return str(answer["totp"])

    def seal(self, totp: str, files: list[bytes], properties: dict) -> list[bytes]:
        """The sealed PDFs, in the order of ``files``."""
        answer = self._post(
            "/api/v2/seal/pdf",
            {
                "idSubscriber": self.subscriber,
                "totp": totp,
                "signatureProperties": [properties],
                "file": [base64.b64encode(f).decode() for f in files],
            },
        )
        sealed = answer.get("file")
        if not isinstance(sealed, list) or len(sealed) != len(files):
            raise _refusal(answer)
        try:
            return [base64.b64decode(item, validate=True) for item in sealed]
        except (ValueError, TypeError):
            raise SigningError("bsre_refused", "the sealed files are not base64") from None

    def verify(self, pdf: bytes) -> dict:
        return self._post("/api/v2/verify/pdf", {"file": base64.b64encode(pdf).decode()})


def _read_json(raw: bytes) -> dict | None:
    try:
        value = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None


def _message(answer: dict | None) -> str:
    if not answer:
        return ""
    return str(answer.get("message") or answer.get("error") or answer.get("description") or "")[:300]


def _refusal(answer: dict | None) -> SigningError:
    message = _message(answer)
    lowered = message.lower()
    if "totp" in lowered or "otp" in lowered:
        return SigningError("bsre_totp", message)
    if "quota" in lowered or "kuota" in lowered or "limit" in lowered:
        return SigningError("bsre_quota", message)
    return SigningError("bsre_refused", message)


def _http_error(status: int, answer: dict | None) -> SigningError:
    if status in (401, 403):
        refusal = _refusal(answer)
        return refusal if refusal.code == "bsre_totp" else SigningError("bsre_auth", _message(answer))
    if status == 429:
        return SigningError("bsre_quota", _message(answer))
    if status in (502, 503, 504):
        return SigningError("bsre_unreachable", f"HTTP {status} {_message(answer)}".strip())
    refusal = _refusal(answer)
    if refusal.detail == "":
        refusal.detail = f"HTTP {status}"
    return refusal
