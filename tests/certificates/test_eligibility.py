"""Who is eligible, and why: sessions that require check-in and apply to the person."""

from workshop.certificates import services
from workshop.extensions import db


def _standing(setup, name):
    return next(e for e in services.eligibility(setup["event"]) if e.attendee.id == setup[name].id)


def test_share_counts_only_sessions_that_require_checkin_and_apply(setup):
    ani, budi, citra = (_standing(setup, n) for n in ("ani", "budi", "citra"))
    # Ani is in group A: five plenary sessions and her group's breakout; the opening needs no check-in.
    assert (ani.attended, ani.total) == (6, 6)
    # Budi is in group B: the breakout of group A does not count for him.
    assert (budi.attended, budi.total) == (4, 5)
    assert budi.eligible and "4 of 5 sessions" in budi.reason
    assert (citra.attended, citra.total) == (2, 5)
    assert not citra.eligible and "2 of 5 sessions" in citra.reason and "80%" in citra.reason


def test_a_breakout_counts_only_for_its_group(setup):
    ani = setup["ani"]
    # Ani misses her breakout: 5 of 6 (83%) is still enough; had Budi attended it, it would not count.
    from sqlalchemy import delete

    from workshop.checkin.models import CheckIn

    db.session.execute(
        delete(CheckIn).where(
            CheckIn.attendee_id == ani.id, CheckIn.agenda_session_id == setup["breakout"].id
        )
    )
    from tests.certificates.conftest import attend

    attend(setup["budi"], setup["breakout"])
    standing = _standing(setup, "ani")
    assert (standing.attended, standing.total) == (5, 6)
    budi = _standing(setup, "budi")
    assert (budi.attended, budi.total) == (4, 5)


def test_role_thresholds_differ(setup):
    speaker = _standing(setup, "speaker")
    assert speaker.required == 0 and speaker.eligible
    from tests.certificates.conftest import configure

    configure(setup["event"], role_shares={"peserta": 80})
    speaker = _standing(setup, "speaker")
    assert not speaker.eligible and speaker.required is None


def test_below_threshold_no_certificate_until_granted_with_reason(setup, ctx):
    event, citra = setup["event"], setup["citra"]
    issued = services.issue_due(
        event, now=__import__("tests.certificates.conftest", fromlist=["AFTER"]).AFTER
    )
    assert citra.id not in {c.attendee_id for c in issued}
    import pytest

    with pytest.raises(services.CertificateError, match="reason"):
        services.decide(event, citra, "grant", "")
    services.decide(
        event, citra, "grant", "Sakit hari kedua, surat dokter ada", user_id=setup["organiser"].id
    )
    standing = _standing(setup, "citra")
    assert standing.eligible and "Sakit hari kedua" in standing.reason
    more = services.issue_due(event, force=True)
    assert [c.attendee_id for c in more] == [citra.id]
    assert more[0].seq == len(issued) + 1


def test_deny_by_hand_wins_over_attendance(setup):
    services.decide(setup["event"], setup["ani"], "deny", "Data tidak sesuai")
    standing = _standing(setup, "ani")
    assert not standing.eligible and "Data tidak sesuai" in standing.reason
    services.decide(setup["event"], setup["ani"], None, "")
    assert _standing(setup, "ani").eligible
