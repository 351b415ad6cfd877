"""The demo event's pre-test and post-test show a realistic gain (most improve, not everyone) and
its first day's speaker sessions and the organisation are evaluated; the report shows them with
charts; seeding twice changes nothing."""

from __future__ import annotations

from datetime import date

import pypdfium2
from sqlalchemy import func, select

from workshop.demo import seed_demo
from workshop.demo.evaluations import seed_evaluations
from workshop.evaluations import services
from workshop.evaluations.models import Attempt, FormResponse


def test_demo_tests_and_evaluations(ctx):
    event, _ = seed_demo(today=date(2026, 11, 18))
    results = services.results(event)
    tests = results["tests"]
    assert tests["max"] == 10
    assert tests["pre"]["count"] >= 30 and tests["post"]["count"] >= 30
    assert 0.2 < tests["class_gain"] < 0.8
    assert tests["improved"] > tests["declined"] > 0 or tests["same"] > 0
    assert tests["improved"] < tests["paired"]  # not everyone improves
    sessions = [r for r in results["evaluations"] if r["kind"] == "session" and r["count"]]
    assert sessions and all(3 <= r["mean"] <= 5 for r in sessions)
    organisation = next(r for r in results["evaluations"] if r["kind"] == "organisation")
    assert organisation["count"] > 10
    # Anonymous by default: no response names a person.
    assert ctx.scalar(select(func.count(FormResponse.id)).where(FormResponse.attendee_id.is_not(None))) == 0
    before = ctx.scalar(select(func.count(Attempt.id)))
    assert seed_evaluations(event) == 0
    assert ctx.scalar(select(func.count(Attempt.id))) == before


def test_demo_report_shows_the_evaluations(ctx):
    from workshop.core import exporters

    event, _ = seed_demo(today=date(2026, 11, 18))
    pdf = exporters.make("report", event, "http://localhost")
    text = "\n".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(pdf))
    assert "Pre-test dan post-test" in text
    assert "Evaluasi narasumber" in text and "Evaluasi penyelenggaraan" in text
    assert "normalized gain" in text
