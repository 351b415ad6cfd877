"""PAdES signatures with pyHanko: reading an uploaded PKCS#12 (with its checks), signing a PDF with a
visible signature field, and reading back the signatures a PDF carries. Plain bytes in and out;
nothing here reads the database or the request."""

from __future__ import annotations

import asyncio
import io
import unicodedata
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace

from cryptography.hazmat.primitives.serialization import NoEncryption, pkcs12
from flask_babel import lazy_gettext as _l


def _pyhanko():
    """pyHanko's modules, imported on first use: with aiohttp they weigh about 50 MB, which every
    web worker and every rendering process would otherwise carry without ever signing."""
    with warnings.catch_warnings():  # pyHanko imports DSA, which cryptography marks deprecated
        warnings.simplefilter("ignore")
        from pyhanko import stamp
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign import fields, signers
        from pyhanko.sign.validation import validate_pdf_signature
    return SimpleNamespace(
        stamp=stamp,
        IncrementalPdfFileWriter=IncrementalPdfFileWriter,
        PdfFileReader=PdfFileReader,
        fields=fields,
        signers=signers,
        validate_pdf_signature=validate_pdf_signature,
    )


PKCS12_MAX_BYTES = 64 * 1024  # a key, its certificate and a chain: a few KB
FIELD_NAME = "TandaTanganElektronik"
MM = 72 / 25.4
BOX_WIDTH, BOX_HEIGHT = 70 * MM, 15 * MM
SIDE, BOTTOM = 48, 31  # the certificate's text margin; above its border, below the NIP lines
SIGNATURE_BYTES = 16 * 1024  # room for the CMS signature: a chain of a few certificates fits
STAMP_TEXT = "Ditandatangani secara elektronik oleh\n%(signer)s\n%(ts)s"


def outside_event_loop(call):
    """``call()`` where asyncio may start a loop. pyHanko's plain API runs ``asyncio.run()``, which
    refuses to start in a thread that already drives an event loop (an async server, or Playwright's
    sync API in the same process) and leaves its coroutine unawaited: there it runs in a thread of
    its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


class SigningError(Exception):
    """A problem a person can act on; ``code`` is one of services.ERRORS."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(detail or code)
        self.code = code
        self.detail = detail


class Pkcs12Problem(Exception):
    pass


@dataclass(frozen=True)
class SigningKey:
    """An uploaded PKCS#12 opened and checked: the same key and chain as a PKCS#12 without a
    passphrase (to be stored encrypted under the app's key), and what its certificate says."""

    material: bytes
    signer_name: str
    not_after: datetime


def signer_name_of(certificate) -> str:
    """The subject's common name (else the whole subject), as people read it."""
    from cryptography.x509.oid import NameOID

    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificate.subject.rfc4514_string()


def read_pkcs12(data: bytes, passphrase: str, now: datetime | None = None) -> SigningKey:
    """Open an uploaded PKCS#12 with its passphrase and check it can sign today."""
    if not data:
        raise Pkcs12Problem(_l("Choose the .p12 or .pfx file."))
    if len(data) > PKCS12_MAX_BYTES:
        raise Pkcs12Problem(_l("This file is too large for a signing certificate (at most 64 KB)."))
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(data, (passphrase or "").encode() or None)
    except Exception:  # noqa: BLE001 - whatever the file is, it is not a PKCS#12 we can open
        raise Pkcs12Problem(_l("This is not a PKCS#12 file, or the passphrase is wrong.")) from None
    if key is None:
        raise Pkcs12Problem(_l("This PKCS#12 file holds no private key: it cannot sign."))
    if certificate is None:
        raise Pkcs12Problem(_l("This PKCS#12 file holds no certificate."))
    now = now or datetime.now(UTC)
    if certificate.not_valid_after_utc < now:
        raise Pkcs12Problem(_l("This signing certificate has expired."))
    if certificate.not_valid_before_utc > now:
        raise Pkcs12Problem(_l("This signing certificate is not valid yet."))
    material = pkcs12.serialize_key_and_certificates(b"bintek", key, certificate, chain, NoEncryption())
    return SigningKey(material, signer_name_of(certificate), certificate.not_valid_after_utc)


def load_signer(material: bytes):
    """A pyHanko signer from stored key material (load once, sign many)."""
    return _pyhanko().signers.SimpleSigner.load_pkcs12_data(material, other_certs=[], passphrase=None)


def stamp_safe(text: str) -> str:
    """The stamp's built-in font has Latin-1 only: accents folded, dashes plain."""
    text = text.replace("\u2014", "-").replace("\u2013", "-")
    folded = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in folded if ord(ch) < 256 and not unicodedata.combining(ch))


def field_box(page_width: float, page_height: float, position: str) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of the visible signature: "bottom-right" (under the issuing
    official) or "bottom-centre"."""
    left = (page_width - BOX_WIDTH) / 2 if position == "bottom-centre" else page_width - SIDE - BOX_WIDTH
    return (left, BOTTOM, left + BOX_WIDTH, BOTTOM + BOX_HEIGHT)


def _page_size(writer) -> tuple[float, float]:
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    box = [float(v) for v in page["/MediaBox"]]
    return box[2] - box[0], box[3] - box[1]


def sign_pdf(
    pdf: bytes, signer, *, position: str = "bottom-right", reason: str = "", location: str = ""
) -> bytes:
    """``pdf`` signed (PAdES baseline B, SHA-256) in a visible field on the first page."""
    ph = _pyhanko()
    fields, signers, stamp = ph.fields, ph.signers, ph.stamp
    writer = ph.IncrementalPdfFileWriter(io.BytesIO(pdf))
    width, height = _page_size(writer)
    fields.append_signature_field(
        writer, fields.SigFieldSpec(FIELD_NAME, box=field_box(width, height, position), on_page=0)
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        reason=stamp_safe(reason) or None,
        location=stamp_safe(location) or None,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    name = stamp_safe(signer_name_of_asn1(signer.signing_cert))
    style = stamp.TextStampStyle(stamp_text=STAMP_TEXT.replace("%(signer)s", name), border_width=1)
    # A fixed reservation: pyHanko otherwise signs twice (once to measure), doubling the time.
    pdf_signer = signers.PdfSigner(metadata, signer=signer, stamp_style=style)
    return outside_event_loop(lambda: pdf_signer.sign_pdf(writer, bytes_reserved=SIGNATURE_BYTES)).getvalue()


def signer_name_of_asn1(certificate) -> str:
    """The common name of an asn1crypto certificate (what pyHanko holds)."""
    subject = certificate.subject.native
    return subject.get("common_name") or certificate.subject.human_friendly


@dataclass(frozen=True)
class EmbeddedSignature:
    signer_name: str
    signed_at: datetime | None
    is_intact: bool  # the signed bytes are unchanged
    covers_whole_file: bool  # nothing was added after signing


def embedded_signatures(pdf: bytes) -> list[EmbeddedSignature]:
    """The signatures a PDF carries, checked for integrity (not for trust: no roots are given).
    Garbage, or a PDF pyHanko cannot read, has none."""
    try:
        ph = _pyhanko()
        reader = ph.PdfFileReader(io.BytesIO(pdf), strict=False)
        found = list(reader.embedded_signatures)
    except Exception:  # noqa: BLE001 - any unreadable upload is "no signature"
        return []
    result = []
    for embedded in found:
        try:
            with warnings.catch_warnings():  # an untrusted chain is expected: only integrity counts here
                warnings.simplefilter("ignore")
                status = outside_event_loop(lambda e=embedded: ph.validate_pdf_signature(e))
            intact = bool(status.intact and status.valid)
            whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
            name = signer_name_of_asn1(status.signing_cert)
            when = status.signer_reported_dt
        except Exception:  # noqa: BLE001 - a broken signature is not intact
            intact, whole, name, when = False, False, "", None
        result.append(EmbeddedSignature(name, when, intact, whole))
    return result
