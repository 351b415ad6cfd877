"""Organiser pages for importing attendees from a spreadsheet (filled in by the import work)."""
from workshop.attendees import bp  # noqa: F401
