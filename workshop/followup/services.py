"""The follow-up rules: checkpoints, which agency answers for which adopted RTL row, the agencies'
links, and the reports they save. Adopted RTL rows are read through the groups module's models
(groups/adoption.py: a group is adopted once ``adopted_at`` is set); nothing here calls the groups
services. Plain functions: they flush, never commit, never read the request."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from workshop.attendees.models import Institution
from workshop.attendees.reference import canonical_institution
from workshop.attendees.rules import FieldProblem, clean_phone
from workshop.attendees.services import find_institution
from workshop.core import text as text_rules
from workshop.core.db import utcnow
from workshop.core.tokens import hash_token, random_token
from workshop.events.models import Event
from workshop.extensions import db
from workshop.followup.models import (
    STATUSES,
    FollowupAgency,
    FollowupCheckpoint,
    FollowupEvidence,
    FollowupReport,
    FollowupRevision,
    FollowupRow,
    Status,
)
from workshop.groups.errors import Conflict as Conflict  # what a save refuses with (followup/agency.py)
from workshop.groups.errors import GroupError, InvalidInput
from workshop.groups.models import Group, RtlRow
from workshop.groups.validation import parse_budget
from workshop.groups.versions import field_changes, save_with_versions
from workshop.lifecycle.services import add_months

DEFAULT_MONTHS = (3, 6)  # the default checkpoints: this many months after the event's last day
LINK_DAYS_AFTER_LAST_CHECKPOINT = 30  # a new link stays open this long after the last checkpoint
MAX_CHECKPOINTS = 6
MAX_NOTE = 2000
MAX_REASON = 1000
MAX_NAME = 200
REPORT_FIELDS = ("status", "cancel_reason", "realisation_pct", "budget_realised", "note")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# "DP3AKB, Dinas Kesehatan" or "Dinsos / DP3AKB": the first named agency leads (the others are
# partners); "dan" is not a separator ("Dinas Pendidikan dan Kebudayaan" is one agency).
_SEPARATORS = re.compile(r"[,;/+&]|\n")


class FollowupError(GroupError):
    """A follow-up rule refused (a message, and the form field it is about)."""


# ---- checkpoints ------------------------------------------------------------------------------


def checkpoints_of(event: Event) -> list[FollowupCheckpoint]:
    return db.session.scalars(
        select(FollowupCheckpoint)
        .where(FollowupCheckpoint.event_id == event.id)
        .order_by(FollowupCheckpoint.due_on, FollowupCheckpoint.id)
    ).all()


def get_checkpoint(event: Event, checkpoint_id) -> FollowupCheckpoint | None:
    checkpoint = db.session.get(FollowupCheckpoint, checkpoint_id) if isinstance(checkpoint_id, int) else None
    return checkpoint if checkpoint is not None and checkpoint.event_id == event.id else None


def default_dates(event: Event) -> list[date]:
    return [add_months(event.ends_on, months) for months in DEFAULT_MONTHS]


def _check_date(event: Event, due_on) -> date:
    if not isinstance(due_on, date):
        raise FollowupError(_l("Enter a date."), "due_on")
    if due_on <= event.ends_on:
        raise FollowupError(_l("A checkpoint comes after the event's last day."), "due_on")
    if due_on > add_months(event.ends_on, 60):
        raise FollowupError(_l("A checkpoint within five years of the event, please."), "due_on")
    return due_on


def set_up(event: Event) -> list[FollowupCheckpoint]:
    """The default checkpoints (if the event has none yet) and the rows they cover."""
    if not checkpoints_of(event):
        for due_on in default_dates(event):
            db.session.add(FollowupCheckpoint(event_id=event.id, due_on=due_on))
        db.session.flush()
    sync_rows(event)
    return checkpoints_of(event)


def add_checkpoint(event: Event, due_on) -> FollowupCheckpoint:
    due_on = _check_date(event, due_on)
    if len(checkpoints_of(event)) >= MAX_CHECKPOINTS:
        raise FollowupError(_l("At most %(n)d checkpoints.", n=MAX_CHECKPOINTS), "due_on")
    checkpoint = FollowupCheckpoint(event_id=event.id, due_on=due_on)
    db.session.add(checkpoint)
    db.session.flush()
    sync_rows(event)
    return checkpoint


def move_checkpoint(checkpoint: FollowupCheckpoint, event: Event, due_on) -> FollowupCheckpoint:
    checkpoint.due_on = _check_date(event, due_on)
    db.session.flush()
    return checkpoint


def delete_checkpoint(checkpoint: FollowupCheckpoint, event: Event) -> None:
    """Only a checkpoint nobody has reported for yet (its reports would go with it)."""
    reported = db.session.execute(
        select(FollowupReport.id).where(
            FollowupReport.checkpoint_id == checkpoint.id, FollowupReport.reported_at.is_not(None)
        )
    ).first()
    with_files = db.session.execute(
        select(FollowupEvidence.id)
        .join(FollowupReport, FollowupReport.id == FollowupEvidence.report_id)
        .where(FollowupReport.checkpoint_id == checkpoint.id)
    ).first()
    if reported is not None or with_files is not None:
        raise FollowupError(_l("Agencies have already reported for this checkpoint; it stays."))
    for evidence_owner in db.session.execute(
        select(FollowupReport).where(FollowupReport.checkpoint_id == checkpoint.id)
    ).scalars():
        db.session.delete(evidence_owner)
    db.session.delete(checkpoint)
    db.session.flush()


def last_checkpoint_day(event: Event) -> date | None:
    """For the retention period (lifecycle.retention_from): it runs from the last checkpoint."""
    return db.session.scalar(
        select(func.max(FollowupCheckpoint.due_on)).where(FollowupCheckpoint.event_id == event.id)
    )


def latest_passed_checkpoint(checkpoints: list[FollowupCheckpoint], today: date) -> FollowupCheckpoint | None:
    """The checkpoint the organiser looks at first: the last one passed, else the first."""
    passed = [c for c in checkpoints if c.due_on < today]
    return passed[-1] if passed else (checkpoints[0] if checkpoints else None)


def current_checkpoint(checkpoints: list[FollowupCheckpoint], today: date) -> FollowupCheckpoint | None:
    """The checkpoint agencies report for now: the first not yet past, else the last."""
    for checkpoint in checkpoints:
        if checkpoint.due_on >= today:
            return checkpoint
    return checkpoints[-1] if checkpoints else None


# ---- which agency answers for which row ------------------------------------------------------------


def adopted_rows(event: Event) -> list[tuple[RtlRow, Group]]:
    """The event's adopted RTL rows with their group, in the groups' and the rows' order."""
    return list(
        db.session.execute(
            select(RtlRow, Group)
            .join(Group, Group.id == RtlRow.group_id)
            .where(Group.event_id == event.id, Group.adopted_at.is_not(None), RtlRow.deleted_at.is_(None))
            .order_by(Group.position, Group.id, RtlRow.position, RtlRow.id)
        ).tuples()
    )


def lead_agency_text(responsible: str) -> str:
    """The agency named first in a row's free-text "penanggung jawab"."""
    for part in _SEPARATORS.split(responsible or ""):
        if part.strip():
            return " ".join(part.split())
    return ""


def event_institutions(event: Event) -> list[Institution]:
    """The institutions the event knows, by name: what an organiser may match a row's agency to."""
    return db.session.scalars(
        select(Institution).where(Institution.event_id == event.id).order_by(Institution.name)
    ).all()


def agency_named(event: Event, text: str) -> FollowupAgency:
    """The event's agency for what a row names: folded and matched through the known aliases
    (attendees/reference.py) to the institutions the event knows, else a new agency by that name."""
    key, name, _cluster = canonical_institution(text, event.city)
    institution = find_institution(event, key)
    if institution is not None:
        return agency_of_institution(event, institution)
    return _agency(event, key or "-", name or str(_l("(no agency named)")), None)


def agency_of_institution(event: Event, institution: Institution) -> FollowupAgency:
    return _agency(event, institution.key, institution.name, institution.id)


def _agency(event: Event, key: str, name: str, institution_id: int | None) -> FollowupAgency:
    key = key[:200]
    agency = db.session.execute(
        select(FollowupAgency).where(FollowupAgency.event_id == event.id, FollowupAgency.key == key)
    ).scalar_one_or_none()
    if agency is None:
        agency = FollowupAgency(event_id=event.id, key=key, name=name[:200], institution_id=institution_id)
        db.session.add(agency)
        db.session.flush()
    elif institution_id is not None and agency.institution_id is None:
        agency.institution_id = institution_id
    return agency


def sync_rows(event: Event) -> int:
    """Every adopted row gets its agency (kept when the organiser corrected it) and a report per
    checkpoint. Returns how many rows are followed."""
    followed = {
        r.rtl_row_id: r
        for r in db.session.execute(select(FollowupRow).where(FollowupRow.event_id == event.id)).scalars()
    }
    rows = adopted_rows(event)
    for rtl_row, _group in rows:
        agency = agency_named(event, lead_agency_text(rtl_row.responsible))
        existing = followed.get(rtl_row.id)
        if existing is None:
            db.session.add(FollowupRow(event_id=event.id, rtl_row_id=rtl_row.id, agency_id=agency.id))
        elif not existing.is_corrected and existing.agency_id != agency.id:
            existing.agency_id = agency.id
    db.session.flush()
    _ensure_reports(event)
    return len(rows)


def _ensure_reports(event: Event) -> None:
    have = set(
        db.session.execute(
            select(FollowupReport.checkpoint_id, FollowupReport.row_id).where(
                FollowupReport.event_id == event.id
            )
        ).tuples()
    )
    row_ids = (
        db.session.execute(select(FollowupRow.id).where(FollowupRow.event_id == event.id)).scalars().all()
    )
    for checkpoint in checkpoints_of(event):
        for row_id in row_ids:
            if (checkpoint.id, row_id) in have:
                continue
            try:
                with db.session.begin_nested():
                    db.session.add(
                        FollowupReport(event_id=event.id, checkpoint_id=checkpoint.id, row_id=row_id)
                    )
                    db.session.flush()
            except IntegrityError:  # made at the same moment by another request
                continue


def correct_agency(event: Event, followup_row: FollowupRow, institution: Institution) -> FollowupRow:
    """The organiser's match: the row's agency is this institution of the event."""
    if institution.event_id != event.id or followup_row.event_id != event.id:
        raise FollowupError(_l("Choose an institution of this event."), "institution")
    followup_row.agency_id = agency_of_institution(event, institution).id
    followup_row.is_corrected = True
    db.session.flush()
    return followup_row


@dataclass
class Line:
    """One followed row as the pages and the report show it."""

    row: FollowupRow
    rtl: RtlRow
    group: Group
    agency: FollowupAgency


def lines(event: Event, agency: FollowupAgency | None = None) -> list[Line]:
    """The followed rows (adopted, not deleted), optionally of one agency only."""
    query = (
        select(FollowupRow, RtlRow, Group, FollowupAgency)
        .join(RtlRow, RtlRow.id == FollowupRow.rtl_row_id)
        .join(Group, Group.id == RtlRow.group_id)
        .join(FollowupAgency, FollowupAgency.id == FollowupRow.agency_id)
        .where(FollowupRow.event_id == event.id, Group.adopted_at.is_not(None), RtlRow.deleted_at.is_(None))
        .order_by(Group.position, Group.id, RtlRow.position, RtlRow.id)
    )
    if agency is not None:
        query = query.where(FollowupRow.agency_id == agency.id)
    return [Line(*t) for t in db.session.execute(query).tuples()]


def agencies_of(event: Event) -> list[FollowupAgency]:
    """The agencies that answer for at least one followed row, by name."""
    ids = {line.agency.id for line in lines(event)}
    return sorted(
        (
            a
            for a in db.session.execute(
                select(FollowupAgency).where(FollowupAgency.event_id == event.id)
            ).scalars()
            if a.id in ids
        ),
        key=lambda a: a.name.lower(),
    )


def reports_by_row(checkpoint: FollowupCheckpoint) -> dict[int, FollowupReport]:
    return {
        r.row_id: r
        for r in db.session.execute(
            select(FollowupReport).where(FollowupReport.checkpoint_id == checkpoint.id)
        ).scalars()
    }


# ---- links --------------------------------------------------------------------------------------


def default_link_expiry(event: Event) -> date:
    last = last_checkpoint_day(event) or default_dates(event)[-1]
    return last + timedelta(days=LINK_DAYS_AFTER_LAST_CHECKPOINT)


def issue_link(agency: FollowupAgency, event: Event, valid_until) -> str:
    """A new link for the agency (the old one stops working); the token is returned once and
    kept only as its hash. Open until the end of ``valid_until`` in the event's time zone."""
    if not isinstance(valid_until, date) or valid_until < utcnow().astimezone(event.tz).date():
        raise FollowupError(_l("Choose a day from today on."), "valid_until")
    if valid_until > add_months(utcnow().date(), 36):
        raise FollowupError(_l("A link stays open at most three years."), "valid_until")
    token = random_token()
    agency.token_hash = hash_token(token)
    agency.link_created_at = utcnow()
    end = datetime.combine(valid_until + timedelta(days=1), time(0), tzinfo=event.tz)
    agency.link_expires_at = end.astimezone(UTC)
    agency.link_revoked_at = None
    db.session.flush()
    return token


def revoke_link(agency: FollowupAgency) -> None:
    if agency.token_hash is not None and agency.link_revoked_at is None:
        agency.link_revoked_at = utcnow()
        db.session.flush()


def agency_for_token(token: str) -> FollowupAgency | None:
    """The agency whose link this is, while the link is open (expired or revoked: None)."""
    if not token or len(token) > 100:
        return None
    agency = db.session.execute(
        select(FollowupAgency).where(FollowupAgency.token_hash == hash_token(token))
    ).scalar_one_or_none()
    return agency if agency is not None and agency.link_is_open(utcnow()) else None


def report_of_agency(agency: FollowupAgency, report_id) -> FollowupReport | None:
    """The report, if it is about a followed row of this agency (another agency's: None)."""
    report = db.session.get(FollowupReport, report_id) if isinstance(report_id, int) else None
    if report is None or report.event_id != agency.event_id or report.row.agency_id != agency.id:
        return None
    rtl = db.session.get(RtlRow, report.row.rtl_row_id)
    group = db.session.get(Group, rtl.group_id) if rtl is not None else None
    if rtl is None or rtl.deleted_at is not None or group is None or group.adopted_at is None:
        return None
    return report


# ---- saving a report ----------------------------------------------------------------------------------


def _text(value, limit: int, field: str, errors: dict) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[field] = str(_l("Enter text."))
        return ""
    if text_rules.forbidden_character(value):
        errors[field] = str(text_rules.MESSAGE)
        return ""
    text = _CONTROL.sub("", value).strip()
    if len(text) > limit:
        errors[field] = str(_l("At most %(n)d characters.", n=limit))
    return text


def _percent(value, errors: dict) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"\s*\d{1,3}\s*%?\s*", value):
        number = int(value.strip().rstrip("%"))
    else:
        number = None
    if number is None or not 0 <= number <= 100:
        errors["realisation_pct"] = str(_l("Enter a whole number from 0 to 100."))
        return None
    return number


def clean_report(data: dict) -> dict:
    """The report fields present in ``data``, checked; InvalidInput names each bad field."""
    errors: dict[str, str] = {}
    values: dict = {}
    for field in REPORT_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field == "status":
            if value not in STATUSES:
                errors[field] = str(_l("Choose a status."))
            values[field] = value
        elif field == "realisation_pct":
            values[field] = _percent(value, errors)
        elif field == "budget_realised":
            try:
                values[field] = parse_budget(value)
            except ValueError as error:
                errors[field] = str(error)
        elif field == "cancel_reason":
            values[field] = _text(value, MAX_REASON, field, errors)
        else:
            values[field] = _text(value, MAX_NOTE, field, errors)
    if errors:
        raise InvalidInput(errors)
    return values


def clean_reporter(name, phone) -> tuple[str, str]:
    """The focal person's name (required: every change is recorded under it) and phone."""
    errors: dict[str, str] = {}
    clean_name = _text(name, MAX_NAME, "reporter_name", errors)
    if not clean_name and "reporter_name" not in errors:
        errors["reporter_name"] = str(_l("Enter your name first: every change is recorded with it."))
    clean_number = ""
    try:
        clean_number = clean_phone(phone if isinstance(phone, str) else "", "reporter_phone") or ""
    except FieldProblem as problem:
        errors["reporter_phone"] = str(problem.message)
    if errors:
        raise InvalidInput(errors)
    return clean_name, clean_number


def _changed_since(report: FollowupReport, version: int) -> set[str]:
    return set(
        db.session.execute(
            select(FollowupRevision.field).where(
                FollowupRevision.report_id == report.id, FollowupRevision.version > version
            )
        ).scalars()
    )


def _check_reason(report: FollowupReport, values: dict) -> None:
    status = values.get("status", report.status)
    reason = values.get("cancel_reason", report.cancel_reason)
    if status == Status.CANCELLED.value and not reason:
        raise InvalidInput({"cancel_reason": str(_l("Say why the action was cancelled."))})


def save_report(
    report: FollowupReport, base_version, data: dict, reporter: tuple[str, str]
) -> FollowupReport:
    """Apply the changed fields unless one was changed by someone else since ``base_version``
    (Conflict: nothing written, the current report goes back); other fields merge. The UPDATE is
    guarded by the version column, so two saves at the same instant cannot both pass the check
    (the same optimistic concurrency as the RTL rows: groups/versions.py)."""
    values = clean_report(data)
    name, phone = reporter

    def sign(report: FollowupReport) -> None:
        report.reporter_name, report.reporter_phone = name, phone
        report.reported_at = report.reported_at or report.updated_at

    def record(changes: dict) -> None:
        for revision in field_changes(changes):
            db.session.add(
                FollowupRevision(
                    event_id=report.event_id,
                    report_id=report.id,
                    version=report.version,
                    reporter_name=name,
                    **revision,
                )
            )

    return save_with_versions(
        report,
        base_version,
        values,
        changed_since=lambda version: _changed_since(report, version),
        record=record,
        check=lambda report: _check_reason(report, values),
        extra=sign,
    )


def report_json(report: FollowupReport) -> dict:
    return {
        "id": report.id,
        "version": report.version,
        **{name: getattr(report, name) for name in REPORT_FIELDS},
        "budget_display": ""
        if report.budget_realised is None
        else f"{report.budget_realised:,}".replace(",", "."),
        "reported_by": report.reporter_name,
    }


def revisions_of(report: FollowupReport) -> list[FollowupRevision]:
    return db.session.scalars(
        select(FollowupRevision)
        .where(FollowupRevision.report_id == report.id)
        .order_by(FollowupRevision.id.desc())
    ).all()
