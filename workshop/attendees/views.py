"""Organiser pages for attendees (filled in by the attendee-list work)."""
from workshop.attendees import bp  # noqa: F401
