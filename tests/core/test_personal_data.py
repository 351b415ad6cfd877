"""Every model says which of its columns hold personal data, and every such column has an eraser
(a receiver of the purge and, for rows about one person, of a person's erasure): a new model with
personal data and no eraser fails here, the way an unlisted route fails the access matrix."""

from __future__ import annotations

import pytest
from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from workshop.core import personal_data, signals
from workshop.lifecycle.services import clear_audit_values

pytestmark = pytest.mark.sqlite_only


def _missing() -> list[str]:
    return personal_data.missing_erasers(
        signals.event_purged, signals.attendee_erased, extra=[clear_audit_values]
    )


def test_every_model_declares_its_personal_data(app):
    assert personal_data.undeclared() == [], (
        "Say which columns hold personal data: __personal_data__ = ('phone', ...), or () for none"
    )


def test_every_declared_column_names_a_real_column(app):
    for model in personal_data.models():
        for name in personal_data.declared(model):
            assert name in model.__table__.columns, f"{model.__name__}.{name} is not a column"


def test_every_personal_column_has_an_eraser(app):
    assert _missing() == []


def test_only_staff_accounts_are_kept_outside_the_events_erasure(app):
    kept = [m.__name__ for m in personal_data.models() if "__personal_data_outside_events__" in m.__dict__]
    assert kept == ["User"]


@pytest.mark.parametrize(
    ("signal", "receiver", "missing"),
    [
        (
            "event_purged",
            "workshop.certificates.handlers:purge_certificates",
            "Certificate.data (event purged)",
        ),
        (
            "attendee_erased",
            "workshop.checkin.handlers:erase_phone_keys",
            "CheckIn.phone_key (attendee erased)",
        ),
        ("event_purged", "workshop.agenda.handlers:purge_agenda", "Attendee.photo_path (event purged)"),
    ],
)
def test_removing_an_eraser_fails(app, signal, receiver, missing):
    import importlib

    module, name = receiver.split(":")
    function = getattr(importlib.import_module(module), name)
    signal = getattr(signals, signal)
    signal.disconnect(function)
    try:
        assert missing in _missing()
    finally:
        signal.connect(function)
    assert _missing() == []


class _Other(DeclarativeBase):  # kept apart from the app's models
    pass


class Evaluation(_Other):  # what a future module might add and forget to erase
    __tablename__ = "evaluations"
    __personal_data__ = ("comment",)
    id: Mapped[int] = mapped_column(primary_key=True)
    attendee_id: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(String(200))


def test_a_new_model_with_personal_data_and_no_eraser_fails(app):
    missing = personal_data.missing_erasers(
        signals.event_purged,
        signals.attendee_erased,
        extra=[clear_audit_values],
        among=[*personal_data.models(), Evaluation],
    )
    assert missing == ["Evaluation.comment (event purged)", "Evaluation.comment (attendee erased)"]
