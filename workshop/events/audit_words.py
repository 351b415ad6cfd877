"""The audit log in words an inspector reads: what was done, to which person or object (by its
name), which fields (by their labels), old → new values in plain words, in the event's local
time, and who did it. Nothing here writes; the log itself is workshop/core/audit.py.

Every audited model (``__audit__ = True``) has a name in ENTITIES and a label for each of its
columns in FIELDS (tests/events/test_audit_words.py walks them all), so no class or column name
ever shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect, select

from workshop.core import labels
from workshop.core.audit import SECRET_MARK, AuditEntry
from workshop.core.i18n import event_datetime
from workshop.core.text import escape_formula
from workshop.events.models import Event
from workshop.extensions import db

# Audited model -> what it is called.
ENTITIES = {
    "ActivityReport": _l("activity report"),
    "AgendaMaterial": _l("session material"),
    "AgendaSession": _l("agenda session"),
    "Attendee": _l("attendee"),
    "Certificate": _l("certificate"),
    "CertificateDecision": _l("certificate decision"),
    "CertificateSettings": _l("certificate settings"),
    "CheckIn": _l("check-in"),
    "CheckInVoid": _l("cancelled check-in"),
    "DeviceToken": _l("scanner phone"),
    "Event": _l("event"),
    "Group": _l("discussion group"),
    "GroupFacilitator": _l("group facilitator"),
    "GroupNotes": _l("group notes"),
    "DocumentSettings": _l("letterhead and document settings"),
    "Institution": _l("institution"),
    "Invitation": _l("invitation"),
    "Membership": _l("team membership"),
    "PairingCode": _l("scanner pairing code"),
    "ReportPhoto": _l("report photo"),
    "RtlRow": _l("follow-up plan (RTL) row"),
    "SessionGroup": _l("group of a session"),
    "SessionSpeaker": _l("session speaker"),
    "SigningSettings": _l("electronic signature settings"),
    "User": _l("account"),
    "HonorariumSettings": _l("SPJ settings"),
    "HonorariumRate": _l("fee rate"),
    "HonorariumRecipient": _l("fee recipient (SPJ)"),
    "SessionMinutes": _l("session minutes"),
    "FollowupCheckpoint": _l("follow-up checkpoint"),
    "FollowupAgency": _l("agency of the RTL follow-up"),
    "FollowupRow": _l("RTL row followed up"),
    "FollowupReport": _l("follow-up report of an RTL row"),
    "FollowupEvidence": _l("follow-up evidence file"),
    "Evaluation": _l("evaluation"),
    "TestQuestion": _l("test question"),
    "FormQuestion": _l("evaluation question"),
    "LetterSettings": _l("letter settings"),
    "Letter": _l("letter"),
    "LetterAddressee": _l("letter addressee"),
}

ACTIONS = {
    "create": _l("created"),
    "update": _l("changed"),
    "delete": _l("deleted"),
    "erase": _l("erased the personal data of"),
    "purge": _l("erased after the retention period"),
}

# Column -> label, the same wherever the column appears; (model, column) where a model differs.
FIELDS = {
    "event_id": _l("Event"),
    "created_at": _l("Created"),
    "title": _l("Title"),
    "name": _l("Name"),
    "code": _l("Code"),
    "status": _l("Status"),
    "role": _l("Role"),
    "position": _l("Order"),
    "kind": _l("Kind"),
    "slug": _l("Web address"),
    "description": _l("Description"),
    "organiser": _l("Organiser"),
    "organising_unit": _l("Organising unit"),
    "venue": _l("Venue"),
    "city": _l("City"),
    "starts_on": _l("First day"),
    "ends_on": _l("Last day"),
    "timezone": _l("Time zone"),
    "registration_opens_at": _l("Registration opens"),
    "registration_closes_at": _l("Registration closes"),
    "capacity": _l("Capacity"),
    "retention_months": _l("Keep personal data (months)"),
    "privacy_contact": _l("Contact for personal data"),
    "reg_number": _l("Registration no."),
    "ticket_code": _l("Ticket code"),
    "source": _l("Added by"),
    "full_name": _l("Name"),
    "gender": _l("Gender"),
    "category": _l("Category"),
    "nip": _l("NIP / NI PPPK"),
    "golongan": _l("Pangkat/golongan"),
    "institution_text": _l("Instansi/OPD"),
    "institution_id": _l("Instansi/OPD"),
    "work_unit": _l("Unit kerja"),
    "phone": _l("Phone/WhatsApp"),
    "email": _l("Email"),
    "group_id": _l("Discussion group"),
    "bio": _l("Biography"),
    "photo_path": _l("Photo"),
    "consent_at": _l("Consent given"),
    "guardian_name": _l("Parent or guardian"),
    "guardian_consent_at": _l("Guardian's consent given"),
    "guardian_consent_method": _l("Guardian's consent"),
    "replaces_id": _l("Replaces"),
    "cancelled_at": _l("Cancelled on"),
    "cancel_reason": _l("Reason for cancelling"),
    "starts_at": _l("Starts"),
    "ends_at": _l("Ends"),
    "room": _l("Room"),
    "moderator_id": _l("Moderator"),
    "jp_override": _l("Lesson hours (JP)"),
    "requires_checkin": _l("Check-in required"),
    "checkin_opens_at": _l("Check-in opens"),
    "checkin_closes_at": _l("Check-in closes"),
    "is_for_everyone": _l("For everyone"),
    "self_checkin": _l("Self check-in"),
    "session_id": _l("Session"),
    "agenda_session_id": _l("Session"),
    "attendee_id": _l("Person"),
    "filename": _l("File name"),
    "stored_name": _l("Stored file"),
    "file_type": _l("File type"),
    "content_type": _l("File type"),
    "size": _l("Size (bytes)"),
    "is_hidden_until_start": _l("Hidden until the session starts"),
    "uploaded_by_id": _l("Uploaded by"),
    "seq": _l("Sequence number"),
    "number": _l("Number"),
    "data": _l("Printed details"),
    "issued_at": _l("Issued"),
    "issued_by_id": _l("Issued by"),
    "reissued_at": _l("Issued again"),
    "revoked_at": _l("Revoked"),
    "revoke_reason": _l("Reason for revoking"),
    "decision": _l("Decision"),
    "reason": _l("Reason"),
    "decided_by_id": _l("Decided by"),
    "decided_at": _l("Decided"),
    "number_format": _l("Number format"),
    "issue_place": _l("Place of issue"),
    "issue_date": _l("Date of issue"),
    "role_shares": _l("Attendance needed per role (%)"),
    "signatory1_title": _l("Signatory's position"),
    "signatory1_name": _l("Signatory's name"),
    "signatory1_nip": _l("Signatory's NIP"),
    "signatory1_image": _l("Signature image"),
    "signatory2_title": _l("Second signatory's position"),
    "signatory2_name": _l("Second signatory's name"),
    "signatory2_nip": _l("Second signatory's NIP"),
    "signatory2_image": _l("Second signature image"),
    "logo": _l("Logo"),
    "kop_line1": _l("Letterhead line 1"),
    "kop_line2": _l("Letterhead line 2"),
    "kop_line3": _l("Letterhead line 3"),
    "kop_line4": _l("Letterhead line 4"),
    "witness_position": _l('"Mengetahui" signatory\'s position'),
    "witness_name": _l('"Mengetahui" signatory\'s name'),
    "witness_rank": _l('"Mengetahui" signatory\'s rank'),
    "witness_nip": _l('"Mengetahui" signatory\'s NIP'),
    "signatory1_rank": _l("Signatory 1 rank"),
    "signatory2_rank": _l("Signatory 2 rank"),
    "number_per_role": _l("A number series per role"),
    "series_seq": _l("Number within the role"),
    "logo_left": _l("Left logo"),
    "logo_right": _l("Right logo"),
    "background": _l("Background"),
    "late_count_all": _l("Late registrants: count every session"),
    "scanned_at": _l("Scanned"),
    "received_at": _l("Received"),
    "method": _l("How"),
    "scan_id": _l("Scan id"),
    "by_user_id": _l("Recorded by"),
    "device_id": _l("Scanner phone"),
    "conflict_count": _l("Conflicting scans"),
    "conflict_note": _l("Note on conflicting scans"),
    "wrong_group": _l("In another group's room (confirmed)"),
    "phone_key": _l("Phone key"),
    "checkin_id": _l("Check-in"),
    "voided_at": _l("Cancelled on"),
    "voided_by_id": _l("Cancelled by"),
    "void_reason": _l("Reason for cancelling"),
    "token_hash": _l("Secret key"),
    "code_hash": _l("Secret code"),
    "expires_at": _l("Expires"),
    "used_at": _l("Used"),
    "used_by_id": _l("Used by"),
    "created_by_id": _l("Created by"),
    "label": _l("Meant for"),
    "cluster": _l("Cluster"),
    "output_status": _l("Group output"),
    "review_comment": _l("Review comment"),
    "submitted_at": _l("Submitted"),
    "reviewed_at": _l("Reviewed"),
    "adopted_at": _l("Adopted in the plenary"),
    "adopted_by_id": _l("Adopted by"),
    "chair_name": _l("Name of the group's chair (ketua kelompok)"),
    "user_id": _l("Account"),
    "issues": _l("Issues discussed"),
    "summary": _l("Summary"),
    "agreements": _l("Agreements"),
    "key": _l("Search key"),
    "path": _l("File"),
    "caption": _l("Caption"),
    "width": _l("Width"),
    "height": _l("Height"),
    "client_id": _l("Device's row id"),
    "activity": _l("Activity"),
    "objective": _l("Objective"),
    "target": _l("Target"),
    "kla_indicator": _l("KLA indicator"),
    "timeline": _l("Timeline"),
    "location": _l("Location"),
    "responsible": _l("Responsible"),
    "partners": _l("Partners"),
    "funding_source": _l("Funding source"),
    "budget": _l("Budget"),
    "success_indicator": _l("Success indicator"),
    "notes": _l("Notes"),
    "deleted_at": _l("Deleted"),
    "legal_basis": _l("Legal basis"),
    "objectives": _l("Objectives"),
    "closing_notes": _l("Closing notes"),
    "targets": _l("Targets (sasaran)"),
    "funding": _l("Funding (pembiayaan / sumber dana)"),
    "suggestions": _l("Suggestions (saran)"),
    "email_verified": _l("Email confirmed"),
    "password_hash": _l("Password"),
    "is_admin": _l("Administrator"),
    "is_active": _l("Active"),
    # What an erasure counted (lifecycle): "attendees: 3".
    "attendees": _l("People"),
    "audit_entries": _l("Audit entries"),
    "files": _l("Files"),
    "materials": _l("Materials"),
    "invitations": _l("Invitations"),
    "certificates": _l("Certificates"),
    "generated_files": _l("Generated files"),
    "fields": _l("Fields"),
    # The SPJ of speakers' fees (workshop/honoraria).
    "ppk_position": _l("Position of the PPK"),
    "ppk_name": _l("Name of the PPK (pejabat pembuat komitmen)"),
    "ppk_nip": _l("NIP of the PPK"),
    "treasurer_position": _l("Position of the treasurer"),
    "treasurer_name": _l("Name of the treasurer (bendahara pengeluaran)"),
    "treasurer_nip": _l("NIP of the treasurer"),
    "budget_line": _l("Budget line (kode rekening)"),
    "tax_confirmed_by": _l("Tax rules confirmed by (the treasurer's name)"),
    "amount": _l("Rate per JP (Rp)"),
    "npwp": _l("NPWP"),
    "bank_name": _l("Bank"),
    "account_number": _l("Account number"),
    "account_holder": _l("Account holder"),
    "tax_percent": _l("PPh 21 set by the treasurer (percent of gross)"),
    "is_paid": _l("Paid through this SPJ"),
    # The minutes of a session (workshop/minutes).
    "discussion": _l("Discussion (questions and answers)"),
    "conclusions": _l("Conclusions"),
    "follow_up": _l("Follow-up"),
    "notulis_name": _l("Minute-taker (notulis)"),
    # The RTL follow-up (workshop/followup).
    "due_on": _l("Checkpoint date"),
    "link_created_at": _l("Link made"),
    "link_expires_at": _l("Link works until"),
    "link_revoked_at": _l("Link revoked"),
    "rtl_row_id": _l("RTL row"),
    "agency_id": _l("Agency"),
    "is_corrected": _l("Agency corrected by the organiser"),
    "checkpoint_id": _l("Checkpoint"),
    "row_id": _l("RTL row"),
    "realisation_pct": _l("Realisation (percent)"),
    "budget_realised": _l("Budget realised"),
    "note": _l("Note"),
    "reporter_name": _l("Focal person"),
    "reporter_phone": _l("Focal person's phone"),
    "reported_at": _l("First reported"),
    "report_id": _l("Report"),
    "followup_focal_persons": _l("Focal persons of the RTL follow-up"),
    # Letters (issue 21).
    "classification_code": _l("Classification code"),
    "unit_code": _l("Unit code"),
    "shared_numbering": _l("Numbered with the unit's other events"),
    "place": _l("Place of signing"),
    "letter_date": _l("Date of the letter"),
    "sifat": _l("Nature (sifat)"),
    "hal_undangan": _l("Subject of the invitations"),
    "hal_narasumber": _l("Subject of the requests for speakers"),
    "signer_position": _l("Signer's position"),
    "signer_name": _l("Signer's name"),
    "signer_rank": _l("Signer's rank"),
    "signer_nip": _l("Signer's NIP"),
    "scope": _l("Number series"),
    "year": _l("Year"),
    "addressee": _l("Addressed to"),
    "address": _l("Address line"),
    "hal": _l("Subject (hal)"),
    "lampiran": _l("Attachments (lampiran)"),
    "institution_name": _l("Institution"),
    "person_name": _l("Speaker"),
    "generated_by_id": _l("Generated by"),
    "updated_by_id": _l("Last changed by"),
    "head_title": _l("Head's title"),
    "people_requested": _l("People asked for"),
}
MODEL_FIELDS = {
    ("SigningSettings", "source"): _l("Who signs (PKCS#12 or BSrE)"),
    ("SigningSettings", "sign_at_issue"): _l("Sign at issue"),
    ("SigningSettings", "position"): _l("Position of the visible signature"),
    ("SigningSettings", "key_material"): _l("Signing key (encrypted)"),
    ("SigningSettings", "signer_name"): _l("Signer"),
    ("SigningSettings", "signer_not_after"): _l("Signing certificate valid until"),
    ("SigningSettings", "bsre_url"): _l("Address of the BSrE API"),
    ("SigningSettings", "bsre_user"): _l("User name of the account"),
    ("SigningSettings", "bsre_secret"): _l("Password of the account"),
    ("SigningSettings", "bsre_subscriber"): _l("Subscriber id (idSubscriber) of the organisation's seal"),
    ("SigningSettings", "bsre_totp_secret"): _l("BSrE TOTP code (encrypted)"),
    ("ActivityReport", "background"): _l("Background"),
    ("Attendee", "position"): _l("Jabatan"),
    ("Membership", "role"): _l("Role in the team"),
    ("Invitation", "role"): _l("Role in the team"),
    ("GroupNotes", "summary"): _l("Summary"),
    ("Group", "position"): _l("Order"),
    ("Evaluation", "state"): _l("Open"),
    ("Evaluation", "is_anonymous"): _l("Anonymous"),
    ("Evaluation", "time_limit_minutes"): _l("Time limit (minutes)"),
    ("Evaluation", "required_for_certificate"): _l("Post-test required for a certificate"),
    ("Evaluation", "min_score"): _l("Minimum post-test score"),
    ("Evaluation", "speaker_token"): _l("Speaker's results link"),
    ("Evaluation", "first_opened_at"): _l("First opened"),
    ("TestQuestion", "text"): _l("Question"),
    ("TestQuestion", "options"): _l("Options"),
    ("TestQuestion", "correct"): _l("Correct option"),
    ("FormQuestion", "text"): _l("Question"),
    ("FormQuestion", "evaluation_id"): _l("Questionnaire"),
    ("FormQuestion", "is_text"): _l("Comment question"),
}

# Columns whose values are codes, with the words for them.
VALUE_WORDS = {
    ("Attendee", "role"): labels.ATTENDEE_ROLES,
    ("Attendee", "status"): labels.ATTENDEE_STATUSES,
    ("Attendee", "source"): labels.SOURCES,
    ("Attendee", "category"): labels.CATEGORIES,
    ("Attendee", "gender"): labels.GENDERS,
    ("Attendee", "guardian_consent_method"): labels.CONSENT_METHODS,
    ("Event", "status"): labels.EVENT_STATUSES,
    ("Membership", "role"): labels.MEMBER_ROLES,
    ("Invitation", "role"): labels.MEMBER_ROLES,
    ("CheckIn", "method"): labels.CHECKIN_METHODS,
    ("CheckInVoid", "method"): labels.CHECKIN_METHODS,
    ("CertificateDecision", "decision"): labels.DECISIONS,
    ("Certificate", "status"): labels.CERTIFICATE_STATUSES,
    ("Group", "output_status"): labels.OUTPUT_STATUSES,
    ("AgendaSession", "kind"): labels.SESSION_KINDS,
}

# Technical columns an inspector has no use for (ids of devices, hashes, search keys): kept in the
# log, not shown.
HIDDEN = {"client_id", "scan_id", "phone_key", "token_hash", "code_hash", "key", "stored_name", "seq"}

# Foreign keys: column -> the model whose name is shown instead of the number.
REFERENCES = {
    "attendee_id": "Attendee",
    "replaces_id": "Attendee",
    "moderator_id": "Attendee",
    "session_id": "AgendaSession",
    "agenda_session_id": "AgendaSession",
    "group_id": "Group",
    "institution_id": "Institution",
    "device_id": "DeviceToken",
    "checkin_id": "CheckIn",
    "event_id": "Event",
    "user_id": "User",
    "by_user_id": "User",
    "created_by_id": "User",
    "used_by_id": "User",
    "decided_by_id": "User",
    "issued_by_id": "User",
    "uploaded_by_id": "User",
    "voided_by_id": "User",
    "adopted_by_id": "User",
    "updated_by_id": "User",
    "generated_by_id": "User",
}

# Automatic actors (workshop.core.audit.acting_as) in words.
ACTORS = {
    "cli": _l("command line"),
    "seed-demo": _l("demo data"),
    "system": _l("the system (automatic)"),
    "public registration form": _l("the person, on the public registration form"),
}
ACTOR_PREFIXES = {
    "cli:": _l("command line"),
    "device:": _l("scanner phone"),
    "pairing:": _l("scanner phone being paired"),
}


def audited_models() -> dict[str, type]:
    """Class name -> class of every audited model."""
    from workshop.core.db import Base

    return {
        mapper.class_.__name__: mapper.class_
        for mapper in Base.registry.mappers
        if getattr(mapper.class_, "__audit__", False)
    }


def entity_label(entity: str) -> str:
    return str(ENTITIES.get(entity, _l("record")))


def field_label(entity: str, name: str) -> str:
    label = MODEL_FIELDS.get((entity, name)) or FIELDS.get(name)
    return str(label) if label is not None else _("another field")


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, ACTIONS["update"]))


def action_choices() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in ACTIONS.items()]


def entity_choices() -> list[tuple[str, str]]:
    return sorted(((key, str(label)) for key, label in ENTITIES.items()), key=lambda pair: pair[1].lower())


# ---- names of objects -------------------------------------------------------------------------


def _name_of(entity: str, obj) -> str:
    """How a row is called on the page."""
    if obj is None:
        return ""
    if entity == "Attendee":
        return f"{obj.full_name} ({_('no.')} {obj.reg_label})"
    for attribute in ("title", "name", "number", "activity", "caption", "label", "full_name"):
        value = getattr(obj, attribute, None)
        if value:
            return str(value)
    return ""


class Names:
    """Names of the rows an audit page mentions, read once per model (one query each)."""

    def __init__(self, event: Event):
        self.event = event
        self.models = audited_models()
        self.wanted: dict[str, set[int]] = {}
        self.loaded: dict[tuple[str, int], object] = {}

    def want(self, entity: str, ident) -> None:
        if isinstance(ident, int) and entity in self.models and (entity, ident) not in self.loaded:
            self.wanted.setdefault(entity, set()).add(ident)

    def prefetch(self, entries: list[AuditEntry]) -> None:
        for entry in entries:
            self.want(entry.entity, entry.entity_id)
            if entry.user_id:
                self.want("User", entry.user_id)
            for name, values in (entry.changes or {}).items():
                if name in REFERENCES and isinstance(values, list):
                    for value in values:
                        self.want(REFERENCES[name], value)
        # The rows that name others (a check-in is "who at which session").
        for entity in ("CheckIn", "CheckInVoid", "Certificate", "CertificateDecision", "SessionSpeaker"):
            self._load(entity)
        while self.wanted:
            self._load(next(iter(self.wanted)))

    def _load(self, entity: str) -> None:
        ids = {ident for ident in self.wanted.pop(entity, set()) if (entity, ident) not in self.loaded}
        model = self.models.get(entity)
        if not ids or model is None or "id" not in inspect(model).columns:
            return  # a link row keyed by its two ends: named from its changes
        for obj in db.session.execute(select(model).where(model.id.in_(sorted(ids)))).scalars():
            self.loaded[(entity, obj.id)] = obj
            for column, target in REFERENCES.items():
                if column != "event_id" and hasattr(obj, column):
                    self.want(target, getattr(obj, column))

    def get(self, entity: str, ident):
        return self.loaded.get((entity, ident)) if isinstance(ident, int) else None

    def name(self, entity: str, ident) -> str:
        obj = self.get(entity, ident)
        if obj is None:
            return ""
        if entity in ("CheckIn", "CheckInVoid"):
            person = self.name("Attendee", obj.attendee_id)
            session = self.name("AgendaSession", obj.agenda_session_id)
            return _("%(person)s at %(session)s", person=person, session=session) if session else person
        if entity in ("CertificateDecision",):
            return self.name("Attendee", obj.attendee_id)
        if entity == "Certificate":
            return f"{obj.number} · {self.name('Attendee', obj.attendee_id)}"
        if entity == "SessionSpeaker":
            return f"{self.name('Attendee', obj.attendee_id)} · {self.name('AgendaSession', obj.session_id)}"
        if entity == "SessionGroup":
            return f"{self.name('Group', obj.group_id)} · {self.name('AgendaSession', obj.session_id)}"
        if entity == "GroupFacilitator":
            return f"{self.name('User', obj.user_id)} · {self.name('Group', obj.group_id)}"
        if entity in ("GroupNotes", "RtlRow") and not getattr(obj, "activity", None):
            return self.name("Group", obj.group_id)
        if entity == "RtlRow":
            return f"{obj.activity} · {self.name('Group', obj.group_id)}"
        if entity == "Membership":
            return self.name("User", obj.user_id)
        if entity == "User":
            return obj.name or obj.email
        if entity == "CertificateSettings" or entity == "ActivityReport":
            return self.event.title
        return _name_of(entity, obj)


# ---- one entry in words ------------------------------------------------------------------------


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Described:
    entry: AuditEntry
    when: str
    who: str
    action: str
    what: str  # the kind of object: "attendee"
    name: str  # which one: "Rina Lestari (no. 007)"
    changes: list[Change] = field(default_factory=list)

    @property
    def sentence(self) -> str:
        return f"{self.who} {self.action} {self.what} {self.name}".strip()


def _from_changes(entry: AuditEntry, names: Names) -> str:
    """A deleted or erased row's name, from what the entry kept of it."""
    changes = entry.changes or {}
    linked = []
    for key in ("attendee_id", "user_id", "group_id", "session_id", "agenda_session_id"):
        values = changes.get(key)
        if isinstance(values, list):
            found = next((names.name(REFERENCES[key], v) for v in values[::-1] if v is not None), "")
            if found:
                linked.append(found)
    if linked and entry.entity in ("SessionSpeaker", "SessionGroup", "GroupFacilitator", "Membership"):
        return " · ".join(linked)
    for key in ("full_name", "title", "name", "number", "activity", "caption", "label"):
        values = changes.get(key)
        if isinstance(values, list):
            for value in values:
                if value and value != SECRET_MARK:
                    return str(value)
    return ""


def _parse_moment(text: str):
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        from datetime import UTC

        moment = moment.replace(tzinfo=UTC)
    return moment


def value_words(event: Event, names: Names, entity: str, name: str, value) -> str:
    """One stored value as a reader understands it."""
    if value is None or value == "":
        return "—"
    if value == SECRET_MARK:
        return _("(secret, not shown)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    words = VALUE_WORDS.get((entity, name))
    if words is not None and value in words:
        return str(words[value])
    if name in REFERENCES:
        found = names.name(REFERENCES[name], value)
        return found or _("no. %(id)s", id=value)
    if name == "role_shares" and isinstance(value, dict):
        return ", ".join(f"{labels.role_label(role)} {share}%" for role, share in value.items())
    if isinstance(value, dict):
        return "; ".join(f"{key}: {item}" for key, item in value.items())
    if isinstance(value, str) and (name.endswith("_at") or name in ("scanned_at",)):
        moment = _parse_moment(value)
        if moment is not None:
            return event_datetime(event, moment)
    if isinstance(value, str) and name in ("starts_on", "ends_on", "issue_date"):
        try:
            return format_date(date.fromisoformat(value[:10]), "long")
        except ValueError:
            return value
    text = str(value)
    return text if len(text) <= 300 else text[:297] + "…"


def who(entry: AuditEntry, names: Names) -> str:
    if entry.user_id:
        user = names.get("User", entry.user_id)
        if user is not None:
            return f"{user.name} ({user.email})" if user.name else user.email
    actor = entry.actor or ""
    if actor in ACTORS:
        return str(ACTORS[actor])
    for prefix, label in ACTOR_PREFIXES.items():
        if actor.startswith(prefix):
            rest = actor[len(prefix) :]
            if prefix == "device:":
                rest = rest.split(":", 1)[-1]
            return f"{label} ({rest})" if rest else str(label)
    if actor.startswith("attendee #"):
        ident = actor.split("#", 1)[1].split(" ", 1)[0]
        person = names.name("Attendee", int(ident)) if ident.isdigit() else ""
        return _("%(person)s, on their ticket page", person=person or actor)
    return actor


def describe(event: Event, entries: list[AuditEntry], names: Names | None = None) -> list[Described]:
    names = names or Names(event)
    names.prefetch(entries)
    result = []
    for entry in entries:
        name = names.name(entry.entity, entry.entity_id) or _from_changes(entry, names)
        if not name and entry.entity_id:
            name = _("no. %(id)s", id=entry.entity_id)
        changes = []
        for column, values in (entry.changes or {}).items():
            if not isinstance(values, list) or len(values) != 2:
                continue
            if column in HIDDEN or (column == "event_id" and entry.action in ("create", "delete")):
                continue  # every entry here is of this event
            old, new = values
            if entry.action == "create" and new in (None, "", {}, []):
                continue  # a new row's empty fields say nothing
            if entry.action == "delete" and old in (None, "", {}, []):
                continue
            changes.append(
                Change(
                    field_label(entry.entity, column),
                    value_words(event, names, entry.entity, column, old),
                    value_words(event, names, entry.entity, column, new),
                )
            )
        result.append(
            Described(
                entry,
                event_datetime(event, entry.created_at),
                who(entry, names),
                action_label(entry.action),
                entity_label(entry.entity),
                name,
                changes,
            )
        )
    return result


# ---- choosing entries ------------------------------------------------------------------------


@dataclass
class AuditFilter:
    person: str = ""  # part of an attendee's name
    entity: str = ""  # an audited model's name (ENTITIES)
    action: str = ""  # ACTIONS
    day_from: date | None = None  # in the event's time zone
    day_to: date | None = None


def _day_start(event: Event, day: date) -> datetime:
    from datetime import UTC, time

    return datetime.combine(day, time(0), tzinfo=event.tz).astimezone(UTC)


def entries_query(event: Event, chosen: AuditFilter):
    """The select for the event's entries that match, newest first."""
    from datetime import timedelta

    from sqlalchemy import and_, false, func, or_

    query = select(AuditEntry).where(AuditEntry.event_id == event.id)
    if chosen.entity in ENTITIES:
        query = query.where(AuditEntry.entity == chosen.entity)
    if chosen.action in ACTIONS:
        query = query.where(AuditEntry.action == chosen.action)
    if chosen.day_from is not None:
        query = query.where(AuditEntry.created_at >= _day_start(event, chosen.day_from))
    if chosen.day_to is not None:
        query = query.where(AuditEntry.created_at < _day_start(event, chosen.day_to + timedelta(days=1)))
    person = " ".join(chosen.person.split())[:100]
    if person:
        models = audited_models()
        attendee = models["Attendee"]
        pattern = "%" + person.lower().replace("\\", "").replace("%", "").replace("_", "") + "%"
        ids = list(
            db.session.execute(
                select(attendee.id).where(
                    attendee.event_id == event.id, func.lower(attendee.full_name).like(pattern)
                )
            ).scalars()
        )
        conditions = [and_(AuditEntry.entity == "Attendee", AuditEntry.entity_id.in_(ids))] if ids else []
        for entity in ("CheckIn", "CheckInVoid", "Certificate", "CertificateDecision", "SessionSpeaker"):
            model = models.get(entity)
            if model is None or not ids:
                continue
            related = select(model.id).where(model.attendee_id.in_(ids))
            conditions.append(and_(AuditEntry.entity == entity, AuditEntry.entity_id.in_(related)))
        conditions += [AuditEntry.actor == f"attendee #{i} (ticket)" for i in ids]
        query = query.where(or_(*conditions) if conditions else false())
    return query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())


# ---- the spreadsheet --------------------------------------------------------------------------


def _cell(text: str) -> str:
    """Text Excel would run as a formula gets a leading apostrophe."""
    return escape_formula(str(text or ""))


def audit_xlsx(event: Event, described: list[Described]) -> bytes:
    """The entries as a workbook: one row per changed field (an entry without fields: one row)."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Audit log")[:31]
    headers = [_("When"), _("Who"), _("What"), _("Object"), _("Name"), _("Field"), _("Before"), _("After")]
    sheet.append([_cell(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for item in described:
        base = [item.when, item.who, item.action, item.what, item.name]
        for change in item.changes or [Change("", "", "")]:
            sheet.append([_cell(v) for v in (*base, change.label, change.old, change.new)])
    for letter, width in zip("ABCDEFGH", (20, 30, 22, 22, 34, 26, 30, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.data_type = "s"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
