"""A participant answers the pre-test on a 360 px phone: an answer given offline is kept on the
phone and reaches the server once the network returns, once."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import func, select

from workshop.extensions import db


def setup_test(app):
    from tests.evaluations.conftest import evaluation, evaluation_event
    from workshop.evaluations import services
    from workshop.registration.services import accept_consent

    with app.app_context():
        event, people = evaluation_event()
        accept_consent(people[0])
        pre = evaluation(event, "pretest")
        services.set_state(pre, "open")
        db.session.commit()
        return people[0].ticket_code, pre.id, [(q.id, q.correct) for q in services.bank(event)]


def answers(app):
    from workshop.evaluations.models import TestAnswer

    with app.app_context():
        return db.session.execute(select(TestAnswer.question_id, TestAnswer.choice)).all()


def attempts(app) -> int:
    from workshop.evaluations.models import Attempt

    with app.app_context():
        return db.session.scalar(select(func.count(Attempt.id)))


def test_an_offline_answer_reaches_the_server_once_after_reconnecting(live_server, phone):
    app, base, page = live_server.app, live_server.url, phone
    code, pre_id, bank = setup_test(app)
    page.goto(f"{base}/t/{code}")
    page.locator(".evaluation-open", has_text="Pre-test").click()
    page.locator("#evaluation-start").click()
    expect(page.locator(".evaluation-question")).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # fits a 360 px phone

    first, second = bank[0], bank[1]
    page.locator(f"input[name=q{first[0]}][value='{first[1]}']").check()
    expect(page.locator("#save-state")).to_have_attribute("data-state", "saved")
    assert answers(app) == [(first[0], first[1])]

    page.context.set_offline(True)
    page.locator(f"input[name=q{second[0]}][value='{second[1]}']").check()
    expect(page.locator("#save-state")).to_have_attribute("data-state", "pending")
    assert len(answers(app)) == 1  # kept on the phone only

    page.context.set_offline(False)
    expect(page.locator("#save-state")).to_have_attribute("data-state", "saved", timeout=15_000)
    assert sorted(answers(app)) == sorted([first, second])
    # A reload sends nothing twice (the queue is empty) and shows the answers given.
    page.reload()
    expect(page.locator(f"input[name=q{second[0]}][value='{second[1]}']")).to_be_checked()
    page.wait_for_timeout(500)
    assert len(answers(app)) == 2 and attempts(app) == 1
    page.locator("#evaluation-submit").click()
    expect(page.locator("#evaluations")).to_contain_text("terkirim")
    assert [e for e in phone.console_errors if "ERR_INTERNET_DISCONNECTED" not in e] == []
