"""Letter numbers in the tata naskah dinas form, gap-free per series (scope, classification code,
year) even when organisers generate at the same moment, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from tests.conftest import make_event, make_user
from tests.letters.conftest import add_people, save
from workshop.extensions import db
from workshop.letters import services
from workshop.letters.models import Letter, LetterCounter


def test_the_number_reads_classification_sequence_unit_year():
    assert services.format_number("005", 7, "DP3AKB", 2026) == "005/007/DP3AKB/2026"
    assert services.format_number("400.14", 123, "Bappeda", 2027) == "400.14/123/Bappeda/2027"


def test_concurrent_takers_get_numbers_one_to_n_without_gaps_or_duplicates(app):
    """Twelve threads take 1, 2 or 3 numbers each from one series at the same moment."""
    errors, taken = [], []
    barrier = threading.Barrier(12)

    def take(index):
        try:
            with app.app_context():
                barrier.wait(timeout=30)
                numbers = services.take_numbers("event:1", "005", 2026, 1 + index % 3)
                db.session.commit()
                taken.extend(numbers)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=take, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(taken) == list(range(1, 25))
    with app.app_context():
        assert db.session.execute(select(LetterCounter.last_seq)).scalar_one() == 24


def test_concurrent_generation_registers_gap_free_letters(app):
    """Eight organisers of eight events of one unit (a shared agenda book) press "generate" at
    once: every letter has its own number, 1..n."""
    with app.app_context():
        organiser = make_user("panitia@serang.go.id")
        slugs = []
        for index in range(8):
            event = make_event(organiser, slug=f"kla-{index}", title=f"Bintek {index}")
            add_people(
                event,
                {"Dinas Kesehatan": [f"Peserta {chr(65 + index)}"], "Dinas Sosial": ["Ani"]},
                index * 10,
            )
            save(event, shared_numbering=True)
            slugs.append(event.id)
        db.session.commit()
    errors = []
    barrier = threading.Barrier(8)

    def generate(event_id):
        from workshop.events.models import Event

        try:
            with app.app_context():
                event = db.session.get(Event, event_id)
                services.targets_for(event, "undangan")
                barrier.wait(timeout=30)
                services.generate(event, "undangan")
                db.session.commit()
        except Exception as error:  # noqa: BLE001
            errors.append(repr(error))

    threads = [threading.Thread(target=generate, args=(i,)) for i in slugs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with app.app_context():
        numbers = db.session.execute(select(Letter.seq, Letter.number)).all()
    assert sorted(seq for seq, _ in numbers) == list(range(1, 17))
    assert len({number for _, number in numbers}) == 16


def test_a_rolled_back_generation_gives_its_numbers_back(letters_event):
    event, _ids = letters_event
    services.generate(event, "undangan")
    db.session.rollback()
    letters = services.generate(event, "undangan")
    db.session.commit()
    assert [letter.seq for letter in letters] == [1, 2]


def test_series_are_per_event_classification_and_year_unless_shared(letters_event, world):
    from tests.letters.conftest import event_by_slug

    event, _ids = letters_event
    first = services.generate(event, "undangan")
    speakers = services.generate(event, "narasumber")
    assert [letter.number for letter in first + speakers] == [
        "005/001/Bappeda/2026".replace("2026", str(first[0].year)),
        f"005/002/Bappeda/{first[0].year}",
        f"005/003/Bappeda/{first[0].year}",
    ]
    # Another event of another organiser starts its own series.
    other = event_by_slug(world.other_slug)
    add_people(other, {"Dinas Sosial": ["Ani Lestari"]}, 50)
    save(other)
    assert services.generate(other, "undangan")[0].seq == 1
    # Another classification code is another series.
    other_letters = services.registered(other)
    db.session.delete(other_letters[0])
    save(other, classification_code="400.14")
    assert services.generate(other, "undangan")[0].number.startswith("400.14/001/")


def test_generating_again_numbers_only_the_new_addressees(letters_event):
    event, _ids = letters_event
    assert len(services.generate(event, "undangan")) == 2
    assert services.generate(event, "undangan") == []
    add_people(event, {"Dinas Sosial": ["Ani Lestari"]}, 80)
    again = services.generate(event, "undangan")
    assert [letter.institution_name for letter in again] == ["Dinas Sosial Kota Serang"]
    assert again[0].seq == 3


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("classification_code", "005/1"),
        ("classification_code", ""),
        ("unit_code", "Bappeda Kota"),
        ("sifat", "Santai"),
        ("signer_nip", "1234"),
        ("hal_undangan", " "),
    ],
)
def test_bad_settings_are_refused_by_the_field(letters_event, field, value):
    event, _ids = letters_event
    with pytest.raises(services.LetterError) as refused:
        save(event, **{field: value})
    assert refused.value.field == field


def test_generating_needs_a_signer(ctx, world):
    from tests.letters.conftest import event_by_slug

    event = event_by_slug(world.event_slug)
    with pytest.raises(services.LetterError):
        services.generate(event, "undangan")
