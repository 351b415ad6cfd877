"""The SPJ's rules: who is paid (the speakers and moderators on the agenda), for how many JP, at
which rate, with which PPh 21 (workshop/honoraria/tax.py); saving the settings, the rate table
and each person's details. Plain functions: they flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workshop.agenda.models import AgendaSession
from workshop.attendees.models import Attendee, AttendeeStatus
from workshop.events.models import Event
from workshop.extensions import db
from workshop.honoraria import tax
from workshop.honoraria.models import (
    CATEGORIES,
    GOLONGAN,
    HonorariumRate,
    HonorariumRecipient,
    HonorariumSettings,
)

SETTINGS_FIELDS = (
    "ppk_position",
    "ppk_name",
    "ppk_nip",
    "treasurer_position",
    "treasurer_name",
    "treasurer_nip",
    "budget_line",
    "tax_confirmed_by",
)
MAX_RATE = 100_000_000  # rupiah per JP: far above any SBM, below any typing slip into the billions


class SpjError(Exception):
    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.field = field


def category_labels() -> dict[str, object]:
    return {
        "menteri": _l("Minister or equivalent"),
        "eselon-1": _l("Echelon I official"),
        "eselon-2": _l("Echelon II official"),
        "asn": _l("Other civil servant (ASN)"),
        "non-asn": _l("Non-civil servant (non-ASN)"),
        "moderator": _l("Moderator"),
    }


@dataclass
class Line:
    """One person's row of the SPJ, with every figure computed."""

    attendee: Attendee
    roles: list[str]  # "narasumber", "moderator"
    sessions: list[AgendaSession]
    category: str
    golongan: str | None
    npwp: str
    bank_name: str
    account_number: str
    account_holder: str
    jp: int
    jp_is_override: bool
    rate: int  # per JP
    gross: int
    rule: tax.TaxRule | None
    tax_rate: Decimal | None  # share of the gross; None: nobody said
    tax_is_default: bool  # True: from the rules file, for the bendahara to confirm
    tax: int
    net: int
    is_saved: bool
    is_paid: bool
    missing: list[str] = field(default_factory=list)

    @property
    def is_asn(self) -> bool:
        return is_asn(self.category, self.golongan)

    @property
    def tax_percent_text(self) -> str:
        return percent_text(self.tax_rate)


def rule_label(rule: tax.TaxRule) -> str:
    """Who a rule of the tax file is for, in the reader's language (the file says it in English)."""
    recipient = rule.recipient.lower()
    if recipient.startswith("asn"):
        return str(_l("Civil servant (PNS), golongan %(g)s", g=" / ".join(tax.golongan_of_rule(rule))))
    if recipient.startswith("non-asn"):
        if rule.condition.lower().startswith("without"):
            return str(_l("Non-ASN without NPWP"))
        return str(_l("Non-ASN with NPWP (or a NIK valid as NPWP)"))
    return str(_l("PPPK and others"))


def percent_text(fraction: Decimal | None) -> str:
    """0.025 -> "2,5 %"; None -> "–"."""
    if fraction is None:
        return "–"
    return f"{(Decimal(fraction) * 100).normalize():f}".replace(".", ",") + " %"


@dataclass
class Totals:
    jp: int = 0
    gross: int = 0
    tax: int = 0
    net: int = 0


def get_settings(event: Event) -> HonorariumSettings:
    settings = db.session.get(HonorariumSettings, event.id)
    if settings is None:
        settings = HonorariumSettings(event_id=event.id, **dict.fromkeys(SETTINGS_FIELDS, ""))
    return settings


def rates_of(event: Event) -> dict[str, int]:
    rows = db.session.scalars(select(HonorariumRate).where(HonorariumRate.event_id == event.id))
    return {row.category: row.amount for row in rows}


def _nip(value: str, field_name: str) -> str:
    digits = "".join((value or "").split())
    if digits and (not digits.isdigit() or len(digits) != 18):
        raise SpjError(_l("A NIP has 18 digits."), field_name)
    return digits


def save_settings(event: Event, data: dict, rates: dict[str, object]) -> HonorariumSettings:
    """``data``: the signatories, budget line and who confirmed the tax rules; ``rates``:
    category -> rupiah per JP (empty: no rate)."""
    values = {key: " ".join(str(data.get(key) or "").split()) for key in SETTINGS_FIELDS}
    values["ppk_nip"] = _nip(values["ppk_nip"], "ppk_nip")
    values["treasurer_nip"] = _nip(values["treasurer_nip"], "treasurer_nip")
    cleaned: dict[str, int | None] = {}
    for category in CATEGORIES:
        raw = "".join(str(rates.get(category) or "").replace(".", "").split())
        if not raw:
            cleaned[category] = None
            continue
        if not raw.isdigit() or int(raw) > MAX_RATE:
            raise SpjError(_l("Enter the rate in whole rupiah, e.g. 900000."), f"rate_{category}")
        cleaned[category] = int(raw)
    settings = get_settings(event)
    db.session.add(settings)  # new, or already in the session
    for key, value in values.items():
        setattr(settings, key, value)
    existing = {
        row.category: row
        for row in db.session.scalars(select(HonorariumRate).where(HonorariumRate.event_id == event.id))
    }
    for category, amount in cleaned.items():
        row = existing.get(category)
        if amount is None:
            if row is not None:
                db.session.delete(row)
        elif row is None:
            db.session.add(HonorariumRate(event_id=event.id, category=category, amount=amount))
        elif row.amount != amount:
            row.amount = amount
    db.session.flush()
    return settings


def _sessions(event: Event) -> list[AgendaSession]:
    return db.session.scalars(
        select(AgendaSession)
        .where(AgendaSession.event_id == event.id)
        .options(selectinload(AgendaSession.speaker_links))
        .order_by(AgendaSession.starts_at, AgendaSession.id)
    ).all()


def people_sessions(event: Event) -> list[tuple[Attendee, list[str], list[AgendaSession]]]:
    """The speakers and moderators of the event (on the agenda, or registered in those roles),
    each with their roles and the sessions they speak at or moderate, by first session, then name."""
    sessions = _sessions(event)
    found: dict[int, tuple[list[str], list[AgendaSession]]] = {}
    for session in sessions:
        for link in session.speaker_links:
            roles, held = found.setdefault(link.attendee_id, ([], []))
            if "narasumber" not in roles:
                roles.append("narasumber")
            if session not in held:
                held.append(session)
        if session.moderator_id is not None:
            roles, held = found.setdefault(session.moderator_id, ([], []))
            if "moderator" not in roles:
                roles.append("moderator")
            if session not in held:
                held.append(session)
    people = db.session.scalars(
        select(Attendee).where(
            Attendee.event_id == event.id,
            Attendee.status == AttendeeStatus.REGISTERED.value,
            (Attendee.id.in_(list(found)) | Attendee.role.in_(("narasumber", "moderator"))),
        )
    )
    result = []
    for person in people:
        roles, held = found.get(person.id, ([person.role], []))
        result.append((person, roles, held))
    order = {s.id: n for n, s in enumerate(sessions)}
    result.sort(key=lambda t: (min((order[s.id] for s in t[2]), default=len(order)), t[0].full_name.lower()))
    return result


def golongan_of(attendee: Attendee) -> str | None:
    """The roman part of a PNS's golongan ("IV/c" -> "IV"); None for others."""
    if attendee.category != "PNS" or not attendee.golongan:
        return None
    roman = attendee.golongan.split("/")[0].strip().upper()
    return roman if roman in GOLONGAN else None


def is_asn(category: str, golongan: str | None) -> bool:
    """Whether the ASN tax rules apply: an ASN category, or a moderator with a golongan."""
    return golongan is not None if category == "moderator" else category != "non-asn"


def default_category(attendee: Attendee, held: list[AgendaSession] = ()) -> str:
    """Someone who moderates more JP than they speak: the moderator's rate; else by employment."""
    moderated = sum(s.jp for s in held if s.moderator_id == attendee.id)
    if moderated and moderated >= sum(s.jp for s in held) - moderated:
        return "moderator"
    return "asn" if attendee.category in ("PNS", "PPPK") else "non-asn"


def recipients_of(event: Event) -> dict[int, HonorariumRecipient]:
    rows = db.session.scalars(select(HonorariumRecipient).where(HonorariumRecipient.event_id == event.id))
    return {row.attendee_id: row for row in rows}


def _line(person, roles, held, saved: HonorariumRecipient | None, rates: dict[str, int]) -> Line:
    category = saved.category if saved else default_category(person, held)
    golongan = saved.golongan if saved else golongan_of(person)
    npwp = (saved.npwp if saved else None) or ""
    computed_jp = sum(s.jp for s in held)
    jp = saved.jp_override if saved and saved.jp_override is not None else computed_jp
    rate = rates.get(category, 0)
    gross = jp * rate
    asn = is_asn(category, golongan)
    rule = tax.rule_for(asn, golongan, bool(npwp))
    if saved is not None and saved.tax_percent is not None:
        tax_rate, is_default = Decimal(saved.tax_percent) / 100, False
    else:
        tax_rate, is_default = (rule.effective_rate if rule else None), True
    withheld = tax.tax_on(gross, tax_rate) if tax_rate is not None else 0
    missing = []
    if category not in rates:
        missing.append(str(_l("no rate for the category")))
    if asn and golongan is None and tax_rate is None:
        missing.append(str(_l("golongan or the bendahara's tax rate")))
    if saved is None or not saved.account_number:
        missing.append(str(_l("bank account")))
    return Line(
        attendee=person,
        roles=roles,
        sessions=held,
        category=category,
        golongan=golongan,
        npwp=npwp,
        bank_name=(saved.bank_name if saved else None) or "",
        account_number=(saved.account_number if saved else None) or "",
        account_holder=(saved.account_holder if saved else None) or "",
        jp=jp,
        jp_is_override=bool(saved and saved.jp_override is not None),
        rate=rate,
        gross=gross,
        rule=rule,
        tax_rate=tax_rate,
        tax_is_default=is_default,
        tax=withheld,
        net=gross - withheld,
        is_saved=saved is not None,
        is_paid=saved.is_paid if saved else True,
        missing=missing,
    )


def spj_lines(event: Event, *, paid_only: bool = False) -> list[Line]:
    rates = rates_of(event)
    saved = recipients_of(event)
    lines = [_line(p, roles, held, saved.get(p.id), rates) for p, roles, held in people_sessions(event)]
    return [line for line in lines if line.is_paid] if paid_only else lines


def totals_of(lines: list[Line]) -> Totals:
    """Sums of the rows (never figures recomputed from the sums)."""
    return Totals(
        jp=sum(line.jp for line in lines),
        gross=sum(line.gross for line in lines),
        tax=sum(line.tax for line in lines),
        net=sum(line.net for line in lines),
    )


def line_for(event: Event, attendee_id: int) -> Line | None:
    return next((line for line in spj_lines(event) if line.attendee.id == attendee_id), None)


def _digits(value: str) -> str:
    return "".join(ch for ch in (value or "") if ch not in " .-/")


def save_recipient(event: Event, attendee: Attendee, data: dict) -> HonorariumRecipient:
    """Category, golongan, NPWP (15 or 16 digits), bank, account number (digits), holder, JP
    override, the bendahara's own tax rate (percent of gross) and whether the person is paid."""
    category = data.get("category") or ""
    if category not in CATEGORIES:
        raise SpjError(_l("Choose a category."), "category")
    golongan = data.get("golongan") or None
    if golongan is not None and golongan not in GOLONGAN:
        raise SpjError(_l("Choose a golongan."), "golongan")
    if category == "non-asn":
        golongan = None  # the golongan only decides an ASN's tax
    npwp = _digits(data.get("npwp") or "")
    if npwp and (not npwp.isdigit() or len(npwp) not in (15, 16)):
        raise SpjError(_l("An NPWP has 15 digits (or 16: the NIK)."), "npwp")
    account = _digits(data.get("account_number") or "")
    if account and (not account.isdigit() or not 5 <= len(account) <= 20):
        raise SpjError(_l("An account number has 5 to 20 digits."), "account_number")
    percent = data.get("tax_percent")
    if percent in ("", None):
        percent = None
    else:
        try:
            percent = Decimal(str(percent).replace(",", ".").replace("%", "").strip())
        except InvalidOperation:
            raise SpjError(_l("Enter a percentage between 0 and 100."), "tax_percent") from None
        if not percent.is_finite() or not 0 <= percent <= 100 or percent != percent.quantize(Decimal("0.01")):
            raise SpjError(_l("Enter a percentage between 0 and 100."), "tax_percent")
    if category not in ("non-asn", "moderator") and golongan is None and percent is None:
        raise SpjError(_l("Choose the golongan, or enter the bendahara's tax rate."), "golongan")
    jp = data.get("jp_override")
    if jp in ("", None):
        jp = None
    elif not isinstance(jp, int) or not 0 <= jp <= 200:
        raise SpjError(_l("Enter a whole number of JP between 0 and 200."), "jp_override")
    recipient = db.session.scalar(
        select(HonorariumRecipient).where(HonorariumRecipient.attendee_id == attendee.id)
    )
    if recipient is None:
        recipient = HonorariumRecipient(event_id=event.id, attendee_id=attendee.id)
        db.session.add(recipient)
    recipient.category = category
    recipient.golongan = golongan
    recipient.npwp = npwp or None
    recipient.bank_name = " ".join((data.get("bank_name") or "").split()) or None
    recipient.account_number = account or None
    recipient.account_holder = " ".join((data.get("account_holder") or "").split()) or None
    recipient.jp_override = jp
    recipient.tax_percent = percent
    recipient.is_paid = bool(data.get("is_paid", True))
    db.session.flush()
    return recipient


def format_npwp(npwp: str) -> str:
    """15 digits as 99.999.999.9-999.999; 16 (the NIK) as they are."""
    if len(npwp) == 15:
        return f"{npwp[:2]}.{npwp[2:5]}.{npwp[5:8]}.{npwp[8]}-{npwp[9:12]}.{npwp[12:]}"
    return npwp
