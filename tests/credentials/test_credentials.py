"""Open Badges 3.0 credentials: signed at issue, verified by another JOSE library against the
published keys, valid against the official schema, revoked through the status list, still
verifying after a key rotation."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from tests.credentials.conftest import SCHEMA_PATH, status_bit, validate_open_badge, verify
from workshop.certificates import services as certificates
from workshop.certificates.models import Certificate
from workshop.credentials import keys, services
from workshop.credentials.models import Credential, CredentialKey
from workshop.extensions import db


def _credential_of(client, code: str) -> str:
    response = client.get(f"/v/{code}/credential")
    assert response.status_code == 200
    assert response.mimetype == "application/vc+jwt"
    return response.get_data(as_text=True)


def test_the_vendored_schema_is_the_official_file():
    digest = hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest()
    assert digest == "86a141ff0c1b1a6b4e08460f786a8ffe0f737d8256a86243d134a2e6450efe4d"


def test_issued_certificate_has_a_credential_that_verifies_and_fits_the_schema(client, published):
    jwks = client.get("/.well-known/jwks.json").get_json()
    assert jwks["keys"] and all("d" not in key for key in jwks["keys"])  # public parts only
    token = _credential_of(client, published["codes"]["Ani Suryani, S.Sos."])
    credential = verify(token, jwks)
    validate_open_badge(credential)
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["@context"][1] == "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
    assert credential["issuer"]["name"] == "Bappeda Kota Serang"
    subject = credential["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == "Ani Suryani, S.Sos."
    assert subject["achievement"]["name"] == published["title"]
    assert subject["role"] == "Peserta"
    assert subject["result"][0]["value"] == str(published["jp"]["Ani Suryani, S.Sos."]) != "0"  # her JP
    assert published["numbers"]["Ani Suryani, S.Sos."] in credential["name"]
    assert credential["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert status_bit(client, credential, jwks) is False


def test_unknown_code_has_no_credential(client):
    assert client.get("/v/AAAAAAAAAAAAAAAA/credential").status_code == 404
    assert client.get("/credentials/status/999").status_code == 404


def test_revoking_a_certificate_flips_its_bit_only(app, client, published):
    jwks = client.get("/.well-known/jwks.json").get_json()
    ani = verify(_credential_of(client, published["codes"]["Ani Suryani, S.Sos."]), jwks)
    budi = verify(_credential_of(client, published["codes"]["Budi Santoso"]), jwks)
    with app.app_context():
        certificate = db.session.get(Certificate, published["ids"]["Ani Suryani, S.Sos."])
        certificates.revoke(certificate, "Tidak hadir menurut daftar hadir kertas")
        db.session.commit()
    assert status_bit(client, ani, jwks) is True
    assert status_bit(client, budi, jwks) is False
    assert client.get(f"/v/{published['codes']['Ani Suryani, S.Sos.']}/credential").status_code == 404


def test_reissue_revokes_the_old_credential_and_signs_a_new_one(issued):
    ani = next(c for c in issued["certificates"] if c.attendee_id == issued["ani"].id)
    old = services.current_credential(ani)
    issued["ani"].full_name = "Ani Suryani, S.Sos., M.Si."
    db.session.flush()
    certificates.reissue(issued["event"], ani)
    db.session.refresh(old)
    new = services.current_credential(ani)
    assert old.revoke_reason == "reissued" and new.id != old.id
    assert new.status_index != old.status_index
    assert verify(new.token, keys.jwks())["credentialSubject"]["identifier"][0]["identityHash"] == (
        "Ani Suryani, S.Sos., M.Si."
    )


def test_after_key_rotation_old_credentials_still_verify(app, client, published, runner):
    old_token = _credential_of(client, published["codes"]["Budi Santoso"])
    result = runner.invoke(args=["credentials", "rotate-key"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        rows = list(db.session.execute(select(CredentialKey).order_by(CredentialKey.id)).scalars())
        assert len(rows) == 2 and rows[0].retired_at is not None and rows[1].retired_at is None
        assert keys.current_key().kid == rows[1].kid
        signed_now, row = keys.sign({"probe": 1})
    jwks = client.get("/.well-known/jwks.json").get_json()
    assert {k["kid"] for k in jwks["keys"]} == {rows[0].kid, rows[1].kid}
    assert verify(old_token, jwks)["credentialSubject"]  # the old key still verifies
    assert verify(signed_now, jwks) == {"probe": 1} and row.kid == rows[1].kid
    listed = runner.invoke(args=["credentials", "keys"]).output
    assert rows[0].kid in listed and "retired" in listed and f"{rows[1].kid}  ES256" in listed


def test_private_keys_are_stored_encrypted(issued):
    row = db.session.execute(select(CredentialKey)).scalar_one()
    assert "PRIVATE KEY" not in row.private_key and row.private_key.startswith("gAAAAA")  # Fernet


def test_each_credential_has_its_own_status_slot(issued):
    rows = list(db.session.execute(select(Credential)).scalars())
    assert len(rows) == 3
    assert len({(r.status_list_id, r.status_index) for r in rows}) == 3


def test_bitstring_round_trip():
    encoded = services.encode_bitstring(131_072, [0, 7, 131_071])
    bits = services.decode_bitstring(encoded)
    assert len(bits) == 16_384 and encoded.startswith("u")
    assert [services.bit_at(bits, i) for i in (0, 1, 7, 8, 131_071)] == [True, False, True, False, True]
    assert bits[0] == 0b1000_0001  # index 0 is the first byte's most significant bit


def test_verify_page_and_ticket_page_link_the_credential(app, client, published):
    code = published["codes"]["Ani Suryani, S.Sos."]
    link = f'href="/v/{code}/credential"'
    assert link in client.get(f"/v/{code}").get_data(as_text=True)
    ticket = client.get(f"/t/{published['ani_ticket']}").get_data(as_text=True)
    assert link in ticket and "Kredensial digital (Open Badges 3.0)" in ticket
    with app.app_context():
        certificates.revoke(
            db.session.get(Certificate, published["ids"]["Ani Suryani, S.Sos."]), "Salah orang"
        )
        db.session.commit()
    assert link not in client.get(f"/v/{code}").get_data(as_text=True)
    assert link not in client.get(f"/t/{published['ani_ticket']}").get_data(as_text=True)


def test_a_key_the_secret_no_longer_opens_is_replaced_not_fatal(app, issued):
    old = keys.current_key()
    app.config["CREDENTIALS_SECRET"] = "another secret"
    try:
        keys._decrypted.clear()
        bud = next(c for c in issued["certificates"] if c.attendee_id == issued["budi"].id)
        certificates.revoke(bud, "Salah ketik nama")
        certificates.reissue(issued["event"], bud)  # signs again: with a new key
        new = services.current_credential(bud)
        assert new.key_id != old.id and db.session.get(CredentialKey, old.id).retired_at is not None
        assert verify(new.token, keys.jwks())["credentialSubject"]
    finally:
        app.config["CREDENTIALS_SECRET"] = None
        keys._decrypted.clear()
