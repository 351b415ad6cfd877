"""Demo evaluations: the pre-test and post-test on the KHA and KLA (ten questions) answered by most
participants, with a realistic gain (most improve, some stay, a few score lower), the evaluations
of the first day's speaker sessions and of the organisation, with a few comments. Rows are
inserted in bulk (one statement per table), like the demo's attendance."""

from __future__ import annotations

import random
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, insert, select

from workshop.agenda.services import local_day
from workshop.attendees import services as attendees
from workshop.attendees.models import Attendee
from workshop.evaluations import services
from workshop.evaluations.models import (
    Attempt,
    Evaluation,
    FormAnswer,
    FormResponse,
    Kind,
    TestAnswer,
)
from workshop.events.models import Event
from workshop.extensions import db

QUESTIONS = [
    (
        "Konvensi Hak Anak (KHA) disahkan oleh Majelis Umum PBB pada tahun …",
        ["1989", "1990", "1979", "2002"],
        0,
    ),
    (
        "Indonesia meratifikasi KHA melalui …",
        [
            "Keputusan Presiden Nomor 36 Tahun 1990",
            "UU Nomor 23 Tahun 2002",
            "UU Nomor 35 Tahun 2014",
            "Perpres 25/2021",
        ],
        0,
    ),
    (
        "Menurut KHA, anak adalah setiap orang yang berusia di bawah …",
        ["18 tahun", "17 tahun", "21 tahun", "16 tahun"],
        0,
    ),
    (
        "Berikut ini yang BUKAN prinsip dasar KHA adalah …",
        [
            "Nondiskriminasi",
            "Kepentingan terbaik bagi anak",
            "Penghargaan terhadap pendapat anak",
            "Kepentingan orang tua",
        ],
        3,
    ),
    ("Jumlah klaster hak anak dalam evaluasi KLA adalah …", ["3", "4", "5", "6"], 2),
    ("Jumlah indikator KLA menurut Permen PPPA adalah …", ["10", "24", "31", "17"], 1),
    (
        "Akta kelahiran termasuk dalam klaster …",
        ["Hak sipil dan kebebasan", "Kesehatan dasar dan kesejahteraan", "Perlindungan khusus", "Pendidikan"],
        0,
    ),
    (
        "Lembaga yang mengoordinasikan Gugus Tugas KLA di daerah umumnya adalah …",
        ["Bappeda atau dinas PPPA", "Dinas Kesehatan", "Satpol PP", "Inspektorat"],
        0,
    ),
    (
        "Forum Anak berperan sebagai …",
        [
            "Wadah partisipasi anak dalam pembangunan",
            "Lembaga pengadilan anak",
            "Organisasi orang tua",
            "Unit pelaksana teknis dinas",
        ],
        0,
    ),
    (
        "Kategori tertinggi dalam penghargaan KLA adalah …",
        ["Kota Layak Anak", "Utama", "Nindya", "Pratama"],
        0,
    ),
]
SESSION_COMMENTS = [
    "Materi sangat jelas dan banyak contoh dari daerah lain.",
    "Waktu tanya jawab sebaiknya ditambah.",
    "Bahan tayang mohon dibagikan kepada peserta.",
    "Penyampaian menarik, mudah dipahami.",
]
ORGANISATION_COMMENTS = [
    "Ruangan agak dingin, mohon AC disesuaikan.",
    "Konsumsi baik, snack sore bisa lebih bervariasi.",
    "Jadwal hari pertama terlalu padat.",
    "Panitia sigap membantu saat registrasi.",
]


def _likert(rng: random.Random, centre: float) -> int:
    return max(1, min(5, round(rng.gauss(centre, 0.7))))


def seed_evaluations(event: Event) -> int:
    """Idempotent: does nothing once the event's tests have attempts. Returns the attempts made."""
    evaluations = services.ensure_evaluations(event)
    ids = [e.id for e in evaluations]
    if db.session.scalar(select(func.count(Attempt.id)).where(Attempt.evaluation_id.in_(ids))):
        return 0
    if not services.bank(event):
        for text, options, correct in QUESTIONS:
            services.add_question(event, text, options, correct)
    bank = services.bank(event)
    by_kind = {e.kind: e for e in evaluations if e.kind != Kind.SESSION.value}
    people = attendees.active_attendees(event, "peserta")
    rng = random.Random(f"{event.slug}-evaluations")
    sessions = services.sessions_of(event)
    first_start = sessions[0].starts_at if sessions else None
    last_end = max((s.ends_at for s in sessions), default=None)
    attempts, chances = [], {}
    for person in people:
        ability = rng.uniform(0.25, 0.75)
        learned = rng.gauss(0.22, 0.15)  # most learn something; a few do worse on the day
        if rng.random() < 0.9:
            when = (first_start or person.created_at) - timedelta(minutes=rng.uniform(5, 40))
            attempts.append(_attempt(by_kind[Kind.PRETEST.value], person, when))
            chances[(Kind.PRETEST.value, person.id)] = ability
        if rng.random() < 0.85:
            when = (last_end or person.created_at) - timedelta(minutes=rng.uniform(5, 30))
            attempts.append(_attempt(by_kind[Kind.POSTTEST.value], person, when))
            chances[(Kind.POSTTEST.value, person.id)] = min(0.98, max(0.05, ability + learned))
    db.session.add_all(attempts)
    db.session.flush()
    kinds = {
        by_kind[Kind.PRETEST.value].id: Kind.PRETEST.value,
        by_kind[Kind.POSTTEST.value].id: Kind.POSTTEST.value,
    }
    answers = []
    for attempt in attempts:
        chance = chances[(kinds[attempt.evaluation_id], attempt.attendee_id)]
        for question in bank:
            wrong = [i for i in range(len(question.options)) if i != question.correct]
            choice = question.correct if rng.random() < chance else rng.choice(wrong)
            answers.append(
                dict(
                    attempt_id=attempt.id,
                    question_id=question.id,
                    choice=choice,
                    answered_at=attempt.submitted_at,
                )
            )
    db.session.execute(insert(TestAnswer), answers)
    _seed_forms(event, evaluations, people, rng)
    db.session.flush()
    return len(attempts)


def _attempt(evaluation: Evaluation, person: Attendee, when) -> Attempt:
    return Attempt(
        evaluation_id=evaluation.id,
        attendee_id=person.id,
        seed=secrets.token_hex(8),
        started_at=when - timedelta(minutes=12),
        submitted_at=when,
    )


def _seed_forms(
    event: Event, evaluations: list[Evaluation], people: list[Attendee], rng: random.Random
) -> None:
    """The first day's speaker sessions (held yesterday) and the organisation, anonymous."""
    secret = current_app.config["SECRET_KEY"]
    chosen = []
    for evaluation in evaluations:
        if evaluation.kind == Kind.SESSION.value:
            session = evaluation.agenda_session
            if local_day(event, session.starts_at) != event.starts_on:
                continue
            centre, comments, share = rng.uniform(3.6, 4.5), SESSION_COMMENTS, 0.7
        elif evaluation.kind == Kind.ORGANISATION.value:
            centre, comments, share = 4.0, ORGANISATION_COMMENTS, 0.6
        else:
            continue
        for person in people:
            if rng.random() < share and services.may_answer(evaluation, person):
                chosen.append((evaluation, person, centre, comments))
    responses = [
        FormResponse(
            evaluation_id=evaluation.id,
            respondent_token=services.respondent_token(secret, person.id, evaluation.id),
            attendee_id=None if evaluation.is_anonymous else person.id,
            is_submitted=True,
        )
        for evaluation, person, _centre, _comments in chosen
    ]
    db.session.add_all(responses)
    db.session.flush()
    answers = []
    for response, (evaluation, _person, centre, comments) in zip(responses, chosen, strict=True):
        for question in evaluation.questions:
            if question.is_text:
                if rng.random() < 0.15:
                    answers.append(
                        dict(
                            response_id=response.id,
                            question_id=question.id,
                            value=None,
                            text=rng.choice(comments),
                        )
                    )
            else:
                answers.append(
                    dict(
                        response_id=response.id,
                        question_id=question.id,
                        value=_likert(rng, centre),
                        text=None,
                    )
                )
    if answers:
        db.session.execute(insert(FormAnswer), answers)
