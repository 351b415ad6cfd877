"""Credentials hold the person's name (in the JWT): erasing drops the JWT and revokes the
credential, keeping the row and its status index so the bit stays where verifiers look."""

from __future__ import annotations

from sqlalchemy import select

from workshop.core import signals
from workshop.credentials import keys, services
from workshop.credentials.models import Credential
from workshop.extensions import db
from workshop.lifecycle.services import plan_purge, purge_event


def _bits(list_id: int) -> set[int]:
    return set(services.revoked_indexes(list_id))


def test_a_persons_erasure_revokes_and_drops_their_credential(issued):
    ani = issued["ani"]
    ani_certificate = next(c for c in issued["certificates"] if c.attendee_id == ani.id)
    mine = Credential.certificate_id == ani_certificate.id
    before = db.session.execute(select(Credential).where(mine)).scalar_one()
    report = signals.reports(signals.attendee_erased, issued["event"], attendee=ani)
    assert report["credentials"] == {"credentials": 1}
    db.session.expire_all()
    row = db.session.execute(select(Credential).where(mine)).scalar_one()
    assert row.token is None and row.revoke_reason == "erased" and row.status_index == before.status_index
    assert _bits(row.status_list_id) == {row.status_index}  # the others are untouched
    assert services.current_credential(ani_certificate) is None


def test_the_purge_counts_then_revokes_every_credential_of_the_event(issued):
    event = issued["event"]
    assert plan_purge(event).by_module["credentials"] == {"credentials": 3}
    assert db.session.scalar(select(Credential.token).limit(1))  # a dry run erased nothing
    purge_event(event)
    db.session.expire_all()
    rows = list(db.session.execute(select(Credential)).scalars())
    assert len(rows) == 3 and all(r.token is None and r.revoke_reason == "purged" for r in rows)
    assert _bits(rows[0].status_list_id) == {r.status_index for r in rows}
    assert keys.jwks()["keys"]  # the keys stay published
