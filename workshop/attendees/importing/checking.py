"""Checking the lines of a file: each against the person rules (services.check_person), against
the other lines and against the people already in the event (matching.find). Writes nothing.

Placeholders ("-", "tidak ada", "0") are empty in every column, and nothing is guessed from
them. A category missing from the file is taken from what the row shows (no NIP and no golongan:
non-ASN; a golongan like III/a: PNS; like IX: PPPK) and flagged only when it is really in doubt
(a NIP without a golongan that tells PNS from PPPK)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from flask_babel import lazy_gettext as _l

from workshop.attendees import rules, services
from workshop.attendees.importing import matching
from workshop.attendees.importing.cells import is_excel_number_text, is_placeholder
from workshop.attendees.importing.fields import PERSON_FIELDS, field_labels
from workshop.attendees.importing.lines import ParsedFile, read_people
from workshop.attendees.models import Category, Role
from workshop.attendees.reference import canonical_institution, fold, golongan_by_scheme
from workshop.attendees.rules import FieldProblem
from workshop.events.models import Event

_ROLE_WORDS = {
    "participant": Role.PESERTA.value,
    "peserta": Role.PESERTA.value,
    "speaker": Role.NARASUMBER.value,
    "narasumber": Role.NARASUMBER.value,
    "pemateri": Role.NARASUMBER.value,
    "moderator": Role.MODERATOR.value,
    "facilitator": Role.FASILITATOR.value,
    "fasilitator": Role.FASILITATOR.value,
    "committee": Role.PANITIA.value,
    "panitia": Role.PANITIA.value,
}
_CATEGORY_WORDS = {
    "non pns": "non-ASN",
    "nonpns": "non-ASN",
    "thl": "non-ASN",
    "tkk": "non-ASN",
    "p3k": "PPPK",
    "pppk": "PPPK",
    "cpns": "PNS",
    "asn pns": "PNS",
    "asn pppk": "PPPK",
    "civil servant": "PNS",
    "forum anak": "Forum Anak",
    "fa": "Forum Anak",
}
_GENDER_WORDS = {"lk": "L", "pr": "P", "laki": "L", "man": "L", "woman": "P"}


def normalise(texts: dict[str, str]) -> dict[str, str]:
    """The cells of a line as the person rules read them: placeholders empty, role, category and
    gender words mapped, "NIP." and a leading apostrophe taken off a NIP."""
    data = {
        name: ("" if is_placeholder(texts.get(name, "")) else texts.get(name, "")) for name in PERSON_FIELDS
    }
    role = fold(data["role"])
    if role:
        data["role"] = _ROLE_WORDS.get(role, data["role"])
    category = fold(data["category"])
    if category in _CATEGORY_WORDS:
        data["category"] = _CATEGORY_WORDS[category]
    gender = fold(data["gender"])
    if gender in _GENDER_WORDS:
        data["gender"] = _GENDER_WORDS[gender]
    nip = data["nip"].strip()
    if nip.startswith(("'", "’")):
        nip = nip[1:]
    nip = re.sub(r"(?i)^(nip|ni\s*pppk)\s*[.:]?\s*", "", nip)
    data["nip"] = "" if is_placeholder(nip) else nip
    return data


def _excel_number_problem() -> FieldProblem:
    return FieldProblem(
        "nip",
        _l(
            "This number was stored by Excel as a number and lost its last digits. Format the column "
            "as text and type it again."
        ),
        code="excel_number",
    )


_PNS_GOLONGAN = re.compile(r"\b(IV|III|II|I|[1-4])\s*[/.\-]?\s*([a-eA-E])\b")


def golongan_scheme(text: str) -> str | None:
    """'PNS' for III/a (or 3c, Penata (III/c)), 'PPPK' for IX (or 9), else None."""
    text = (text or "").strip()
    if not text:
        return None
    if _PNS_GOLONGAN.search(text):
        return Category.PNS.value
    cleaned = re.sub(r"(?i)^(gol(ongan)?\.?\s*)", "", text).strip().upper()
    if cleaned in golongan_by_scheme()["PPPK"] or (cleaned.isdigit() and 1 <= int(cleaned) <= 17):
        return Category.PPPK.value
    return None


def infer_category(data: dict) -> tuple[str, FieldProblem | None]:
    """The category of a row whose file has none, and a warning only when it is in doubt."""
    nip, golongan = data["nip"].strip(), data["golongan"].strip()
    scheme = golongan_scheme(golongan)
    if scheme is not None:
        return scheme, None  # the golongan says it
    if not nip and not golongan:
        return Category.NON_ASN.value, None  # nothing on the row belongs to a civil servant
    if nip:
        return Category.PNS.value, FieldProblem(
            "category",
            _l(
                "Not in the file; taken as %(category)s because the row has a NIP, but without a "
                "golongan it could also be PPPK. Check it.",
                category=Category.PNS.value,
            ),
            level="warning",
            code="category_guessed",
        )
    return Category.NON_ASN.value, FieldProblem(
        "category",
        _l(
            "Not in the file, and the golongan does not tell it; taken as %(category)s. Check it.",
            category=Category.NON_ASN.value,
        ),
        level="warning",
        code="category_guessed",
    )


def _is_pns(category: str) -> bool:
    try:
        return rules.clean_category(category) == Category.PNS.value
    except FieldProblem:
        return False


def check_row(data: dict, nip_is_number: bool, *, infer: bool) -> tuple[services.Checked, dict]:
    """services.check_person plus what a file adds: the category from the row when the file has
    none, the gender from a PNS's NIP (its 15th digit says it), and a NIP Excel kept as a number.
    Returns the outcome and the data as checked."""
    data = dict(data)
    doubts: list[FieldProblem] = []
    if infer and not data["category"].strip():
        data["category"], doubt = infer_category(data)
        if doubt is not None:
            doubts.append(doubt)
    if not data["gender"].strip() and data["nip"] and not nip_is_number and _is_pns(data["category"]):
        try:
            data["gender"] = rules.parse_nip(data["nip"]).sex
        except FieldProblem:
            pass
    checked = services.check_person(data)
    if nip_is_number:
        checked.errors = [p for p in checked.errors if p.field != "nip"]
        checked.errors.append(_excel_number_problem())
        checked.values["nip"] = None
    checked.warnings = doubts + checked.warnings
    return checked, data


@lru_cache(maxsize=2048)
def _institution(text: str) -> tuple[str, str]:
    key, name, _cluster = canonical_institution(text)
    return key, name


def institution_key(text: str) -> str:
    return _institution(text)[0] if text else ""


@dataclass
class ImportRow:
    row: int
    raw: dict[str, str]
    values: dict = field(default_factory=dict)
    errors: list[FieldProblem] = field(default_factory=list)
    warnings: list[FieldProblem] = field(default_factory=list)
    data: dict = field(default_factory=dict)  # what is handed to the services (merged for updates)
    match: str = matching.NEW  # new, unchanged, updated or conflict (matching.MATCHES)
    changed: list[str] = field(default_factory=list)  # the fields an update changes
    update_id: int | None = None  # the attendee this row is (unchanged or updated)
    update_label: str = ""  # their registration number
    applies: bool = True  # False when an update is shown but not applied (command line without --update)
    institution_key: str = ""
    institution_name: str = ""

    @property
    def status(self) -> str:
        if self.errors:
            return "error"
        return "warning" if self.warnings else "ok"

    @property
    def name(self) -> str:
        return self.values.get("full_name") or self.raw.get("full_name", "")

    def changed_labels(self) -> list[str]:
        labels = field_labels()
        return [str(labels.get(name, name)) for name in self.changed]

    def messages(self) -> list[str]:
        """Each reason, prefixed with its column, in the current language."""
        labels = field_labels()
        result = [
            f"{labels[p.field]}: {p}" if p.field in labels else str(p) for p in self.errors + self.warnings
        ]
        if self.match == matching.UNCHANGED:
            result.append(
                str(_l("Already registered as no. %(number)s; nothing changes.", number=self.update_label))
            )
        elif self.match == matching.UPDATED:
            fields = ", ".join(self.changed_labels())
            if self.applies:
                message = _l("Updates no. %(number)s: %(fields)s.", number=self.update_label, fields=fields)
            else:
                message = _l(
                    "Registered as no. %(number)s with other %(fields)s; left as it is without --update.",
                    number=self.update_label,
                    fields=fields,
                )
            result.append(str(message))
        return result

    def codes(self) -> list[str]:
        return [p.code or p.field for p in self.errors + self.warnings]


@dataclass
class ImportResult:
    parsed: ParsedFile
    rows: list[ImportRow]
    update: bool = True

    @property
    def kind(self) -> str:
        return self.parsed.kind

    @property
    def skipped(self) -> int:
        return len(self.parsed.skipped)

    @property
    def summary(self) -> dict[str, int]:
        counts = {"ok": 0, "warning": 0, "error": 0}
        for row in self.rows:
            counts[row.status] += 1
        counts["skipped"] = self.skipped
        return counts

    @property
    def matches(self) -> dict[str, int]:
        """Rows per match: new, unchanged, updated, conflict."""
        counts = dict.fromkeys(matching.MATCHES, 0)
        for row in self.rows:
            counts[row.match] += 1
        return counts

    def accepted(self) -> list[ImportRow]:
        """Rows without errors (ok and warning): the ones an import looks at."""
        return [row for row in self.rows if row.status != "error"]

    def to_store(self) -> list[ImportRow]:
        """Rows that change something: new people, and updates that apply."""
        return [
            row
            for row in self.accepted()
            if row.match == matching.NEW or (row.match == matching.UPDATED and row.applies)
        ]

    @property
    def to_create(self) -> int:
        return sum(1 for row in self.accepted() if row.match == matching.NEW)

    @property
    def to_update(self) -> int:
        return sum(1 for row in self.to_store() if row.match == matching.UPDATED)

    @property
    def unchanged(self) -> int:
        """Rows of people already registered that the import leaves as they are."""
        return sum(1 for row in self.accepted() if row not in self.to_store() and row.match != matching.NEW)

    @property
    def institution_count(self) -> int:
        """Canonical institutions among the accepted rows ("Dinkes" and "DINAS KESEHATAN KOTA
        SERANG" are one)."""
        return len({row.institution_key for row in self.accepted() if row.institution_key})

    @property
    def digest(self) -> str:
        """Fingerprint of what a confirm would do; the confirm refuses when it changed since the
        preview (the file, the options or the event's list changed in between)."""
        payload = [
            [
                row.row,
                row.status,
                row.codes(),
                row.match,
                row.update_id,
                row.changed,
                sorted((k, str(v)) for k, v in row.values.items()),
            ]
            for row in self.rows
        ]
        payload.append([self.skipped, self.update])
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]

    def to_json(self) -> dict:
        """The --json shape of DESIGN.md §5."""
        return {
            "rows": [
                {
                    "row": row.row,
                    "status": row.status,
                    "messages": row.messages(),
                    "name": row.name,
                    "match": row.match,
                }
                for row in self.rows
            ],
            "summary": self.summary,
        }


def _conflict(message) -> FieldProblem:
    return FieldProblem("match", message, code="conflict")


def check_people(event: Event, parsed: ParsedFile, *, update: bool = True) -> ImportResult:
    """Every line against the rules, against the other lines and against the event. Reads the
    event's attendees once; writes nothing. Each line is matched to the person it already is
    (matching.find); ``update`` says whether the differences a file brings are applied."""
    existing = matching.Existing.load(event, institution_key)
    rows: list[ImportRow] = []
    nip_rows: dict[str, int] = {}
    phone_rows: dict[str, int] = {}
    person_rows: dict[tuple[str, str], int] = {}
    taken: dict[int, int] = {}  # attendee id -> the row that matched them
    for line in parsed.lines:
        data = normalise(line.texts)
        excel_number = line.nip_is_number or is_excel_number_text(data["nip"])
        checked, checked_data = check_row(data, excel_number, infer=True)
        row = ImportRow(line.row, dict(line.texts))
        institution = checked.values.get("institution") or ""
        if institution:
            row.institution_key, row.institution_name = _institution(institution)
        found = matching.find(existing, checked.values, row.institution_key, taken)
        target = found.attendee
        if target is not None and found.conflict is None:
            taken[target.id] = line.row
            merged = matching.attendee_data(target)
            merged.update({name: value for name, value in data.items() if value.strip()})
            if institution_key(merged["institution"]) == institution_key(target.institution_text or ""):
                merged["institution"] = target.institution_text  # another spelling of the same one
            checked, checked_data = check_row(merged, excel_number, infer=False)
            row.update_id, row.update_label = target.id, target.reg_label
            row.changed = matching.changed_fields(target, checked.values, institution_key)
            row.match = matching.UPDATED if row.changed else matching.UNCHANGED
            row.applies = update
        row.data = checked_data
        row.values = checked.values
        row.errors = list(checked.errors)
        row.warnings = list(checked.warnings)
        if found.conflict is not None:
            row.match = matching.CONFLICT
            row.errors.append(_conflict(found.conflict))
        nip = row.values.get("nip")
        phone = row.values.get("phone")
        if nip:
            if nip in nip_rows:
                row.errors.append(
                    FieldProblem(
                        "nip",
                        _l("The same NIP is already on row %(row)d of this file.", row=nip_rows[nip]),
                        code="duplicate_nip_file",
                    )
                )
            else:
                nip_rows[nip] = line.row
        if row.match == matching.NEW:
            key = (matching.name_key(row.name), row.institution_key)
            if key[0] and key[1] and key in person_rows and not nip:
                row.match = matching.CONFLICT
                row.errors.append(
                    _conflict(
                        _l(
                            "Row %(row)d of this file has the same name and institution.",
                            row=person_rows[key],
                        )
                    )
                )
            else:
                person_rows.setdefault(key, line.row)
        if phone:
            if phone in phone_rows:
                row.warnings.append(
                    FieldProblem(
                        "phone",
                        _l(
                            "The same phone number is already on row %(row)d of this file.",
                            row=phone_rows[phone],
                        ),
                        level="warning",
                        code="duplicate_phone_file",
                    )
                )
            else:
                phone_rows[phone] = line.row
            if any(other.id != row.update_id for other in existing.by_phone.get(phone, ())):
                row.warnings.append(
                    FieldProblem(
                        "phone",
                        _l("Someone else in this event already uses this phone number."),
                        level="warning",
                        code="duplicate_phone",
                    )
                )
        rows.append(row)
    return ImportResult(parsed, rows, update)


def check_import(event: Event, data: bytes, *, update: bool = True) -> ImportResult:
    return check_people(event, read_people(data), update=update)
