"""Which columns hold personal data, and who erases them (like pretix's data shredders).

Every model declares its personal columns in ``__personal_data__`` (an empty tuple: none). A
module erases its own columns in receivers of ``signals.event_purged`` (the event's retention is
over) and ``signals.attendee_erased`` (one person's request), each marked ``@erases(...)`` with the
columns it clears. ``missing_erasers()`` says which declared column nobody erases; the test
tests/core/test_personal_data.py holds it empty, so a new model with personal data and no eraser
fails the build instead of being forgotten silently.

A model whose personal data is not about an event's people (staff accounts) says why in
``__personal_data_outside_events__`` instead of being erased with the event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from blinker import ANY, Signal

from workshop.core.db import Base


def erases(*targets) -> Callable:
    """Marks a receiver as the eraser of ``targets``: columns (``Attendee.phone``) or whole models
    (every column the model declares)."""

    def mark(function: Callable) -> Callable:
        function.erases = tuple(_columns(targets))
        return function

    return mark


def _columns(targets: Iterable) -> Iterable[tuple[str, str]]:
    for target in targets:
        if isinstance(target, type):
            for name in target.__dict__.get("__personal_data__", ()):
                yield target.__name__, name
        else:
            yield target.class_.__name__, target.key


def models() -> list[type]:
    return sorted((mapper.class_ for mapper in Base.registry.mappers), key=lambda c: c.__name__)


def undeclared() -> list[str]:
    """Models that say nothing about personal data (each must, even if it is "none")."""
    return [model.__name__ for model in models() if "__personal_data__" not in model.__dict__]


def declared(model: type) -> tuple[str, ...]:
    return tuple(model.__dict__.get("__personal_data__", ()))


def is_about_one_person(model: type) -> bool:
    """Rows about one attendee: erased again when that person asks."""
    return model.__name__ == "Attendee" or "attendee_id" in model.__table__.columns


def covered(signal: Signal, extra: Iterable[Callable] = ()) -> set[tuple[str, str]]:
    """(model, column) pairs erased by the receivers of ``signal`` (and ``extra`` erasers)."""
    receivers = [*signal.receivers_for(ANY), *extra]
    return {column for receiver in receivers for column in getattr(receiver, "erases", ())}


def missing_erasers(
    event_purged: Signal,
    attendee_erased: Signal,
    extra: Iterable[Callable] = (),
    among: Iterable[type] | None = None,
) -> list[str]:
    """Declared personal columns that no eraser clears: "Model.column (when)". ``among``: the
    models to check (every mapped model by default)."""
    extra = list(extra)
    purged, erased = covered(event_purged, extra), covered(attendee_erased, extra)
    missing = []
    for model in models() if among is None else among:
        if model.__dict__.get("__personal_data_outside_events__"):
            continue
        for name in declared(model):
            if (model.__name__, name) not in purged:
                missing.append(f"{model.__name__}.{name} (event purged)")
            if is_about_one_person(model) and (model.__name__, name) not in erased:
                missing.append(f"{model.__name__}.{name} (attendee erased)")
    return missing
