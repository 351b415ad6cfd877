"""Issuing: sequential numbers per event without gaps or doubles (also under concurrency, on each
backend), confirmation before the end, re-issue keeps the number, revoke."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from tests.certificates.conftest import AFTER, DURING, cert_event, configure
from tests.conftest import make_attendee, make_user
from workshop.certificates import services
from workshop.certificates.models import Certificate
from workshop.events.models import Event
from workshop.extensions import db


def test_numbers_are_sequential_and_formatted(setup):
    issued = services.issue_due(setup["event"], now=AFTER)
    assert [c.seq for c in issued] == [1, 2, 3]
    assert [c.number for c in issued] == [
        "001/BINTEK-KLA/Bappeda/XI/2026",
        "002/BINTEK-KLA/Bappeda/XI/2026",
        "003/BINTEK-KLA/Bappeda/XI/2026",
    ]
    assert {c.attendee_id for c in issued} == {setup["ani"].id, setup["budi"].id, setup["speaker"].id}
    codes = {c.code for c in issued}
    assert len(codes) == 3 and all(len(code) == 16 for code in codes)
    assert services.issue_due(setup["event"], now=AFTER) == []  # nothing due twice


def test_issuing_before_the_last_session_ends_needs_force(setup):
    with pytest.raises(services.IssueTooEarly):
        services.issue_due(setup["event"], now=DURING)
    assert services.issued(setup["event"]) == []
    assert len(services.issue_due(setup["event"], now=DURING, force=True)) == 3


def test_reissue_keeps_number_and_code_with_corrected_data(setup):
    ani = setup["ani"]
    certificate = next(c for c in services.issue_due(setup["event"], now=AFTER) if c.attendee_id == ani.id)
    number, code = certificate.number, certificate.code
    ani.full_name = "Ani Suryani, S.Sos., M.Si."
    db.session.flush()
    services.reissue(setup["event"], certificate)
    assert (certificate.number, certificate.code) == (number, code)
    assert certificate.data["name"] == "Ani Suryani, S.Sos., M.Si." and certificate.reissued_at is not None


def test_revoke_needs_a_reason_and_reissue_makes_it_valid_again(setup):
    certificate = services.issue_due(setup["event"], now=AFTER)[0]
    with pytest.raises(services.CertificateError):
        services.revoke(certificate, " ")
    services.revoke(certificate, "Salah orang")
    assert certificate.status == "revoked" and certificate.revoke_reason == "Salah orang"
    services.reissue(setup["event"], certificate)
    assert certificate.is_valid and certificate.seq == 1


@pytest.mark.parametrize(
    "number_format, message",
    [
        ("{code}/{year}", "{seq}"),
        ("{seq}/{nama}", "Unknown field"),
        ("{seq.__class__}", "Unknown field"),
        ("{seq}/{code", "unmatched"),
        ("{seq:xyz}", "cannot be used"),
    ],
)
def test_bad_number_formats_are_refused(setup, number_format, message):
    with pytest.raises(services.CertificateError, match=message):
        configure(setup["event"], number_format=number_format)


def test_concurrent_issuing_gives_unique_gap_free_numbers(app):
    """Eight organisers press "issue" at the same moment while people are still being added:
    every certificate has its own number, numbers run 1..n without a gap."""
    with app.app_context():
        organiser = make_user("panitia@serang.go.id")
        event = cert_event(organiser)
        configure(event)
        for i in range(30):
            make_attendee(
                event,
                full_name=f"Peserta Nomor {chr(65 + i % 26)}{chr(65 + i // 26)}",
                nip=None,
                category="non-ASN",
                golongan=None,
                phone=f"0812-5555-{i:04d}",
                email="",
            )
        db.session.commit()
        event_id = event.id

    errors, counts = [], []
    barrier = threading.Barrier(8)

    def organiser_presses_issue(index):
        try:
            with app.app_context():
                if index % 2:
                    event = db.session.get(Event, event_id)
                    make_attendee(
                        event,
                        full_name=f"Tambahan {chr(65 + index)}",
                        nip=None,
                        category="non-ASN",
                        golongan=None,
                        phone=f"0813-7777-{index:04d}",
                        email="",
                    )
                    db.session.commit()
                barrier.wait(timeout=30)
                event = db.session.get(Event, event_id)
                counts.append(len(services.issue_due(event, force=True)))
                db.session.commit()
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=organiser_presses_issue, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with app.app_context():
        rows = db.session.execute(
            select(Certificate.seq, Certificate.attendee_id).where(Certificate.event_id == event_id)
        ).all()
    seqs = sorted(seq for seq, _ in rows)
    assert seqs == list(range(1, 35)) and sum(counts) == 34
    assert len({attendee for _, attendee in rows}) == 34


def test_issuing_is_announced_with_the_new_certificates(setup):
    from workshop.core import signals

    heard = []

    def listener(sender, *, certificates, **_):
        heard.append((sender.id, sorted(c.seq for c in certificates)))

    signals.certificate_issued.connect(listener)
    try:
        services.issue_due(setup["event"], now=AFTER)
        services.issue_due(setup["event"], now=AFTER)  # nothing due: nothing announced
    finally:
        signals.certificate_issued.disconnect(listener)
    assert heard == [(setup["event"].id, [1, 2, 3])]
