"""The rules of certificates: settings, who is eligible and why, issuing with gap-free numbers,
re-issuing, revoking, and what each certificate says. Services flush, never commit, and never
read the request."""

from __future__ import annotations

import secrets
import string
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import BinaryIO

from babel.dates import format_date as babel_format_date
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from workshop.agenda.models import AgendaSession
from workshop.agenda.queries import event_sessions
from workshop.agenda.services import last_end
from workshop.attendees.models import Attendee, Role, Source
from workshop.attendees.reference import fold, full_institution_name
from workshop.attendees.rules import format_nip
from workshop.certificates import pdf
from workshop.certificates.models import (
    DEFAULT_NUMBER_FORMAT,
    DEFAULT_ROLE_SHARES,
    Certificate,
    CertificateDecision,
    CertificateSettings,
    CertificateStatus,
    Decision,
)
from workshop.checkin.models import CheckIn
from workshop.core import exporters, images, signals, storage
from workshop.core.db import utcnow
from workshop.core.i18n import day_span
from workshop.core.signing import Signer, Signing, person_lines
from workshop.events.models import Event
from workshop.extensions import db

FOLDER = "certificates"
ROLES = tuple(role.value for role in Role)
NUMBER_FIELDS = ("seq", "code", "unit", "roman_month", "month", "year", "role")
# {role} in a number: each role's short code (a number series per role, when the organiser wants one)
ROLE_CODES = {
    "peserta": "PST",
    "narasumber": "NS",
    "moderator": "MOD",
    "fasilitator": "FAS",
    "panitia": "PAN",
}
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from paper
CODE_LENGTH = 16  # 80 bits
IMAGE_MAX_BYTES = 2 * 1024 * 1024
IMAGE_MAX_PIXELS = 5000 * 5000
SIGNATORY_FIELDS = (
    "signatory1_title",
    "signatory1_name",
    "signatory1_nip",
    "signatory1_rank",
    "signatory2_title",
    "signatory2_name",
    "signatory2_nip",
    "signatory2_rank",
)
IMAGE_FIELDS = ("logo_left", "logo_right", "background", "signatory1_image", "signatory2_image")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


class CertificateError(Exception):
    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.field = field


class IssueTooEarly(CertificateError):
    """Issuing before the last session ends needs an explicit confirmation (--force)."""

    def __init__(self, last_end: datetime):
        super().__init__(_l("The last session has not ended yet; confirm to issue certificates anyway."))
        self.last_end = last_end


def role_label(role: str) -> str:
    """The role as printed on the certificate, in capitals: PESERTA / PARTICIPANT."""
    return {
        "peserta": _("PARTICIPANT"),
        "narasumber": _("SPEAKER"),
        "moderator": _("MODERATOR"),
        "fasilitator": _("FACILITATOR"),
        "panitia": _("COMMITTEE"),
    }.get(role, role.upper())


def role_name(role: str) -> str:
    from workshop.core.labels import role_label as label

    return label(role)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


# ---- settings ---------------------------------------------------------------------------------


def get_settings(event: Event) -> CertificateSettings:
    """The event's settings; the defaults (not stored) when nobody has saved any yet."""
    settings = db.session.execute(
        select(CertificateSettings).where(CertificateSettings.event_id == event.id)
    ).scalar_one_or_none()
    if settings is None:
        settings = CertificateSettings(
            event_id=event.id,
            number_format=DEFAULT_NUMBER_FORMAT,
            role_shares=dict(DEFAULT_ROLE_SHARES),
            issue_place=event.city or "",
            seq=0,
            signatory1_title="",
            signatory1_name="",
            signatory1_nip="",
            signatory2_title="",
            signatory2_name="",
            signatory2_nip="",
            signatory1_rank="",
            signatory2_rank="",
            number_per_role=False,
        )
    return settings


def stored_settings(event: Event) -> CertificateSettings:
    """The event's settings row, created (safely, if two requests do it at once) when missing."""
    settings = get_settings(event)
    if settings.id is not None:
        return settings
    try:
        with db.session.begin_nested():
            db.session.add(settings)
    except IntegrityError:
        settings = db.session.execute(
            select(CertificateSettings).where(CertificateSettings.event_id == event.id)
        ).scalar_one()
    return settings


def check_number_format(number_format: str) -> None:
    """Only the known fields, no attribute or index access: the format is typed by an organiser."""
    try:
        parts = list(string.Formatter().parse(number_format))
    except ValueError:
        raise CertificateError(_l("The number format has an unmatched { or }."), "number_format") from None
    names = [name for _text, name, _spec, _conv in parts if name is not None]
    for _text, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in NUMBER_FIELDS or conversion or "{" in (spec or ""):
            raise CertificateError(
                _l(
                    "Unknown field {%(name)s}. Use %(fields)s.",
                    name=name,
                    fields=", ".join("{" + f + "}" for f in NUMBER_FIELDS),
                ),
                "number_format",
            )
    if "seq" not in names:
        raise CertificateError(_l("The number format must contain {seq}."), "number_format")
    try:
        format_number(number_format, 1, "CODE", "UNIT", date(2026, 11, 20), "peserta")
    except (ValueError, TypeError):
        raise CertificateError(
            _l("The number format cannot be used: check what follows each colon."), "number_format"
        ) from None


def format_number(
    number_format: str, seq: int, code: str, unit: str, issued_on: date, role: str = "peserta"
) -> str:
    return number_format.format(
        seq=seq,
        role=ROLE_CODES.get(role, role.upper()),
        code=code,
        unit=unit,
        roman_month=ROMAN[issued_on.month - 1],
        month=f"{issued_on.month:02d}",
        year=issued_on.year,
    )


def issue_date(event: Event, settings: CertificateSettings) -> date:
    return settings.issue_date or event.ends_on


def save_settings(event: Event, data: dict) -> CertificateSettings:
    """``data``: number_format, issue_place, issue_date, role_shares {role: percent}, and the
    signatories' title/name/nip. Images are set with ``set_image``."""
    check_number_format(data["number_format"])
    if data.get("number_per_role") and "{role" not in data["number_format"]:
        raise CertificateError(
            _l(
                "With a number series per role, the format must contain {role} (two roles would share numbers)."
            ),
            "number_format",
        )
    shares = {}
    for role, share in (data.get("role_shares") or {}).items():
        if role not in ROLES:
            raise CertificateError(_l("Unknown role."), "roles")
        if share is None or not 0 <= int(share) <= 100:
            raise CertificateError(_l("A share is a percentage from 0 to 100."), f"share_{role}")
        shares[role] = int(share)
    if not shares:
        raise CertificateError(_l("Choose at least one role that receives certificates."), "roles")
    if not (data.get("signatory1_name") or "").strip():
        raise CertificateError(_l("Enter the name of the person who signs."), "signatory1_name")
    if (data.get("signatory2_name") or "").strip() and not (data.get("signatory2_title") or "").strip():
        raise CertificateError(_l("Enter the position of the second signatory."), "signatory2_title")
    for key in ("signatory1_nip", "signatory2_nip"):
        nip = "".join((data.get(key) or "").split())
        if nip and (not nip.isdigit() or len(nip) != 18):
            raise CertificateError(_l("A NIP has 18 digits."), key)
        data[key] = nip
    settings = stored_settings(event)
    settings.number_format = data["number_format"]
    settings.issue_place = (data.get("issue_place") or "").strip()
    settings.issue_date = data.get("issue_date")
    settings.role_shares = shares
    settings.late_count_all = bool(data.get("late_count_all"))
    settings.number_per_role = bool(data.get("number_per_role"))
    for key in SIGNATORY_FIELDS:
        setattr(settings, key, (data.get(key) or "").strip())
    db.session.flush()
    return settings


def set_image(settings: CertificateSettings, field: str, stream: BinaryIO) -> None:
    """A PNG or JPG (by its content, never its name), stored re-encoded: whatever else the file
    carried does not reach the PDF. The background (a photo-like page) as JPEG, a tenth of the
    size; logos and signatures as PNG, keeping their transparency."""
    if field not in IMAGE_FIELDS:
        raise ValueError(field)
    data = stream.read(IMAGE_MAX_BYTES + 1)
    if len(data) > IMAGE_MAX_BYTES:
        raise CertificateError(
            _l("The image is larger than %(mb)d MB.", mb=IMAGE_MAX_BYTES // (1024 * 1024)), field
        )
    background = field == "background"
    try:
        content, _width, _height = images.reencode(
            data, 3508 if background else 1200, IMAGE_MAX_PIXELS, transparent=not background
        )
    except images.ImageRefused as refused:
        message = {
            "type": _l("The image must be a PNG or JPG file."),
            "pixels": _l("The image has too many pixels; use a smaller one."),
        }.get(str(refused), _l("The image could not be read."))
        raise CertificateError(message, field) from None
    stored_name = storage.random_name() + (".jpg" if background else ".png")
    target = storage.folder(FOLDER) / stored_name
    target.write_bytes(content)
    storage.delete_after_rollback(db.session(), target)
    remove_image(settings, field)
    setattr(settings, field, stored_name)
    db.session.flush()


def image_path(settings: CertificateSettings, field: str):
    return storage.existing_file(FOLDER, getattr(settings, field))


def remove_image(settings: CertificateSettings, field: str) -> None:
    path = image_path(settings, field)
    storage.delete_after_commit(db.session(), path)
    setattr(settings, field, None)
    db.session.flush()


# ---- eligibility ------------------------------------------------------------------------------


@dataclass
class Eligibility:
    attendee: Attendee
    required: int | None  # percent; None when the role receives no certificate
    attended: int
    total: int
    decision: CertificateDecision | None
    certificate: Certificate | None
    late_missed: int = 0  # sessions held before they registered, not attended, not counted
    remaining: int = 0  # counted sessions that have not started yet
    unmet: str | None = None  # a requirement of another module (a post-test, …) not met

    @property
    def needed(self) -> int:
        """How many of the counted sessions a certificate needs."""
        if self.required is None or self.total == 0:
            return 0
        return -(-self.required * self.total // 100)

    @property
    def still_needed(self) -> int:
        """How many more sessions they must attend (0 when they already have enough)."""
        return max(0, self.needed - self.attended)

    @property
    def reachable(self) -> bool:
        return self.still_needed <= self.remaining

    @property
    def by_attendance(self) -> bool:
        if self.required is None:
            return False
        if self.total == 0:
            return True
        return self.attended * 100 >= self.required * self.total

    @property
    def eligible(self) -> bool:
        if not self.attendee.is_active:
            return False
        if self.decision is not None:
            return self.decision.decision == Decision.GRANT.value
        return self.by_attendance and self.unmet is None

    @property
    def is_due(self) -> bool:
        return self.eligible and self.certificate is None

    @property
    def attendance(self) -> str:
        if self.total == 0:
            return _("no session requires check-in")
        if self.late_missed:
            return _(
                "%(attended)d of the %(total)d sessions since registering",
                attended=self.attended,
                total=self.total,
            )
        return _("%(attended)d of %(total)d sessions", attended=self.attended, total=self.total)

    @property
    def reason(self) -> str:
        if not self.attendee.is_active:
            return _("Registration cancelled.")
        if self.decision is not None:
            if self.decision.decision == Decision.GRANT.value:
                return _("Granted by hand: %(reason)s", reason=self.decision.reason)
            return _("Denied by hand: %(reason)s", reason=self.decision.reason)
        if self.required is None:
            return _("This role receives no certificate.")
        if self.total == 0:
            return _("Eligible: no session requires check-in.")
        if self.by_attendance and self.unmet:
            return _("Not eligible: %(reason)s.", reason=self.unmet)
        measured = {"attendance": self.attendance, "required": self.required}
        if self.by_attendance:
            return _("Eligible: %(attendance)s (needs %(required)d%%).", **measured)
        return _("Not eligible: %(attendance)s (needs %(required)d%%).", **measured)


def _required_sessions(event: Event) -> list[AgendaSession]:
    return db.session.scalars(
        select(AgendaSession)
        .where(AgendaSession.event_id == event.id, AgendaSession.requires_checkin.is_(True))
        .options(selectinload(AgendaSession.audience))
    ).all()


def eligibility(event: Event, attendees: list[Attendee] | None = None) -> list[Eligibility]:
    """Each person's standing: sessions that require check-in and apply to them (a breakout
    counts only for its groups' members), how many they attended, the hand-made decision and
    the certificate if one was issued. Ordered by role, then name."""
    settings = get_settings(event)
    shares = settings.role_shares or {}
    chosen = attendees is not None
    if attendees is None:
        attendees = db.session.scalars(
            select(Attendee).where(Attendee.event_id == event.id).options(selectinload(Attendee.institution))
        ).all()
    sessions = _required_sessions(event)
    checkins = select(CheckIn.attendee_id, CheckIn.agenda_session_id).where(CheckIn.event_id == event.id)
    decision_rows = select(CertificateDecision).where(CertificateDecision.event_id == event.id)
    certificate_rows = select(Certificate).where(Certificate.event_id == event.id)
    if chosen:  # the people asked about (one, on a ticket page): read theirs, not the whole event's
        ids = [a.id for a in attendees]
        checkins = checkins.where(CheckIn.attendee_id.in_(ids))
        decision_rows = decision_rows.where(CertificateDecision.attendee_id.in_(ids))
        certificate_rows = certificate_rows.where(Certificate.attendee_id.in_(ids))
    present: dict[int, set[int]] = {}
    for attendee_id, session_id in db.session.execute(checkins):
        present.setdefault(attendee_id, set()).add(session_id)
    decisions = {d.attendee_id: d for d in db.session.execute(decision_rows).scalars()}
    certificates = {c.attendee_id: c for c in db.session.execute(certificate_rows).scalars()}
    # What other modules require (the post-test, …): CERTIFICATE_REQUIREMENTS, first reason wins.
    unmet: dict[int, str] = {}
    for requirement in exporters.contributions(exporters.CERTIFICATE_REQUIREMENTS):
        for attendee_id, reason in requirement(event, attendees).items():
            unmet.setdefault(attendee_id, reason)
    result = []
    now = utcnow()
    for person in attendees:
        if not person.is_active and person.id not in certificates and person.id not in decisions:
            continue
        seen = present.get(person.id, set())
        applying = [s for s in sessions if s.applies_to(person)]
        counted = applying
        if is_late_registrant(person) and not settings.late_count_all:
            # Sessions held before they registered count only when they attended them.
            counted = [s for s in applying if s.starts_at >= person.created_at or s.id in seen]
        ids = {s.id for s in counted}
        required = shares.get(person.role)
        result.append(
            Eligibility(
                person,
                int(required) if required is not None else None,
                len(seen & ids),
                len(counted),
                decisions.get(person.id),
                certificates.get(person.id),
                late_missed=len(applying) - len(counted),
                remaining=sum(1 for s in counted if s.starts_at > now),
                unmet=unmet.get(person.id),
            )
        )
    order = {role: i for i, role in enumerate(ROLES)}
    result.sort(key=lambda e: (order.get(e.attendee.role, 9), e.attendee.full_name.lower()))
    return result


def is_late_registrant(attendee: Attendee) -> bool:
    """Someone who registered themselves or was added at the door: the sessions held before
    that are not theirs to miss. People the organiser listed (import, by hand) are measured on
    every session."""
    return (
        attendee.source in (Source.REGISTRATION.value, Source.WALK_IN.value)
        and attendee.created_at is not None
    )


def eligibility_of(event: Event, attendee: Attendee) -> Eligibility:
    return (
        eligibility(event, [attendee])[0]
        if attendee.is_active
        else Eligibility(attendee, None, 0, 0, None, None)
    )


def decide(
    event: Event, attendee: Attendee, decision: str | None, reason: str, user_id: int | None = None
) -> None:
    """Grant or deny by hand with a reason (kept, and audited); ``None`` goes back to attendance."""
    if attendee.event_id != event.id:
        raise ValueError("attendee of another event")
    existing = db.session.execute(
        select(CertificateDecision).where(CertificateDecision.attendee_id == attendee.id)
    ).scalar_one_or_none()
    if decision is None:
        if existing is not None:
            db.session.delete(existing)
        db.session.flush()
        return
    if decision not in (Decision.GRANT.value, Decision.DENY.value):
        raise CertificateError(_l("Choose grant or deny."), "decision")
    reason = " ".join((reason or "").split())
    if len(reason) < 3:
        raise CertificateError(_l("Give a reason (it is kept with the decision)."), "reason")
    if len(reason) > 300:
        raise CertificateError(_l("At most 300 characters."), "reason")
    if existing is None:
        existing = CertificateDecision(event_id=event.id, attendee_id=attendee.id)
        db.session.add(existing)
    existing.decision = decision
    existing.reason = reason
    existing.decided_by_id = user_id
    existing.decided_at = utcnow()
    db.session.flush()


# ---- issuing ----------------------------------------------------------------------------------


def last_session_end(event: Event) -> datetime:
    """When the event is over: the end of its last session, else the end of its last day."""
    last = last_end(event)
    if last is not None:
        return last
    return datetime.combine(event.ends_on + timedelta(days=1), time(0, 0), tzinfo=event.tz)


def is_before_end(event: Event, now: datetime | None = None) -> bool:
    return (now or utcnow()) < last_session_end(event)


def snapshot(event: Event, attendee: Attendee, work: RoleWork) -> dict:
    """What the certificate says about the person, kept as issued: identity lines as the
    signing protocol prints them (a PPPK: "NI PPPK …", "Golongan IX"), the institution's full
    name with its region, and what the person did (``work``)."""
    rank, id_line = person_lines(attendee.nip, attendee.category, attendee.golongan)
    return {
        "name": attendee.full_name,
        "public_name": attendee.public_name,
        "is_child": attendee.is_child,
        "nip": format_nip(attendee.nip, attendee.category),
        "category": attendee.category,
        "id_line": id_line,
        "rank": rank,
        "position": attendee.position,
        "institution": full_institution_name(attendee.institution_name, event.city),
        "role": attendee.role,
        "jp": work.jp,
        "sessions": [{"title": title, "jp": jp} for title, jp in work.sessions],
        "duty": work.duty,
        "group": work.group,
    }


@dataclass
class RoleWork:
    """What a person did, for their certificate: the sessions they delivered or moderated (title,
    JP) and their JP; a facilitator's group or a committee member's position as ``duty``."""

    jp: int
    sessions: list[tuple[str, int]]
    duty: str = ""  # the position, for the committee and whoever has no session or group
    group: str = ""  # the group a facilitator facilitated


class WorkIndex:
    """Who spoke at and moderated which session, read once per batch."""

    def __init__(self, event: Event):
        self.event = event
        self.sessions = event_sessions(event)
        self._jp: dict = {}

    def _participant_jp(self, attendee: Attendee) -> int:
        key = attendee.group_id
        if key not in self._jp:
            self._jp[key] = sum(s.jp for s in self.sessions if s.applies_to(attendee))
        return self._jp[key]

    def work_of(self, attendee: Attendee) -> RoleWork:
        if attendee.role == "narasumber":
            own = [
                s for s in self.sessions if any(link.attendee_id == attendee.id for link in s.speaker_links)
            ]
        elif attendee.role == "moderator":
            own = [s for s in self.sessions if s.moderator_id == attendee.id]
        else:
            own = []
        if own:  # a speaker's or moderator's JP are those of their own sessions, not the event's
            return RoleWork(sum(s.jp for s in own), [(s.title, s.jp) for s in own])
        group = attendee.group.name if attendee.role == "fasilitator" and attendee.group else ""
        duty = attendee.position or "" if attendee.role != "peserta" else ""
        return RoleWork(self._participant_jp(attendee), [], duty, group)


def issue_due(
    event: Event, *, force: bool = False, user_id: int | None = None, now: datetime | None = None
) -> list[Certificate]:
    """Number and create the certificates of everyone eligible who has none yet.

    The settings row is locked first (an UPDATE), so a second organiser issuing at the same moment
    waits, then sees these certificates and numbers only what is still due: numbers have no gaps
    and no doubles, on PostgreSQL (row lock) and on SQLite (the write lock)."""
    now = now or utcnow()
    if not force and is_before_end(event, now):
        raise IssueTooEarly(last_session_end(event))
    settings = stored_settings(event)
    db.session.flush()
    db.session.execute(
        update(CertificateSettings)
        .where(CertificateSettings.id == settings.id)
        .values(seq=CertificateSettings.seq)
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()  # read everything again under the lock
    settings = get_settings(event)
    due = [e.attendee for e in eligibility(event) if e.is_due]
    if not due:
        return []
    last = db.session.execute(
        update(CertificateSettings)
        .where(CertificateSettings.id == settings.id)
        .values(seq=CertificateSettings.seq + len(due))
        .returning(CertificateSettings.seq)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    first = last - len(due) + 1
    issued_on = issue_date(event, settings)
    work = WorkIndex(event)
    series: dict[str, int] = {}
    if settings.number_per_role:  # each role's last number so far (read under the same lock)
        for role, highest in db.session.execute(
            select(Attendee.role, func.max(Certificate.series_seq))
            .join(Attendee, Attendee.id == Certificate.attendee_id)
            .where(Certificate.event_id == event.id)
            .group_by(Attendee.role)
        ):
            series[role] = highest or 0
    certificates = []
    for offset, person in enumerate(due):
        seq = first + offset
        series_seq = None
        if settings.number_per_role:
            series_seq = series[person.role] = series.get(person.role, 0) + 1
        certificate = Certificate(
            event_id=event.id,
            attendee_id=person.id,
            seq=seq,
            series_seq=series_seq,
            number=format_number(
                settings.number_format,
                series_seq or seq,
                event.code,
                event.organising_unit,
                issued_on,
                person.role,
            ),
            code=new_code(),
            status=CertificateStatus.VALID.value,
            data=snapshot(event, person, work.work_of(person)),
            issued_at=now,
            issued_by_id=user_id,
        )
        db.session.add(certificate)
        certificates.append(certificate)
    db.session.flush()
    signals.certificate_issued.send(event, certificates=certificates)
    return certificates


def reissue(event: Event, certificate: Certificate, now: datetime | None = None) -> Certificate:
    """After a correction: the same number and code, the person's current data, valid again."""
    attendee = db.session.get(Attendee, certificate.attendee_id)
    certificate.data = snapshot(event, attendee, WorkIndex(event).work_of(attendee))
    certificate.reissued_at = now or utcnow()
    certificate.status = CertificateStatus.VALID.value
    certificate.revoked_at = None
    certificate.revoke_reason = None
    db.session.flush()
    signals.certificate_reissued.send(event, certificate=certificate)
    return certificate


def revoke(certificate: Certificate, reason: str, now: datetime | None = None) -> Certificate:
    reason = " ".join((reason or "").split())
    if len(reason) < 3:
        raise CertificateError(_l("Give a reason (it is kept with the decision)."), "reason")
    if len(reason) > 300:
        raise CertificateError(_l("At most 300 characters."), "reason")
    certificate.status = CertificateStatus.REVOKED.value
    certificate.revoked_at = now or utcnow()
    certificate.revoke_reason = reason
    db.session.flush()
    signals.certificate_revoked.send(db.session.get(Event, certificate.event_id), certificate=certificate)
    return certificate


def get_certificate(event: Event, certificate_id: int) -> Certificate | None:
    certificate = db.session.get(Certificate, certificate_id)
    return certificate if certificate is not None and certificate.event_id == event.id else None


def certificate_of(attendee: Attendee) -> Certificate | None:
    return db.session.scalars(select(Certificate).where(Certificate.attendee_id == attendee.id)).one_or_none()


def find_by_code(code: str) -> Certificate | None:
    code = (code or "").strip().upper()
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return db.session.execute(select(Certificate).where(Certificate.code == code)).scalar_one_or_none()


def issued(event: Event) -> list[Certificate]:
    return db.session.scalars(
        select(Certificate).where(Certificate.event_id == event.id).order_by(Certificate.seq)
    ).all()


# ---- what the certificate says ----------------------------------------------------------------


def date_range(start: date, end: date, lang: str) -> str:
    """'18 s.d. 20 November 2026' (Indonesian) or '18–20 November 2026'."""
    return day_span(start, end, lang, " s.d. " if lang == "id" else "–")


class Programme:
    """The programme page's rows per group (a breakout appears for its group's members only),
    computed once per batch."""

    def __init__(self, event: Event):
        self.event = event
        self.sessions = event_sessions(event)
        self._rows: dict[int | None, list[pdf.ProgrammeRow]] = {}

    def rows_titled(self, titles: set[str]) -> list[pdf.ProgrammeRow]:
        """The rows of the sessions with these titles (a speaker's own, breakouts included)."""
        return [
            pdf.ProgrammeRow(s.title, ", ".join(p.full_name for p in s.speakers), s.jp)
            for s in self.sessions
            if s.title in titles and s.jp > 0
        ]

    def rows_for(self, group_id: int | None) -> list[pdf.ProgrammeRow]:
        if group_id not in self._rows:
            rows = []
            for s in self.sessions:
                if s.jp <= 0:
                    continue
                if not s.is_for_everyone and not any(link.group_id == group_id for link in s.audience):
                    continue
                rows.append(pdf.ProgrammeRow(s.title, ", ".join(p.full_name for p in s.speakers), s.jp))
            self._rows[group_id] = rows
        return self._rows[group_id]


def verification_url(certificate: Certificate, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/v/{certificate.code}"


def _digits(text: str | None) -> str:
    return "".join(ch for ch in (text or "") if ch.isdigit())


def _same_person(settings: CertificateSettings, index: int, data: dict) -> bool:
    """Is signatory ``index`` (1 or 2) the certificate's holder? By NIP when both have one, else
    by name (case, spacing and punctuation folded)."""
    name = getattr(settings, f"signatory{index}_name")
    if not name:
        return False
    nip, holder_nip = _digits(getattr(settings, f"signatory{index}_nip")), _digits(data.get("nip"))
    if nip and holder_nip:
        return nip == holder_nip
    return fold(name) == fold(data.get("name", ""))


def signers_for(settings: CertificateSettings, data: dict) -> tuple[int | None, int | None]:
    """(the issuing official, the second signatory) of one certificate, as 1/2/None: signatory 1
    issues (right), signatory 2 knows ("Mengetahui", left). Nobody signs their own certificate:
    when the holder is one of them, the other signs alone, as the issuing official."""
    present = [i for i in (1, 2) if getattr(settings, f"signatory{i}_name")]
    signing = [i for i in present if not _same_person(settings, i, data)]
    if not signing:
        return None, None
    return signing[0], (signing[1] if len(signing) > 1 else None)


def self_signing_notes(event: Event, rows: list[Eligibility] | None = None) -> list[str]:
    """What the organiser is told before issuing: each signatory who receives a certificate, and
    who signs theirs instead (or that nobody can: add a second signatory). ``rows``: the event's
    eligibility when the caller has it already."""
    settings = get_settings(event)
    if settings.id is None:
        return []
    notes = []
    for row in eligibility(event) if rows is None else rows:
        if not row.eligible:
            continue
        person = row.attendee
        data = {"name": person.full_name, "nip": person.nip}
        for i in (1, 2):
            if not _same_person(settings, i, data):
                continue
            issuer, _second = signers_for(settings, data)
            if issuer is None:
                notes.append(
                    _(
                        "%(name)s signs the certificates and receives one: add a second signatory, "
                        "who signs it instead.",
                        name=person.full_name,
                    )
                )
            else:
                notes.append(
                    _(
                        "%(name)s signs the certificates and receives one: theirs is signed by "
                        "%(other)s alone.",
                        name=person.full_name,
                        other=getattr(settings, f"signatory{issuer}_name"),
                    )
                )
    return notes


def _signer(settings: CertificateSettings, index: int) -> Signer:
    nip = getattr(settings, f"signatory{index}_nip")
    return Signer(
        position=getattr(settings, f"signatory{index}_title"),
        name=getattr(settings, f"signatory{index}_name"),
        rank=getattr(settings, f"signatory{index}_rank") or "",
        id_line=f"NIP {format_nip(nip)}" if nip else "",
        image=f"signatory{index}_image" if getattr(settings, f"signatory{index}_image") else None,
    )


def _sessions_text(sessions: list[dict]) -> str:
    return ", ".join(f"“{s['title']}” ({s['jp']} JP)" for s in sessions)


def role_wording(data: dict) -> tuple[str, str, str]:
    """(role line, the line before the event's title, what they did) in the current language.
    Peserta: "sebagai PESERTA" / "telah mengikuti"; narasumber: "sebagai NARASUMBER" / "pada
    kegiatan" / the sessions they delivered with their JP; moderator, fasilitator, panitia: "telah
    berpartisipasi sebagai …" / "pada kegiatan" / the sessions they moderated, the group they
    facilitated or their position on the committee."""
    role = data.get("role", "peserta")
    sessions = data.get("sessions") or []
    if role == "peserta":
        return _("as %(role)s", role=role_label(role)), _("for taking part in"), ""
    if role == "narasumber":
        line = _("as %(role)s", role=role_label(role))
        did = _("with the sessions %(sessions)s", sessions=_sessions_text(sessions)) if sessions else ""
    else:
        line = _("for taking part as %(role)s", role=role_label(role))
        did = ""
        if sessions:
            did = _("moderating %(sessions)s", sessions=_sessions_text(sessions))
        elif data.get("group"):
            did = _("facilitating the discussion of group %(group)s", group=data["group"])
        elif data.get("duty"):
            did = _("serving as %(position)s", position=data["duty"])
    return line, _("in the activity"), did


def certificate_doc(
    event: Event,
    settings: CertificateSettings,
    certificate: Certificate,
    lang: str,
    base_url: str,
    programme: Programme,
    group_id: int | None,
) -> pdf.CertificateDoc:
    """Everything printed on one certificate, in Indonesian ('id') or English ('en')."""
    data = certificate.data or {}
    with force_locale(lang):
        details = []
        id_line = data.get("id_line")
        if id_line is None and data.get("nip"):  # issued before the identity line was kept
            id_line = f"NIP {data['nip']}"
        rank = data.get("rank") or ""
        if rank and data.get("category") != "PPPK":
            rank = _("Rank/grade %(rank)s", rank=rank)
        if id_line or rank:
            details.append("   ·   ".join(filter(None, [id_line, rank])))
        if data.get("position"):
            details.append(data["position"])
        if data.get("institution"):
            details.append(data["institution"])
        place = ", ".join(filter(None, [event.venue, event.city]))
        body = _(
            "organised by %(organiser)s (%(unit)s) on %(dates)s%(place)s, a total of %(jp)d JP (lesson hours).",
            organiser=event.organiser,
            unit=event.organising_unit,
            dates=date_range(event.starts_on, event.ends_on, lang),
            place=_(" at %(place)s", place=place) if place else "",
            jp=data.get("jp", 0),
        )
        role_line, attended, did = role_wording(data)
        if did:
            body = f"{did}, {body}"
        issued_on = babel_format_date(issue_date(event, settings), "d MMMM yyyy", locale=lang)
        issuer, second = signers_for(settings, data)
        signing = None
        if issuer is not None:
            signing = Signing(
                place_and_date=", ".join(filter(None, [settings.issue_place, issued_on])),
                issuer=_signer(settings, issuer),
                second=replace(_signer(settings, second), lead=_("Acknowledged,")) if second else None,
            )
        rows = programme.rows_for(group_id)
        own = {s["title"] for s in data.get("sessions") or []}
        if own:  # a speaker's or moderator's programme page: their own sessions, their own JP
            rows = programme.rows_titled(own)
        url = verification_url(certificate, base_url)
        return pdf.CertificateDoc(
            heading=_("CERTIFICATE"),
            number_line=_("Number: %(number)s", number=certificate.number),
            given_to=_("is awarded to"),
            name=data.get("name", ""),
            details=details,
            role_line=role_line,
            attended=attended,
            event_title=event.title,
            body=body,
            signing=signing,
            qr_url=url,
            code=certificate.code,
            verify_note=_("Check this certificate: %(url)s", url=url),
            disclaimer=_("The QR code links to the verification page; it is not an electronic signature."),
            programme_heading=_("PROGRAMME"),
            programme_headers=(_("No"), _("Material"), _("Speakers"), "JP"),
            programme=rows,
            total_label=_("Total"),
            total_jp=sum(r.jp for r in rows),
            title_meta=f"{_('CERTIFICATE')} {certificate.number}",
            author_meta=event.issuing_body,
            subject_meta=event.title,
        )


def asset_paths(settings: CertificateSettings) -> tuple:
    """The image files of an event's certificates (logos, background, signatures), as
    ``pdf.Assets.load`` takes them: plain paths, so they cross to the rendering processes."""
    logos = [str(p) for p in (image_path(settings, "logo_left"), image_path(settings, "logo_right")) if p]
    images = {
        f: str(path) if (path := image_path(settings, f)) else None
        for f in ("signatory1_image", "signatory2_image")
    }
    background = image_path(settings, "background")
    return logos, str(background) if background else None, images


def load_assets(settings: CertificateSettings) -> pdf.Assets:
    return pdf.Assets.load(*asset_paths(settings))


# ---- rendering many: every core, in order, memory bounded (issue 17) -----------------------------

_RENDER_ASSETS: pdf.Assets | None = None


def _start_renderer(paths: tuple) -> None:
    """In each rendering process, once: decode the event's images, register the fonts."""
    global _RENDER_ASSETS
    pdf.register_fonts()
    _RENDER_ASSETS = pdf.Assets.load(*paths)


def _render_doc(doc: pdf.CertificateDoc) -> bytes:
    return pdf.render(doc, _RENDER_ASSETS)


def render_many(event: Event, certificates: list[Certificate], lang: str, base_url: str):
    """The PDF bytes of ``certificates``, in their order. The texts are built here (they read the
    database and the translations); the drawing runs in a pool of processes sized to the machine
    (workshop.core.parallel), a few chunks ahead of what the caller has taken."""
    from workshop.core.parallel import ordered_map

    settings = get_settings(event)
    programme = Programme(event)
    groups = dict(
        db.session.execute(select(Attendee.id, Attendee.group_id).where(Attendee.event_id == event.id)).all()
    )
    docs = (
        certificate_doc(event, settings, c, lang, base_url, programme, groups.get(c.attendee_id))
        for c in certificates
    )
    yield from ordered_map(_render_doc, docs, initializer=_start_renderer, initargs=(asset_paths(settings),))


def render_certificate(event: Event, certificate: Certificate, lang: str, base_url: str) -> bytes:
    settings = get_settings(event)
    attendee = db.session.get(Attendee, certificate.attendee_id)
    doc = certificate_doc(event, settings, certificate, lang, base_url, Programme(event), attendee.group_id)
    return pdf.render(doc, load_assets(settings))


def file_name(certificate: Certificate, lang: str = "id") -> str:
    stem = "sertifikat" if lang == "id" else "certificate"
    safe = "".join(ch if ch.isalnum() else "-" for ch in certificate.number).strip("-")
    return f"{stem}-{safe}.pdf"


def stored_copy(certificate: Certificate, lang: str) -> bytes | None:
    """A stored copy that replaces a new render (the signed PDF), from whichever module keeps
    one (the ``certificates.pdf`` contribution point); None: render it."""
    for copy in exporters.contributions(exporters.CERTIFICATE_PDF):
        body = copy(certificate, lang)
        if body:
            return body
    return None


def write_zip(event: Event, target, base_url: str, lang: str = "id", progress=None) -> int:
    """Every issued certificate (revoked ones too are left out) into one ZIP; returns how many.
    A stored (signed) copy is written as it is; the rest are rendered on every core
    (``render_many``) and written in order as they come. PDFs are already compressed, so they are
    stored, not deflated again."""
    certificates = [c for c in issued(event) if c.is_valid]
    if progress is not None:
        progress.start(len(certificates))
    kept = {c.id for c in certificates if stored_copy(c, lang) is not None}
    rendered = render_many(event, [c for c in certificates if c.id not in kept], lang, base_url)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            data = stored_copy(certificate, lang) if certificate.id in kept else next(rendered)
            archive.writestr(file_name(certificate, lang), data)
            if progress is not None:
                progress.advance()
    return len(certificates)


def build_zip_job(job, event_id: int, base_url: str, lang: str = "id") -> None:
    """The job behind "download all": see workshop.jobs.services."""
    event = db.session.get(Event, event_id)
    path = job.result_file(
        f"sertifikat-{event.slug}.zip" if lang == "id" else f"certificates-{event.slug}.zip"
    )
    with path.open("wb") as target:
        write_zip(event, target, base_url, lang, progress=job)
