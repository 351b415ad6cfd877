"""Check-in's public read API: who checked in to a session, and each session's attendance, for
modules that print or count them (the daftar hadir, the recap, the activity report) without
depending on check-in's rules. Pure reads: no flush, no request.

The functions are still defined in ``services.py`` (where the check-in pages use them); this
module is what other modules import, so they stay free to move here without touching callers."""

from __future__ import annotations

from workshop.checkin.services import attendance, checked_in_for

__all__ = ["attendance", "checked_in_for"]
