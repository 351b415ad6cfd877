"""Evaluation pages. The participant's side lives under their ticket link (the ticket code is the
key, as on the ticket page): the test or form page, a JSON endpoint that saves one answer at a
time (sent again by the offline queue: idempotent per question), and "send". The organiser's side
lives under /manage/events/<slug>/evaluations: the evaluations and when they open, the question
bank (with an .xlsx import), settings, results with charts, the speaker's results link."""

from __future__ import annotations

from functools import partial

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from workshop.attendees import services as attendee_services
from workshop.attendees.models import Attendee
from workshop.core.audit import acting_as
from workshop.core.db import MAX_DB_INT
from workshop.core.qr import qr_svg
from workshop.core.tokens import hash_token
from workshop.core.web import or_404, posted, save_form
from workshop.evaluations import bp, forms, services
from workshop.evaluations.models import FORM_KINDS, Evaluation, Kind
from workshop.events.access import event_member_required
from workshop.events.models import Event
from workshop.extensions import db, limiter

# ---- the participant ---------------------------------------------------------------------------


def ticket_limit_key() -> str:
    """One ticket, whoever sends (hashed: no ticket code reaches the limiter's storage)."""
    return "evaluation:" + hash_token((request.view_args or {}).get("code", ""))[:32]


bp.add_app_template_global(services.question_text, "question_text")


@bp.app_template_global()
def ticket_evaluations(attendee: Attendee) -> list[services.OpenItem]:
    """What the ticket page lists under "Evaluations" now."""
    return services.open_for(attendee)


def _attendee_and_evaluation(code: str, evaluation_id: int) -> tuple[Attendee, Evaluation]:
    attendee = attendee_services.get_by_ticket(code)
    if attendee is None or not attendee.is_active:
        abort(404)
    if attendee.consent_at is None:  # the ticket page asks for it first
        abort(redirect(url_for("registration.ticket", code=code)))
    event = db.session.get(Event, attendee.event_id)
    evaluation = services.get_evaluation(event, evaluation_id)
    if evaluation is None or not services.may_answer(evaluation, attendee):
        abort(404)
    return attendee, evaluation


@bp.route("/t/<code>/evaluations/<int:evaluation_id>")
def answer_page(code: str, evaluation_id: int):
    attendee, evaluation = _attendee_and_evaluation(code, evaluation_id)
    event = db.session.get(Event, attendee.event_id)
    context = dict(
        attendee=attendee,
        event=event,
        evaluation=evaluation,
        title=services.title(evaluation),
        is_open=services.is_open(evaluation),
        done=services.is_done(evaluation, attendee),
        form=forms.ActionForm(),
        likert=services.LIKERT_LABELS,
    )
    if evaluation.is_test:
        attempt = services.attempt_of(evaluation, attendee)
        questions = services.bank(event)
        context.update(
            attempt=attempt,
            questions=[(q, services.option_order(attempt, q)) for q in questions] if attempt else [],
            count=len(questions),
            answers=services.answers_of(attempt) if attempt else {},
            deadline=services.deadline(evaluation, attempt) if attempt else None,
        )
    else:
        response = services.response_of(evaluation, attendee)
        context.update(answers=services.form_answers_of(response) if response else {})
    return render_template("evaluations/answer.html", **context)


@bp.route("/t/<code>/evaluations/<int:evaluation_id>/start", methods=["POST"])
def start(code: str, evaluation_id: int):
    attendee, evaluation = _attendee_and_evaluation(code, evaluation_id)
    if forms.ActionForm().validate_on_submit() and evaluation.is_test:
        try:
            services.start_attempt(evaluation, attendee)
        except services.EvaluationError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
    return redirect(url_for("evaluations.answer_page", code=code, evaluation_id=evaluation.id))


def _int(value) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DB_INT:
        return None
    return value


def _save(evaluation: Evaluation, attendee: Attendee, question_id: int, given) -> None:
    if evaluation.is_test:
        services.answer_test(evaluation, attendee, question_id, given)
    elif isinstance(given, str):
        services.answer_form(evaluation, attendee, question_id, text=given)
    else:
        services.answer_form(evaluation, attendee, question_id, value=given)


# Answers that can never succeed: the offline queue drops them instead of trying again.
REFUSED_STATUS = {"submitted": 409, "time_up": 409, "closed": 409, "not_allowed": 403}


@bp.route("/t/<code>/evaluations/<int:evaluation_id>/answers", methods=["POST"])
@limiter.limit("240/minute", key_func=ticket_limit_key)
def save_answer(code: str, evaluation_id: int):
    """{"question": id, "choice": i} (a test), {"question": id, "value": 1–5} or {"question": id,
    "text": "…"} (a form) -> {"status": "ok"}. The same answer twice is one row."""
    attendee, evaluation = _attendee_and_evaluation(code, evaluation_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify({"status": "invalid", "error": _("Send a JSON object.")}), 400
    question_id = _int(body.get("question"))
    given = body.get("text") if "text" in body else body.get("choice", body.get("value"))
    if question_id is None or not (isinstance(given, str) or _int(given) is not None):
        return jsonify({"status": "invalid", "error": _("Send a question and an answer.")}), 400
    try:
        with acting_as(f"attendee #{attendee.id} (ticket)"):
            _save(evaluation, attendee, question_id, given)
    except services.EvaluationError as error:
        db.session.rollback()
        return jsonify({"status": error.code, "error": str(error)}), REFUSED_STATUS.get(error.code, 400)
    db.session.commit()
    return jsonify({"status": "ok"})


@bp.route("/t/<code>/evaluations/<int:evaluation_id>/submit", methods=["POST"])
def submit(code: str, evaluation_id: int):
    """Send: the answers in the form (a page without JavaScript), then closed for good."""
    attendee, evaluation = _attendee_and_evaluation(code, evaluation_id)
    back = url_for("evaluations.answer_page", code=code, evaluation_id=evaluation.id)
    if not forms.ActionForm().validate_on_submit():
        return redirect(back)
    try:
        with acting_as(f"attendee #{attendee.id} (ticket)"):
            for name, value in request.form.items():
                if not name.startswith("q") or not name[1:].isdigit() or int(name[1:]) > MAX_DB_INT:
                    continue
                if evaluation.is_test or value.isdigit():
                    if not value.isdigit() or len(value) > 2:
                        continue
                    _save(evaluation, attendee, int(name[1:]), int(value))
                elif value.strip():
                    _save(evaluation, attendee, int(name[1:]), value)
            if evaluation.is_test:
                if services.attempt_of(evaluation, attendee) is None:
                    services.start_attempt(evaluation, attendee)
                services.submit_attempt(evaluation, attendee)
            else:
                services.start_response(evaluation, attendee)
                services.submit_response(evaluation, attendee)
    except services.EvaluationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(back)
    db.session.commit()
    flash(_("Thank you: your answers were sent."), "success")
    return redirect(url_for("registration.ticket", code=code))


# ---- the organiser -----------------------------------------------------------------------------


def _evaluation_or_404(event: Event, evaluation_id: int) -> Evaluation:
    return or_404(services.get_evaluation(event, evaluation_id))


def _settings_url(event: Event, evaluation: Evaluation) -> str:
    return url_for("evaluations.settings", slug=event.slug, evaluation_id=evaluation.id)


def _questions_url(event: Event) -> str:
    return url_for("evaluations.questions", slug=event.slug)


# An organiser's form saved (core.web): an EvaluationError's message goes above the form, after
# what the rule did is rolled back.
_save_form = partial(save_form, refused=services.EvaluationError, rollback=True)


@bp.route("/manage/events/<slug>/evaluations")
@event_member_required("organiser")
def overview(event: Event):
    evaluations = services.evaluations_of(event)
    sessions = services.sessions_of(event)
    rows = [
        dict(
            evaluation=e,
            title=services.title(e),
            window=services.auto_window(e, sessions),
            is_open=services.is_open(e, sessions=sessions),
            answered=services.answered_count(e),
        )
        for e in evaluations
    ]
    return render_template(
        "evaluations/overview.html",
        event=event,
        rows=rows,
        questions=services.question_count_of(event.id),
        form=forms.ActionForm(),
        state_form=forms.StateForm(),
    )


@bp.route("/manage/events/<slug>/evaluations/setup", methods=["POST"])
@event_member_required("organiser")
def setup(event: Event):
    if forms.ActionForm().validate_on_submit():
        services.ensure_evaluations(event)
        db.session.commit()
        flash(_("The evaluations are ready."), "success")
    return redirect(url_for("evaluations.overview", slug=event.slug))


@bp.route("/manage/events/<slug>/evaluations/<int:evaluation_id>/state", methods=["POST"])
@event_member_required("organiser")
def set_state(event: Event, evaluation_id: int):
    evaluation = _evaluation_or_404(event, evaluation_id)
    form = forms.StateForm()
    if form.validate_on_submit():
        services.set_state(evaluation, form.state.data)
        db.session.commit()
        flash(_("Saved."), "success")
    return redirect(url_for("evaluations.overview", slug=event.slug))


@bp.route("/manage/events/<slug>/evaluations/<int:evaluation_id>", methods=["GET", "POST"])
@event_member_required("organiser")
def settings(event: Event, evaluation_id: int):
    evaluation = _evaluation_or_404(event, evaluation_id)
    form = forms.SettingsForm(obj=evaluation)
    if request.method == "GET" and evaluation.kind in FORM_KINDS:
        form.questions.data = "\n".join(
            services.question_text(q) for q in evaluation.questions if not q.is_text
        )
        form.comment.data = next((services.question_text(q) for q in evaluation.questions if q.is_text), "")

    def save():
        services.save_settings(evaluation, form.data)
        if evaluation.kind in FORM_KINDS:
            current = [services.question_text(q) for q in evaluation.questions if not q.is_text]
            comment = next((services.question_text(q) for q in evaluation.questions if q.is_text), "")
            wanted = [t.strip() for t in (form.questions.data or "").splitlines() if t.strip()]
            if wanted != current or (form.comment.data or "").strip() != comment:
                services.edit_form_questions(evaluation, wanted, form.comment.data or "")

    done = _save_form(form, save, _("Saved."), _settings_url(event, evaluation))
    if done:
        return done
    speaker_url = (
        url_for("evaluations.speaker_results", token=evaluation.speaker_token, _external=True)
        if evaluation.speaker_token
        else None
    )
    return render_template(
        "evaluations/settings.html",
        event=event,
        evaluation=evaluation,
        title=services.title(evaluation),
        form=form,
        action_form=forms.ActionForm(),
        can_change_anonymity=services.can_change_anonymity(evaluation),
        speaker_url=speaker_url,
    ), (422 if form.errors or form.form_errors else 200)


@bp.route("/manage/events/<slug>/evaluations/<int:evaluation_id>/speaker-link", methods=["POST"])
@event_member_required("organiser")
def speaker_link(event: Event, evaluation_id: int):
    evaluation = _evaluation_or_404(event, evaluation_id)
    if forms.ActionForm().validate_on_submit() and evaluation.kind == Kind.SESSION.value:
        services.speaker_link_token(evaluation)
        db.session.commit()
    return redirect(_settings_url(event, evaluation))


@bp.route("/evaluations/speaker/<token>")
def speaker_results(token: str):
    """A speaker's own session results: the link is the key (unguessable, made by the organiser)."""
    evaluation = or_404(services.by_speaker_token(token))
    event = db.session.get(Event, evaluation.event_id)
    return render_template(
        "evaluations/speaker.html",
        event=event,
        result=services.form_result(evaluation),
        likert=services.LIKERT,
    )


@bp.route("/manage/events/<slug>/evaluations/questions", methods=["GET", "POST"])
@event_member_required("organiser")
def questions(event: Event):
    form = forms.QuestionForm()
    done = save_form(
        form,
        lambda: services.add_question(event, form.text.data, form.options(), form.correct_index()),
        _("Question added."),
        _questions_url(event),
        refused=services.EvaluationError,
    )
    return done or _questions_page(event, form)


def _questions_page(event: Event, form, import_form=None):
    return render_template(
        "evaluations/questions.html",
        event=event,
        form=form,
        import_form=import_form or forms.ImportForm(),
        action_form=forms.ActionForm(),
        bank=services.bank(event),
        locked=services.bank_is_locked(event),
        letters=forms.LETTERS,
    ), (
        422
        if form.errors
        or form.form_errors
        or (import_form and (import_form.errors or import_form.form_errors))
        else 200
    )


@bp.route("/manage/events/<slug>/evaluations/questions/import", methods=["POST"])
@event_member_required("organiser")
def import_questions(event: Event):
    form = forms.ImportForm()
    done = _save_form(
        form,
        lambda: services.import_rows(event, services.read_question_sheet(form.file.data.stream)),
        lambda added: _("%(n)d questions imported.", n=added),
        _questions_url(event),
    )
    return done or _questions_page(event, forms.QuestionForm(formdata=None), form)


@bp.route("/manage/events/<slug>/evaluations/questions/<int:question_id>", methods=["GET", "POST"])
@event_member_required("organiser")
def edit_question(event: Event, question_id: int):
    question = or_404(services.get_question(event, question_id))
    form = forms.QuestionForm()
    if request.method == "GET":
        form.fill(question)
    done = _save_form(
        form,
        lambda: services.update_question(question, form.text.data, form.options(), form.correct_index()),
        _("Saved."),
        _questions_url(event),
    )
    return done or render_template("evaluations/question.html", event=event, form=form, question=question), (
        422 if form.errors or form.form_errors else 200
    )


@bp.route("/manage/events/<slug>/evaluations/questions/<int:question_id>/delete", methods=["POST"])
@event_member_required("organiser")
def delete_question(event: Event, question_id: int):
    question = or_404(services.get_question(event, question_id))
    posted(
        forms.ActionForm(),
        lambda: services.delete_question(question),
        _("Question deleted."),
        refused=services.EvaluationError,
        rollback=True,
    )
    return redirect(_questions_url(event))


@bp.route("/manage/events/<slug>/evaluations/results")
@event_member_required("organiser")
def results(event: Event):
    forms_results = services.form_results(event)
    by_question = services.question_results(event)
    return render_template(
        "evaluations/results.html",
        event=event,
        tests=services.test_results(event),
        by_question=by_question,
        question_rows=[
            (f"{n}. {row['text']}", row["posttest"]) for n, row in enumerate(by_question, start=1)
        ],
        forms_results=forms_results,
        sessions=[r for r in forms_results if r.evaluation.kind == Kind.SESSION.value],
        likert=services.LIKERT,
    )


@bp.route("/manage/events/<slug>/evaluations/poster")
@event_member_required("organiser", "staff")
def screen(event: Event):
    """The venue screen: "scan to evaluate", a QR of the event's evaluation link."""
    url = url_for("evaluations.evaluate", slug=event.slug, _external=True)
    return render_template(
        "evaluations/screen.html", event=event, url=url, qr=qr_svg(url, label=_("Scan to evaluate"))
    )


@bp.route("/e/<slug>/evaluate")
def evaluate(slug: str):
    """What the poster's QR opens: this phone's ticket (remembered by the ticket page), where the
    open evaluations are listed; without one, how to open it."""
    event = or_404(db.session.execute(db.select(Event).where(Event.slug == slug)).scalar_one_or_none())
    attendee = attendee_services.get_by_ticket(request.cookies.get(current_app.config["TICKET_COOKIE"], ""))
    if attendee is not None and attendee.event_id == event.id:
        return redirect(url_for("registration.ticket", code=attendee.ticket_code) + "#evaluations")
    return render_template("evaluations/evaluate.html", event=event)
