"""Evaluation rules against the database: windows, one attempt, answers once, shuffling, scores,
anonymity, certificate requirements."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, inspect, select

from tests.evaluations.conftest import AFTER, BEFORE, SECRET, evaluation, evaluation_event
from workshop.evaluations import services
from workshop.evaluations.models import Attempt, FormAnswer, FormResponse, TestAnswer
from workshop.events.models import Event
from workshop.extensions import db


def test_the_event_gets_its_evaluations(scene):
    event, _people = scene
    kinds = [e.kind for e in services.evaluations_of(event)]
    assert kinds == ["pretest", "session", "session", "organisation", "posttest"]
    organisation = evaluation(event, "organisation")
    assert [services.question_text(q) for q in organisation.questions][-1] == "Saran untuk penyelenggaraan"
    assert organisation.is_anonymous
    # Asking again adds nothing.
    assert len(services.ensure_evaluations(event)) == 5


def test_windows_follow_the_agenda(scene):
    event, (person, *_rest) = scene
    pre, post = evaluation(event, "pretest"), evaluation(event, "posttest")
    assert services.is_open(pre, BEFORE) and not services.is_open(post, BEFORE)
    assert services.is_open(post, AFTER) and not services.is_open(pre, AFTER)
    assert [i.title for i in services.open_for(person, BEFORE)] == ["Pre-test"]
    titles = [i.title for i in services.open_for(person, AFTER)]
    assert "Post-test" in titles and "Evaluasi penyelenggaraan" in titles
    services.set_state(post, "closed")
    assert not services.is_open(post, AFTER)
    services.set_state(pre, "open")
    assert services.is_open(pre, AFTER)


def test_a_test_without_questions_is_not_offered(ctx):
    event, (person, *_rest) = evaluation_event(with_bank=False)
    assert services.open_for(person, BEFORE) == []


def test_speakers_answer_nothing(scene):
    event, _people = scene
    speaker = evaluation(event, "session").agenda_session.speakers[0]
    assert services.open_for(speaker, AFTER) == []
    with pytest.raises(services.EvaluationError):
        services.start_attempt(evaluation(event, "posttest"), speaker, AFTER)


def test_answers_are_saved_once_per_question_and_scored(scene):
    event, (a, b, c) = scene
    pre = evaluation(event, "pretest")
    bank = services.bank(event)
    services.answer_test(pre, a, bank[0].id, 0, BEFORE)  # right
    services.answer_test(pre, a, bank[0].id, 0, BEFORE)  # the same answer sent again (offline queue)
    services.answer_test(pre, a, bank[1].id, 0, BEFORE)  # wrong…
    services.answer_test(pre, a, bank[1].id, 2, BEFORE)  # …changed to right
    services.answer_test(pre, b, bank[2].id, 1, BEFORE)  # wrong
    assert db.session.scalar(select(func.count(TestAnswer.id))) == 3
    assert services.scores(pre) == {a.id: 2, b.id: 0}
    services.submit_attempt(pre, a, BEFORE)
    with pytest.raises(services.EvaluationError, match="sudah mengirim tes"):
        services.answer_test(pre, a, bank[2].id, 0, BEFORE)
    # The bank cannot change once answered.
    with pytest.raises(services.EvaluationError):
        services.add_question(event, "Baru?", ["a", "b"], 0)


def test_option_order_is_shuffled_per_person_and_stable(scene):
    event, people = scene
    pre = evaluation(event, "pretest")
    question = services.bank(event)[0]
    orders = []
    for person in people:
        attempt = services.start_attempt(pre, person, BEFORE)
        order = services.option_order(attempt, question)
        assert sorted(order) == [0, 1, 2, 3]
        assert services.option_order(attempt, question) == order  # the same on every page load
        orders.append(tuple(order))
    # Deterministic from the seed: a known seed gives a known order.
    attempt = services.attempt_of(pre, people[0])
    attempt.seed = "fixed"
    assert services.option_order(attempt, question) == services.option_order(attempt, question)


def test_time_limit(scene):
    from datetime import timedelta

    event, (a, *_rest) = scene
    pre = evaluation(event, "pretest")
    services.save_settings(pre, {"time_limit_minutes": 10})
    question = services.bank(event)[0]
    services.answer_test(pre, a, question.id, 0, BEFORE)
    late = BEFORE + timedelta(minutes=10) + services.TIME_LIMIT_GRACE + timedelta(seconds=1)
    with pytest.raises(services.EvaluationError, match="habis"):
        services.answer_test(pre, a, question.id, 1, late)
    assert services.is_done(pre, a) is False or services.is_time_up(pre, services.attempt_of(pre, a))


def _fresh_event(app):
    with app.app_context():
        event, people = evaluation_event()
        db.session.commit()
        return event.id, people[0].id


def _concurrently(app, count, action):
    errors, barrier = [], threading.Barrier(count)

    def run():
        try:
            barrier.wait(timeout=20)
            with app.app_context():
                action()
                db.session.commit()
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_concurrent_submits_make_one_attempt_and_one_answer(app):
    from workshop.attendees.models import Attendee

    event_id, person_id = _fresh_event(app)

    def submit():
        event = db.session.get(Event, event_id)
        person = db.session.get(Attendee, person_id)
        pre = evaluation(event, "pretest")
        services.answer_test(pre, person, services.bank(event)[0].id, 0, BEFORE)

    assert _concurrently(app, 12, submit) == []
    with app.app_context():
        assert db.session.scalar(select(func.count(Attempt.id))) == 1
        assert db.session.scalar(select(func.count(TestAnswer.id))) == 1


def test_concurrent_form_answers_make_one_response(app):
    from workshop.attendees.models import Attendee

    event_id, person_id = _fresh_event(app)

    def answer():
        event = db.session.get(Event, event_id)
        person = db.session.get(Attendee, person_id)
        form = evaluation(event, "organisation")
        services.answer_form(form, person, form.questions[0].id, 4, secret=SECRET, now=AFTER)

    assert _concurrently(app, 12, answer) == []
    with app.app_context():
        assert db.session.scalar(select(func.count(FormResponse.id))) == 1
        assert db.session.scalar(select(func.count(FormAnswer.id))) == 1


def test_anonymous_responses_cannot_be_linked_to_a_person(scene):
    event, people = scene
    form = evaluation(event, "organisation")
    for n, person in enumerate(people):
        services.answer_form(form, person, form.questions[0].id, 3 + n % 3, secret=SECRET, now=AFTER)
        services.answer_form(
            form, person, form.questions[-1].id, text="AC kurang dingin", secret=SECRET, now=AFTER
        )
        services.submit_response(form, person, SECRET)
    # Every column of every response and answer row: no attendee id, nothing derived from one
    # without the secret, no time that could be set beside the check-ins.
    response_columns = {c.key for c in inspect(FormResponse).columns}
    assert response_columns == {"id", "evaluation_id", "respondent_token", "attendee_id", "is_submitted"}
    rows = db.session.execute(select(FormResponse)).scalars().all()
    assert len(rows) == 3 and all(r.attendee_id is None for r in rows)
    people_values = {
        str(v) for p in people for v in (p.id, p.ticket_code, p.nip, p.phone, p.email, p.full_name)
    }
    for row in rows:
        assert row.respondent_token not in people_values
        for person in people:  # a plain hash of the id cannot find it either
            import hashlib

            for guess in (
                f"{person.id}",
                f"{person.id}:{form.id}",
                f"evaluation-respondent:{person.id}:{form.id}",
            ):
                assert hashlib.sha256(guess.encode()).hexdigest() != row.respondent_token
    # The token still stops a second response.
    with pytest.raises(services.EvaluationError, match="sudah mengirim evaluasi"):
        services.answer_form(form, people[0], form.questions[0].id, 1, secret=SECRET, now=AFTER)
    assert services.form_result(form).responses == 3


def test_named_evaluation_keeps_the_person(scene):
    event, (a, *_rest) = scene
    form = evaluation(event, "session")
    services.save_settings(
        form,
        {"is_anonymous": False},
        now=services.auto_window(form, services.sessions_of(event))[0].replace(year=2025),
    )
    services.answer_form(form, a, form.questions[0].id, 5, secret=SECRET, now=AFTER)
    assert db.session.execute(select(FormResponse.attendee_id)).scalar_one() == a.id
    # Answered: anonymity can no longer change.
    with pytest.raises(services.EvaluationError):
        services.save_settings(form, {"is_anonymous": True}, now=AFTER)


def test_results_and_form_figures(scene):
    event, (a, b, c) = scene
    pre, post = evaluation(event, "pretest"), evaluation(event, "posttest")
    bank = services.bank(event)
    for person, pre_right, post_right in ((a, 1, 3), (b, 3, 3), (c, 2, 1)):
        for n, question in enumerate(bank):
            services.answer_test(
                pre,
                person,
                question.id,
                question.correct if n < pre_right else (question.correct + 1) % 4,
                BEFORE,
            )
            services.answer_test(
                post,
                person,
                question.id,
                question.correct if n < post_right else (question.correct + 1) % 4,
                AFTER,
            )
    form = evaluation(event, "session")
    for person, value in ((a, 4), (b, 5)):
        services.answer_form(form, person, form.questions[0].id, value, secret=SECRET, now=AFTER)
    result = services.results(event)
    tests = result["tests"]
    assert tests["max"] == 3 and tests["pre"] == {"count": 3, "mean": 2.0} and tests["post"]["mean"] == 2.33
    # Means 2 -> 7/3: g = (7/3 - 2) / (3 - 2) = 0.333; b started at the maximum (excluded).
    assert tests["class_gain"] == pytest.approx(0.333)
    assert (tests["improved"], tests["same"], tests["declined"], tests["excluded_pre_at_max"]) == (1, 1, 1, 1)
    session = next(r for r in result["evaluations"] if r["kind"] == "session")
    assert session["count"] == 2 and session["questions"][0] == {
        "question": "Penguasaan materi",
        "count": 2,
        "mean": 4.5,
    }


def test_post_test_required_for_certificate(scene):
    event, (a, b, c) = scene
    post = evaluation(event, "posttest")
    assert services.certificate_requirements(event, [a, b, c]) == {}
    services.save_settings(post, {"required_for_certificate": True, "min_score": 60})
    bank = services.bank(event)
    for question in bank:
        services.answer_test(post, a, question.id, question.correct, AFTER)
    services.answer_test(post, b, bank[0].id, bank[0].correct, AFTER)
    reasons = services.certificate_requirements(event, [a, b, c])
    assert set(reasons) == {b.id, c.id}
    assert "33%" in reasons[b.id]


def test_import_rows(scene):
    event, _people = scene
    db.session.execute(db.delete(TestAnswer))
    with pytest.raises(services.EvaluationError, match="Baris 3"):
        services.import_rows(event, [["Q1?", "a", "x", "y"], ["Q2?", "G", "x", "y"]])
    assert services.import_rows(event, [["Q1?", "b", "x", "y", "z"], [None, None]]) == 1
    assert services.bank(event)[-1].correct == 1
