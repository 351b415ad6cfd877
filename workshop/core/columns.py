"""Columns that many tables share, declared once (SQLAlchemy declarative mixins).

A model lists a mixin before ``Base``: ``class Group(EventRow, Base)``. Each table still gets its
own copy of the columns, with the same names, types, defaults and indexes as before: the
migrations do not change. A model keeps its own ``__tablename__``, ``__personal_data__`` and
``__audit__``: they say something about that table alone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from workshop.core.db import utcnow

# Declared columns keep their place in the table: the mixin's key columns come first (a negative
# sort order), its trailing columns last (mixin columns follow the model's own by default).
_FIRST, _SECOND = -2, -1


class EventRow:
    """A row of one event: an integer id and the event it belongs to (deleted with it). The audit
    log files the row's changes under that event."""

    # A table whose composite index or unique constraint leads with event_id says
    # ``__event_id_index__ = False``: an index of event_id alone would be one more to write on
    # every insert, and PostgreSQL may pick it for a lookup the composite answers exactly.
    __event_id_index__ = True

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=_FIRST)

    @declared_attr
    def event_id(cls) -> Mapped[int]:
        return mapped_column(
            ForeignKey("events.id", ondelete="CASCADE"), index=cls.__event_id_index__, sort_order=_SECOND
        )

    def audit_event_id(self) -> int:
        return self.event_id


class EventSettings:
    """One event's settings of a module: one row per event, keyed by the event itself and created
    when the organiser first saves. ``updated_at`` is not worth an audit entry."""

    __audit_ignore__ = ("updated_at",)

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, sort_order=_FIRST
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def audit_event_id(self) -> int:
        return self.event_id


class Versioned:
    """A row several people edit at once: ``version`` rises with every saved change, and saving a
    change made to an older version fails (optimistic concurrency, SQLAlchemy's version counter).
    Neither ``version`` nor ``updated_at`` is worth an audit entry."""

    __audit_ignore__ = ("updated_at", "version")

    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}
