"""Facilitators saving the same RTL row at the same instant (on each backend): edits to different
fields all land; edits to the same field from the same version leave exactly one winner."""

from __future__ import annotations

import threading
import uuid

from sqlalchemy import func, select

from tests.conftest import make_event, make_user
from workshop.extensions import db
from workshop.groups import services
from workshop.groups.models import Group, GroupRevision, RtlRow

FIELDS = (
    "activity",
    "objective",
    "target",
    "timeline",
    "location",
    "responsible",
    "partners",
    "success_indicator",
)


def _row(app):
    with app.app_context():
        event = make_event(make_user("panitia@serang.go.id"), slug="kla-serang")
        group = services.create_default_groups(event)[0]
        row, _ = services.create_row(group, str(uuid.uuid4()), {"activity": "Awal"})
        db.session.commit()
        return row.id


def _at_once(app, row_id, edits):
    outcomes, errors = [], []
    barrier = threading.Barrier(len(edits))

    def save(values):
        try:
            barrier.wait(timeout=20)
            with app.app_context():
                row = db.session.get(RtlRow, row_id)
                try:
                    services.update_row(row, 1, values)
                    db.session.commit()
                    outcomes.append(("ok", values))
                except services.Conflict:
                    db.session.rollback()
                    outcomes.append(("conflict", values))
                finally:
                    db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=save, args=(values,)) for values in edits]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return outcomes


def test_simultaneous_edits_of_different_fields_all_land(app):
    row_id = _row(app)
    outcomes = _at_once(app, row_id, [{field: f"Isi {field}"} for field in FIELDS])
    assert [o for o, _ in outcomes].count("ok") == len(FIELDS)
    with app.app_context():
        row = db.session.get(RtlRow, row_id)
        assert all(getattr(row, field) == f"Isi {field}" for field in FIELDS)
        assert row.version == 1 + len(FIELDS)
        versions = (
            db.session.execute(
                select(GroupRevision.version).where(
                    GroupRevision.row_id == row_id, GroupRevision.action == "update"
                )
            )
            .scalars()
            .all()
        )
        assert sorted(versions) == list(range(2, 2 + len(FIELDS)))


def test_simultaneous_edits_of_one_field_leave_one_winner(app):
    row_id = _row(app)
    outcomes = _at_once(app, row_id, [{"activity": f"Versi {n}"} for n in range(8)])
    winners = [values["activity"] for outcome, values in outcomes if outcome == "ok"]
    assert len(winners) == 1 and len(outcomes) == 8
    with app.app_context():
        row = db.session.get(RtlRow, row_id)
        assert row.activity == winners[0] and row.version == 2
        assert (
            db.session.execute(
                select(func.count(GroupRevision.id)).where(
                    GroupRevision.row_id == row_id, GroupRevision.action == "update"
                )
            ).scalar_one()
            == 1
        )


def _race(calls: dict) -> dict[str, int]:
    """Start every call at the same instant; their status codes by name."""
    answers: dict[str, int] = {}
    errors: list[str] = []
    barrier = threading.Barrier(len(calls))

    def act(name, call):
        try:
            barrier.wait(timeout=20)
            answers[name] = call().status_code
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=act, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return answers


def test_a_delete_racing_an_edit_of_one_row_never_gives_two_successes(app, groups, api_as):
    """One facilitator deletes a row while another edits it, from the same version, fifteen times:
    exactly one of them wins each time; the other is told 404 (the row is gone) or 409 (it changed),
    and an edit never lands in a deleted row."""
    one, two = api_as(groups.facilitator), api_as(groups.second)
    for attempt in range(15):
        with app.app_context():
            group = db.session.get(Group, groups.group_i)
            row, _ = services.create_row(group, str(uuid.uuid4()), {"activity": f"Baris {attempt}"})
            db.session.commit()
            url = f"/api/rtl/{row.id}"
        answers = _race(
            {
                "edit": lambda url=url: one.patch(url, {"version": 1, "activity": "Diubah"}),
                "delete": lambda url=url: two.delete(url + "?version=1"),
            }
        )
        successes = [name for name, status in answers.items() if status in (200, 204)]
        assert len(successes) == 1, answers
        loser = "edit" if successes == ["delete"] else "delete"
        assert answers[loser] in (404, 409), answers
        with app.app_context():
            stored = db.session.get(RtlRow, int(url.rsplit("/", 1)[1]))
            if successes == ["delete"]:
                assert stored.deleted_at is not None and stored.activity == f"Baris {attempt}"
            else:
                assert stored.deleted_at is None and stored.activity == "Diubah"
