"""What the group rules raise: views and the API turn each into a message or an HTTP status."""

from __future__ import annotations


class GroupError(Exception):
    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class InvalidInput(Exception):
    """Bad values: ``errors`` maps each field to a message; nothing was stored."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class Locked(Exception):
    """The group's output is locked: read-only."""


class Conflict(Exception):
    """A field the edit changes was changed by someone else since the edit's base version."""

    def __init__(self, fields: list[str], current):
        super().__init__(", ".join(fields))
        self.fields = fields
        self.current = current


class StaleVersion(Exception):
    """A delete based on an older version than the row's."""

    def __init__(self, current):
        super().__init__("stale")
        self.current = current
