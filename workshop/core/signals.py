"""Domain signals: a module says what happened; the modules that care react (blinker, which Flask
ships). A sender never imports its listeners, so modules are tied together by these names and not
by calls into each other's services.

Each module connects its own receivers in its ``handlers.py`` (imported at app creation, see
``HANDLER_MODULES`` in ``workshop/__init__.py``). Receivers run in the sender's transaction:
like services they flush, never commit. docs/architecture.md lists who sends and who listens.

The sender of every signal is the ``Event`` concerned.
"""

from __future__ import annotations

from collections import Counter

from blinker import Namespace, Signal

_domain = Namespace()

member_removed = _domain.signal(
    "member-removed",
    doc="Someone left the event's team (events). Keywords: user_id, role. The membership is still "
    "there when the signal is sent.",
)
attendee_erased = _domain.signal(
    "attendee-erased",
    doc="One person's personal data is erased at their request (lifecycle). Keyword: attendee. "
    "Each receiver erases the module's own columns about that person and returns {what: count}.",
)
event_purged = _domain.signal(
    "event-purged",
    doc="The event's retention period is over (lifecycle). Keyword: dry_run. Each receiver "
    "erases the module's personal data of the event (with dry_run: only counts it) and returns "
    "{what: count}.",
)
retention_sweep = _domain.signal(
    "retention-sweep",
    doc="flask data purge runs (lifecycle). Keyword: dry_run. Each receiver removes what its "
    "module keeps only for a while whatever the event (job results, abandoned uploads) and "
    "returns {description: count}.",
)
certificate_issued = _domain.signal(
    "certificate-issued",
    doc="Certificates were numbered and issued (certificates). Keyword: certificates (the new rows).",
)
certificate_revoked = _domain.signal(
    "certificate-revoked",
    doc="An issued certificate was revoked by an organiser (certificates). Keyword: certificate "
    "(the row, already marked revoked). Listeners withdraw what they made of it (credentials: "
    "the status bit of its Open Badges credential).",
)
certificate_reissued = _domain.signal(
    "certificate-reissued",
    doc="An issued certificate was reissued after a correction: same number and code, the "
    "person's current data, valid again (certificates). Keyword: certificate.",
)
check_in_recorded = _domain.signal(
    "check-in-recorded",
    doc="A person was checked in at a session (checkin); not sent for a repeated scan. "
    "Keyword: check_in (the new row).",
)

ALL = (
    member_removed,
    attendee_erased,
    event_purged,
    retention_sweep,
    certificate_issued,
    check_in_recorded,
    certificate_revoked,
    certificate_reissued,
)


def reports(signal: Signal, sender, **kwargs) -> dict[str, dict[str, int]]:
    """Send ``signal``; what each module's receivers returned ({what: count}), by module
    ("attendees", "agenda", ...). Receivers that return None report nothing."""
    by_module: dict[str, Counter] = {}
    for receiver, counts in signal.send(sender, **kwargs):
        if counts:
            module = (
                receiver.__module__.split(".")[1]
                if receiver.__module__.startswith("workshop.")
                else receiver.__module__
            )
            by_module.setdefault(module, Counter()).update(counts)
    return {module: dict(counts) for module, counts in by_module.items()}


def total(by_module: dict[str, dict[str, int]]) -> dict[str, int]:
    """The counts of every module added up."""
    summed: Counter = Counter()
    for counts in by_module.values():
        summed.update(counts)
    return dict(summed)


def collect(signal: Signal, sender, **kwargs) -> dict[str, int]:
    """Send ``signal`` and add up the counts its receivers return ({what: count})."""
    return total(reports(signal, sender, **kwargs))
