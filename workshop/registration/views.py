"""Public registration and ticket pages (filled in by the registration work)."""
from workshop.registration import bp  # noqa: F401
