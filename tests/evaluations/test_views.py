"""The participant's and the organiser's pages, the CLI, the export, the report, certificates and
the purge, through the app."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.conftest import log_in
from tests.evaluations.conftest import AFTER, evaluation, evaluation_event
from workshop.core import signals
from workshop.evaluations import services
from workshop.evaluations.models import Attempt, FormAnswer, FormResponse, TestAnswer
from workshop.events.models import Event
from workshop.extensions import db
from workshop.registration.services import accept_consent


@pytest.fixture
def scene(app):
    """The event with the pre-test and the organisation's form opened by hand; ids only."""
    with app.app_context():
        event, people = evaluation_event()
        for person in people:
            accept_consent(person)
        services.set_state(evaluation(event, "pretest"), "open")
        services.set_state(evaluation(event, "organisation"), "open")
        other, other_people = evaluation_event(slug="kla-lebak")
        accept_consent(other_people[0])
        services.set_state(evaluation(other, "pretest"), "open")
        db.session.commit()
        from workshop.events.models import Membership

        organiser_id = db.session.execute(
            select(Membership.user_id).where(Membership.event_id == event.id, Membership.role == "organiser")
        ).scalar_one()
        return {
            "slug": event.slug,
            "tickets": [p.ticket_code for p in people],
            "other_ticket": other_people[0].ticket_code,
            "pre": evaluation(event, "pretest").id,
            "other_pre": evaluation(other, "pretest").id,
            "organisation": evaluation(event, "organisation").id,
            "organisation_questions": [q.id for q in evaluation(event, "organisation").questions],
            "bank": [(q.id, q.correct) for q in services.bank(event)],
            "organiser": organiser_id,
        }


def _post_json(client, url, body):
    return client.post(url, json=body, headers={"X-CSRFToken": client.csrf_token()})


def test_ticket_page_lists_what_is_open(client, scene):
    page = client.get(f"/t/{scene['tickets'][0]}").get_data(as_text=True)
    assert 'id="evaluations"' in page
    assert "Pre-test" in page and "Evaluasi penyelenggaraan" in page


def test_answers_saved_once_then_sent(client, app, scene):
    code = scene["tickets"][0]
    base = f"/t/{code}/evaluations/{scene['pre']}"
    assert client.post_form(base + "/start").status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert page.count('type="radio"') == 12
    (q1, right1), (q2, right2), _q3 = scene["bank"]
    for _ in range(3):  # the offline queue may send the same answer again
        response = _post_json(client, base + "/answers", {"question": q1, "choice": right1})
        assert response.get_json() == {"status": "ok"}
    assert _post_json(client, base + "/answers", {"question": q2, "choice": 9}).status_code == 400
    assert _post_json(client, base + "/answers", {"question": "x"}).status_code == 400
    response = client.post_form(base + "/submit", {f"q{q2}": str(right2)})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(TestAnswer.id))) == 2
        assert db.session.scalar(select(func.count(Attempt.id))) == 1
        assert services.scores(db.session.get(Attempt, 1).evaluation) == {
            db.session.get(Attempt, 1).attendee_id: 2
        }
    # Sent: no more answers.
    refused = _post_json(client, base + "/answers", {"question": q1, "choice": right1})
    assert refused.status_code == 409 and refused.get_json()["status"] == "submitted"
    assert "Pre-test" in client.get(f"/t/{code}").get_data(as_text=True)


def test_another_events_evaluation_through_a_ticket_is_not_found(client, scene):
    assert client.get(f"/t/{scene['tickets'][0]}/evaluations/{scene['other_pre']}").status_code == 404
    assert client.get(f"/t/{scene['other_ticket']}/evaluations/{scene['pre']}").status_code == 404
    response = _post_json(
        client, f"/t/{scene['other_ticket']}/evaluations/{scene['pre']}/answers", {"question": 1, "choice": 0}
    )
    assert response.status_code == 404


def test_form_tells_it_is_anonymous_and_keeps_no_name(client, app, scene):
    code = scene["tickets"][1]
    base = f"/t/{code}/evaluations/{scene['organisation']}"
    page = client.get(base).get_data(as_text=True)
    assert 'id="evaluation-privacy"' in page and "anonim" in page
    first, *_rest, comment = scene["organisation_questions"]
    assert _post_json(client, base + "/answers", {"question": first, "value": 5}).status_code == 200
    assert (
        _post_json(client, base + "/answers", {"question": comment, "text": "Konsumsi enak"}).status_code
        == 200
    )
    assert client.post_form(base + "/submit").status_code == 302
    with app.app_context():
        assert db.session.execute(select(FormResponse.attendee_id)).scalar_one() is None
        assert db.session.scalar(select(func.count(FormAnswer.id))) == 2


def test_organiser_pages_results_and_export(client, app, scene, runner):
    code = scene["tickets"][0]
    base = f"/t/{code}/evaluations/{scene['organisation']}"
    _post_json(client, base + "/answers", {"question": scene["organisation_questions"][0], "value": 4})
    organiser = log_in(app.test_client(), scene["organiser"])
    slug = scene["slug"]
    overview = organiser.get(f"/manage/events/{slug}/evaluations").get_data(as_text=True)
    assert "Evaluasi penyelenggaraan" in overview
    page = organiser.get(f"/manage/events/{slug}/evaluations/results")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<svg" in text and "Perbandingan" in text or "<svg" in text
    assert "4,00" in text or "4.00" in text
    export = organiser.get(f"/manage/events/{slug}/documents/export/evaluations")
    assert export.status_code == 200
    book = load_workbook(io.BytesIO(export.data))
    assert {"Ringkasan", "Evaluasi"} <= set(book.sheetnames)
    result = runner.invoke(args=["evaluations", "results", slug, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["tests"]["max"] == 3
    organisation = next(r for r in data["evaluations"] if r["kind"] == "organisation")
    assert organisation["count"] == 1 and organisation["questions"][0]["mean"] == 4.0


def test_organiser_adds_and_imports_questions(app, scene):
    from openpyxl import Workbook

    organiser = log_in(app.test_client(), scene["organiser"])
    url = f"/manage/events/{scene['slug']}/evaluations/questions"
    response = organiser.post_form(
        url, {"text": "Hak anak ada berapa?", "option_a": "31", "option_b": "10", "correct": "A"}
    )
    assert response.status_code == 302
    refused = organiser.post_form(url, {"text": "Soal?", "option_a": "1", "correct": "B"})
    assert refused.status_code == 422
    book = Workbook()
    book.active.append(["Soal", "Kunci", "A", "B", "C"])
    book.active.append(["=CMD()", "C", "x", "y", "z"])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    response = organiser.post_form(
        url + "/import", {"file": (data, "soal.xlsx")}, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == scene["slug"])).scalar_one()
        bank = services.bank(event)
        assert len(bank) == 5 and bank[-1].correct == 2


def test_post_test_required_for_a_certificate(app, scene):
    from workshop.certificates import services as certificates

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == scene["slug"])).scalar_one()
        before = {
            e.attendee.full_name: e.eligible
            for e in certificates.eligibility(event)
            if e.attendee.role == "peserta"
        }
        post = evaluation(event, "posttest")
        services.save_settings(post, {"required_for_certificate": True})
        services.set_state(post, "open")
        person = next(a for a in (e.attendee for e in certificates.eligibility(event)) if a.role == "peserta")
        services.answer_test(post, person, scene["bank"][0][0], 0, AFTER)
        rows = {
            e.attendee.full_name: e for e in certificates.eligibility(event) if e.attendee.role == "peserta"
        }
        # Nobody checked in to any session: eligibility by attendance alone would be False anyway
        # unless no session requires check-in; compare the reason instead.
        for name, row in rows.items():
            if name == person.full_name:
                assert "post-test" not in row.reason
            else:
                assert not row.eligible
                assert "post-test" in row.reason or not before[name]


def test_purge_and_erasure_delete_answers(app, scene):
    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == scene["slug"])).scalar_one()
        people = [a for a in services.evaluations_of(event)[0].event_id and []]
        from workshop.attendees.services import get_by_ticket

        people = [get_by_ticket(code) for code in scene["tickets"]]
        pre, form = evaluation(event, "pretest"), evaluation(event, "organisation")
        services.set_state(form, "open")
        services.save_settings(form, {}, None)
        for person in people:
            services.answer_test(pre, person, scene["bank"][0][0], 0)
        form.is_anonymous = False
        services.answer_form(form, people[0], form.questions[0].id, 3)
        db.session.commit()
        report = signals.reports(signals.attendee_erased, event, attendee=people[0])
        assert report["evaluations"]["test attempts"] == 1
        assert report["evaluations"]["evaluation responses"] == 1
        assert db.session.scalar(select(func.count(Attempt.id))) == 2
        counted = signals.reports(signals.event_purged, event, dry_run=True)["evaluations"]
        assert counted["test attempts"] == 2 and db.session.scalar(select(func.count(Attempt.id))) == 2
        signals.reports(signals.event_purged, event, dry_run=False)
        assert db.session.scalar(select(func.count(Attempt.id))) == 0
        assert db.session.scalar(select(func.count(TestAnswer.id))) == 0


def test_scan_to_evaluate_poster_and_screen(app, scene):
    import pypdfium2
    import zxingcpp

    organiser = log_in(app.test_client(), scene["organiser"])
    response = organiser.get(f"/manage/events/{scene['slug']}/documents/export/evaluations-poster")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    page = pypdfium2.PdfDocument(response.data)[0]
    assert "PINDAI UNTUK EVALUASI" in page.get_textpage().get_text_range()
    codes = [r.text for r in zxingcpp.read_barcodes(page.render(scale=2).to_pil())]
    assert codes and codes[0].endswith(f"/e/{scene['slug']}/evaluate")
    screen = organiser.get(f"/manage/events/{scene['slug']}/evaluations/poster").get_data(as_text=True)
    assert "<svg" in screen
    # The poster's QR opens the phone's remembered ticket.
    phone = app.test_client()
    phone.set_cookie("bintek_ticket", scene["tickets"][0])
    assert (
        phone.get(f"/e/{scene['slug']}/evaluate").headers["Location"].startswith(f"/t/{scene['tickets'][0]}")
    )
