"""The participant's side: who may register when, the consent notice (UU 27/2022), registering,
and a person's own data. Services flush, never commit, and never read the request."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import inspect

from workshop.attendees import rules
from workshop.attendees import services as attendees
from workshop.attendees.models import DELETION_REASON, Attendee, Category, Role, Source
from workshop.attendees.rules import FieldProblem
from workshop.core.db import utcnow
from workshop.events.models import Event, EventStatus


class RegistrationClosed(Exception):
    """Registration is not possible now; ``reason`` is one of the states of registration_state()."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class RegistrationError(Exception):
    """The form cannot be accepted as it is: errors, or warnings the person has not confirmed."""

    def __init__(self, problems: list[FieldProblem]):
        super().__init__("; ".join(f"{p.field}: {p}" for p in problems))
        self.problems = problems

    @property
    def errors(self) -> list[FieldProblem]:
        return [p for p in self.problems if p.level != "warning"]

    @property
    def warnings(self) -> list[FieldProblem]:
        return [p for p in self.problems if p.level == "warning"]


# ---- when registration is possible ---------------------------------------------------------


def registration_closes_at(event: Event) -> datetime:
    """The organiser's closing time, or else when the last session starts (nobody registers for
    a workshop that is over), or, without an agenda, the end of the event's last day."""
    if event.registration_closes_at is not None:
        return event.registration_closes_at
    from sqlalchemy import func, select

    from workshop.agenda.models import AgendaSession
    from workshop.extensions import db

    last_start = db.session.execute(
        select(func.max(AgendaSession.starts_at)).where(AgendaSession.event_id == event.id)
    ).scalar_one_or_none()
    if last_start is not None:
        return last_start if last_start.tzinfo else last_start.replace(tzinfo=UTC)
    return datetime.combine(event.ends_on + timedelta(days=1), time(0), tzinfo=event.tz)


def registration_state(event: Event, now: datetime | None = None) -> str:
    """'open', or why not: 'not_public' (draft), 'closed' (the event is closed), 'not_yet',
    'ended' (the window has passed) or 'full' (capacity reached)."""
    now = now or utcnow()
    if not event.is_public:
        return "not_public"
    if event.status != EventStatus.OPEN.value:
        return "closed"
    if event.registration_opens_at is not None and now < event.registration_opens_at:
        return "not_yet"
    if now >= registration_closes_at(event):
        return "ended"
    if is_full(event):
        return "full"
    return "open"


def is_full(event: Event) -> bool:
    return event.capacity is not None and attendees.count_active(event) >= event.capacity


# ---- the consent notice ----------------------------------------------------------------------


def consent_notice(event: Event, child: bool = False) -> str:
    """The personal-data notice for this event in the current language, as plain text with one
    paragraph per blank-line-separated block. Exactly this text is stored with the consent."""
    paragraphs = [
        _("Personal data notice (UU 27/2022 on Personal Data Protection)"),
        _(
            "%(organiser)s (%(unit)s) collects the data in this form to run %(title)s: the list of "
            "participants, check-in and the attendance list (daftar hadir), discussion groups, "
            "certificates and the event's reports.",
            organiser=event.organiser,
            unit=event.organising_unit,
            title=event.title,
        ),
        _(
            "Only the event's committee and team can see your data. Public pages show no NIP, phone number or email."
        ),
        ngettext(
            "Your data is kept for %(num)d month after the event and then deleted; only anonymous "
            "counts and the verification of issued certificates remain.",
            "Your data is kept for %(num)d months after the event and then deleted; only anonymous "
            "counts and the verification of issued certificates remain.",
            event.retention_months,
        ),
        _(
            "You have the right to see your data, to have it corrected, to ask for it to be deleted "
            "and to withdraw your consent. Use the links on your ticket page, or contact: %(contact)s.",
            contact=event.privacy_contact or event.organiser,
        ),
    ]
    if child:
        paragraphs.append(guardian_statement())
    return "\n\n".join(paragraphs)


def guardian_statement() -> str:
    """What the guardian agrees to; shown beside the guardian's checkbox and stored with a child's consent."""
    return _(
        "I am the parent or guardian of this child. I agree that the child takes part and that the "
        "child's data is used as described above."
    )


def notice_digest(text: str) -> str:
    """A short fingerprint of a notice, sent with the form so the text consented to is the text shown."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


# ---- registering -----------------------------------------------------------------------------


def _check(event: Event, data: dict, exclude_id: int | None = None) -> attendees.Checked:
    """The attendee rules, plus a phone number: without it (or a NIP) nobody could find their
    ticket again or prove it is theirs."""
    checked = attendees.check_attendee(event, data, exclude_id=exclude_id)
    if not checked.values.get("phone") and not any(p.field == "phone" for p in checked.errors):
        checked.errors.append(FieldProblem("phone", _l("Enter a mobile number.")))
    return checked


def warning_key(problem: FieldProblem) -> str:
    return f"{problem.field}:{problem.code}"


def unconfirmed(warnings: list[FieldProblem], confirmed: Collection[str]) -> list[FieldProblem]:
    """Warnings the person has not yet seen and confirmed. A confirmation covers only the warnings
    that were shown: a new one (after changing the data) is shown again."""
    return [w for w in warnings if warning_key(w) not in set(confirmed)]


def register_participant(
    event: Event,
    data: dict,
    *,
    consent_given: bool,
    guardian_name: str = "",
    guardian_consent: bool = False,
    confirmed: Collection[str] = (),
    now: datetime | None = None,
) -> Attendee:
    """A person registers themself as a peserta on the public form.

    Raises RegistrationClosed when the window is shut or the event is full, RegistrationError with
    every error and warning otherwise; ``confirmed`` holds the warning_key() of each warning the
    person has seen and confirmed. The capacity is checked again after the new
    row is written: taking a registration number locks the event row until commit, so the last
    seat cannot be taken twice; on RegistrationClosed("full") the caller must roll back.
    The stored consent is the notice in the current language (with the guardian's statement for a
    child), the same text the form showed."""
    now = now or utcnow()
    state = registration_state(event, now)
    if state != "open":
        raise RegistrationClosed(state)
    data = {**data, "role": Role.PESERTA.value}
    checked = _check(event, data)
    problems = list(checked.errors)
    if not consent_given:
        problems.append(FieldProblem("consent", _l("Tick the box to agree to the use of your data.")))
    is_child = checked.values.get("category") == Category.FORUM_ANAK.value
    clean_guardian = None
    if is_child:
        try:
            clean_guardian = rules.clean_name(guardian_name, "guardian_name")
        except FieldProblem:
            problems.append(
                FieldProblem("guardian_name", _l("Enter the full name of the parent or guardian."))
            )
        if not guardian_consent:
            problems.append(
                FieldProblem(
                    "guardian_consent",
                    _l("A parent or guardian must agree before a child can register."),
                )
            )
    if problems or unconfirmed(checked.warnings, confirmed):
        raise RegistrationError(problems + list(checked.warnings))
    attendee = attendees.add_checked(
        event,
        checked.values,
        source=Source.REGISTRATION.value,
        consent_text=consent_notice(event, child=is_child),
        now=now,
    )
    if is_child:
        attendees.record_guardian_consent(attendee, clean_guardian, "online", now=now)
    if event.capacity is not None and attendees.count_active(event) > event.capacity:
        raise RegistrationClosed("full")
    return attendee


def correct_attendee(attendee: Attendee, data: dict, *, confirmed: Collection[str] = ()) -> Attendee:
    """The person corrects their own data: the rules of registration, their role unchanged."""
    if not attendee.is_active:
        raise RegistrationError([FieldProblem("status", _l("This ticket is no longer valid."))])
    data = {**data, "role": attendee.role}
    checked = _check(attendees.attendee_event(attendee), data, exclude_id=attendee.id)
    if checked.errors or unconfirmed(checked.warnings, confirmed):
        raise RegistrationError(list(checked.errors) + list(checked.warnings))
    return attendees.update_attendee(attendee, data, confirm_warnings=True)


def request_deletion(attendee: Attendee, now: datetime | None = None) -> None:
    """A deletion request cancels the person (kept, marked, audited); an organiser then erases
    their data on the event's personal-data page (workshop/lifecycle)."""
    if not attendee.is_active:
        raise RegistrationError([FieldProblem("status", _l("This ticket is no longer valid."))])
    attendees.cancel_attendee(attendee, reason=DELETION_REASON, now=now)


def accept_consent(attendee: Attendee, now: datetime | None = None) -> None:
    """An imported person accepts the notice (in the current language) the first time they open
    their ticket. Accepting twice keeps the first consent."""
    if attendee.consent_at is not None:
        return
    attendees.record_consent(attendee, consent_notice(attendees.attendee_event(attendee)), now=now)


def needs_guardian(attendee: Attendee) -> bool:
    return attendee.is_child and attendee.guardian_consent_at is None


# ---- one's own data --------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def personal_data(attendee: Attendee) -> dict:
    """Everything stored about the person, for the 'download my data' file."""
    event = attendees.attendee_event(attendee)
    record = {attr.key: _plain(getattr(attendee, attr.key)) for attr in inspect(Attendee).column_attrs}
    record["institution_name"] = attendee.institution_name
    return {
        "event": {
            "title": event.title,
            "organiser": event.organiser,
            "organising_unit": event.organising_unit,
            "starts_on": event.starts_on.isoformat(),
            "ends_on": event.ends_on.isoformat(),
            "venue": event.venue,
            "city": event.city,
            "privacy_contact": event.privacy_contact,
            "retention_months": event.retention_months,
        },
        "attendee": record,
        "exported_at": utcnow().isoformat(),
    }
