"""The letters' rules: settings, whom letters go to (the invited institutions' heads and the
external speakers' institutions), gap-free numbering, generating and registering letters, and
what each letter says (``content``: plain values the renderers in pdf.py and word.py draw).
Services flush, never commit, never read the request. The agenda is read through its models."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from workshop.agenda.models import AgendaSession, SessionSpeaker
from workshop.attendees.models import Attendee, AttendeeStatus, Institution, Role
from workshop.attendees.reference import fold, full_institution_name
from workshop.core.letterhead import Kop
from workshop.core.signing import Signer, Signing, person_lines
from workshop.events.models import Event
from workshop.extensions import db
from workshop.letters.models import Letter, LetterAddressee, LetterCounter, LetterKind, LetterSettings

SIFAT_CHOICES = ("Biasa", "Penting", "Segera", "Sangat Segera", "Rahasia")
# People named in the body of the letter; more go to a lampiran of their own.
PEOPLE_IN_BODY = 8
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]*$")
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
_WORDS = (
    "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "sebelas",
)  # fmt: skip


class LetterError(Exception):
    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.field = field


# ---- words of a letter ----------------------------------------------------------------------------


def spelled(number: int) -> str:
    """'3 (tiga)', as letters write counts (up to 999)."""

    def words(n: int) -> str:
        if n < 12:
            return _WORDS[n]
        if n < 20:
            return f"{_WORDS[n - 10]} belas"
        if n < 100:
            tens, rest = divmod(n, 10)
            return f"{_WORDS[tens]} puluh" + (f" {words(rest)}" if rest else "")
        hundreds, rest = divmod(n, 100)
        head = "seratus" if hundreds == 1 else f"{_WORDS[hundreds]} ratus"
        return head + (f" {words(rest)}" if rest else "")

    return f"{number} ({words(number)})" if 0 <= number < 1000 else str(number)


def long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def day_and_date(first: date, last: date | None = None) -> str:
    """'Selasa, 24 November 2026' or 'Selasa s.d. Rabu, 24 s.d. 25 November 2026'."""
    if last is None or last == first:
        return f"{DAYS[first.weekday()]}, {long_date(first)}"
    if (first.year, first.month) == (last.year, last.month):
        dates = f"{first.day} s.d. {long_date(last)}"
    else:
        dates = f"{long_date(first)} s.d. {long_date(last)}"
    return f"{DAYS[first.weekday()]} s.d. {DAYS[last.weekday()]}, {dates}"


def clock(moment) -> str:
    return moment.strftime("%H.%M")


# First words of names whose head is a "Kepala" (offices of government) or a "Ketua" (bodies with
# members); anything else (a newspaper, a company) gets "Pimpinan".
HEADED = {
    "dinas", "badan", "kantor", "bagian", "satuan", "uptd", "upt", "unit", "kejaksaan", "bappeda",
    "inspektorat", "balai", "puskesmas", "sekolah", "bapperida", "bpbd", "bpkad", "kesbangpol",
}  # fmt: skip
CHAIRED = {"lembaga", "lpa", "forum", "komisi", "majelis", "ikatan", "persatuan", "himpunan", "gabungan"}


def known_institution(name: str) -> bool:
    from workshop.attendees.reference import institution_key, known_institutions

    return institution_key(name) in known_institutions()


def head_title_for(name: str, city: str | None) -> str:
    """The usual title of an institution's head, from its name: "Kepala Dinas Kesehatan Kota
    Serang", "Camat Serang", "Lurah …", "Direktur RSUD …", "Sekretaris Daerah Kota Serang".
    The organiser corrects it where the name does not say it (a ministry's deputy)."""
    full = full_institution_name(name, city)
    key = fold(full)
    rules = (
        ("sekretariat daerah", "Sekretaris Daerah" + full[len("Sekretariat Daerah") :]),
        ("sekretariat dprd", "Sekretaris DPRD" + full[len("Sekretariat DPRD") :]),
        ("kecamatan ", "Camat " + full[len("Kecamatan ") :]),
        ("kelurahan ", "Lurah " + full[len("Kelurahan ") :]),
        ("desa ", "Kepala Desa " + full[len("Desa ") :]),
        ("rsud", "Direktur " + full),
        ("rumah sakit", "Direktur " + full),
        ("kementerian", "Menteri " + full[len("Kementerian ") :]),
        ("forum", "Ketua " + full),
        ("dprd", "Ketua " + full),
        ("pkk", "Ketua " + full),
        ("universitas", "Rektor " + full),
    )
    for prefix, title in rules:
        if key.startswith(prefix):
            return title
    first = key.split(" ", 1)[0] if key else ""
    if first in CHAIRED:
        return "Ketua " + full
    if first in HEADED or known_institution(name):
        return "Kepala " + full
    return "Pimpinan " + full if full else ""


# ---- settings -------------------------------------------------------------------------------------


def get_settings(event: Event) -> LetterSettings:
    """The event's row, or unsaved defaults."""
    settings = db.session.get(LetterSettings, event.id)
    if settings is None:
        settings = LetterSettings(event_id=event.id, **default_settings(event))
    return settings


def default_settings(event: Event) -> dict:
    return {
        "classification_code": "005",
        "unit_code": (event.organising_unit or "").split()[0] if event.organising_unit else "",
        "shared_numbering": False,
        "place": event.place_name,
        "letter_date": None,
        "sifat": "Biasa",
        "hal_undangan": f"Undangan {event.title}"[:300],
        "hal_narasumber": "Permohonan Narasumber",
        "signer_position": "",
        "signer_name": "",
        "signer_rank": "",
        "signer_nip": "",
    }


TEXT_SETTINGS = (
    "classification_code", "unit_code", "place", "sifat", "hal_undangan", "hal_narasumber",
    "signer_position", "signer_name", "signer_rank", "signer_nip",
)  # fmt: skip


def save_settings(event: Event, data: dict) -> LetterSettings:
    """Codes are letters, digits, dots and hyphens (they stand between the slashes of the
    number); the signer needs both a position and a name; a NIP has 18 digits."""
    values = {key: " ".join(str(data.get(key) or "").split()) for key in TEXT_SETTINGS}
    values["signer_nip"] = values["signer_nip"].replace(" ", "")
    for key in ("classification_code", "unit_code"):
        if not values[key]:
            raise LetterError(_l("This field is required."), key)
        if not _CODE.match(values[key]):
            raise LetterError(_l("Use letters, digits, dots and hyphens only (no slash)."), key)
    if values["sifat"] not in SIFAT_CHOICES:
        raise LetterError(_l("Choose one of the list."), "sifat")
    if values["signer_nip"] and (not values["signer_nip"].isdigit() or len(values["signer_nip"]) != 18):
        raise LetterError(_l("A NIP has 18 digits."), "signer_nip")
    if values["signer_name"] and not values["signer_position"]:
        raise LetterError(_l("Enter the position of the person who signs."), "signer_position")
    if values["signer_position"] and not values["signer_name"]:
        raise LetterError(_l("Enter the name of the person who signs."), "signer_name")
    for key in ("hal_undangan", "hal_narasumber", "place"):
        if not values[key]:
            raise LetterError(_l("This field is required."), key)
    settings = get_settings(event)
    db.session.add(settings)  # new, or already in the session
    for key, value in values.items():
        setattr(settings, key, value)
    settings.shared_numbering = bool(data.get("shared_numbering"))
    settings.letter_date = data.get("letter_date") or None
    db.session.flush()
    return settings


def _signing(settings: LetterSettings) -> Signing:
    """The signer on the right under no place line (the date stands at the top right), the
    jabatan ending with a comma as letters write it."""
    signer = signer_of(settings)
    position = signer.position.rstrip(", ")
    return Signing("", replace(signer, position=position + "," if position else ""))


def signer_of(settings: LetterSettings) -> Signer:
    if not settings.signer_name:
        return Signer(settings.signer_position or "", "(" + "." * 40 + ")")
    _rank, id_line = person_lines(settings.signer_nip, "PNS", None)
    return Signer(settings.signer_position, settings.signer_name, settings.signer_rank, id_line)


# ---- numbering ------------------------------------------------------------------------------------


def scope_of(event: Event, settings: LetterSettings) -> str:
    if settings.shared_numbering:
        return f"unit:{fold(event.organiser)}|{fold(settings.unit_code)}"[:300]
    return f"event:{event.id}"


def format_number(classification_code: str, seq: int, unit_code: str, year: int) -> str:
    """Tata naskah dinas: kode klasifikasi / nomor urut / kode unit / tahun: 005/007/Bappeda/2026."""
    return f"{classification_code}/{seq:03d}/{unit_code}/{year}"


def take_numbers(scope: str, classification_code: str, year: int, count: int) -> list[int]:
    """``count`` consecutive numbers of the series, gap-free under concurrent generation: the
    counter row is created if missing (INSERT … ON CONFLICT DO NOTHING, which on SQLite takes the
    database's write lock at once), then locked (SELECT … FOR UPDATE on PostgreSQL) and raised.
    A rolled-back generation gives its numbers back with the counter."""
    if count <= 0:
        return []
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    db.session.execute(
        insert(LetterCounter)
        .values(scope=scope, classification_code=classification_code, year=year, last_seq=0)
        .on_conflict_do_nothing(index_elements=["scope", "classification_code", "year"])
    )
    counter = db.session.execute(
        select(LetterCounter)
        .where(
            LetterCounter.scope == scope,
            LetterCounter.classification_code == classification_code,
            LetterCounter.year == year,
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()
    first = counter.last_seq + 1
    counter.last_seq += count
    db.session.flush()
    return list(range(first, first + count))


# ---- whom letters go to ---------------------------------------------------------------------------


@dataclass
class Target:
    """One letter to make: an institution (undangan) or a speaker (narasumber)."""

    kind: str
    key: int  # institution id or attendee id
    addressee: str
    address: str
    institution_name: str
    people: list[Attendee] = field(default_factory=list)
    people_requested: int | None = None
    speaker: Attendee | None = None
    sessions: list[AgendaSession] = field(default_factory=list)


def _addressees(event: Event) -> dict[tuple[str, int], LetterAddressee]:
    rows = db.session.scalars(select(LetterAddressee).where(LetterAddressee.event_id == event.id))
    result = {}
    for row in rows:
        if row.institution_id is not None:
            result[("i", row.institution_id)] = row
        if row.attendee_id is not None:
            result[("a", row.attendee_id)] = row
    return result


def is_own_unit(event: Event, name: str) -> bool:
    own = fold(event.organising_unit)
    return bool(own) and fold(name).startswith(own)


def default_address(event: Event) -> str:
    return f"di {event.place_name}" if event.place_name else "di Tempat"


def invited_institutions(event: Event) -> list[Target]:
    """One target per institution with registered participants (peserta) of the event, or with
    a number of people asked for; its people sorted by name."""
    people = db.session.scalars(
        select(Attendee)
        .where(
            Attendee.event_id == event.id,
            Attendee.role == Role.PESERTA.value,
            Attendee.status == AttendeeStatus.REGISTERED.value,
            Attendee.institution_id.is_not(None),
        )
        .order_by(Attendee.full_name, Attendee.id)
    ).all()
    by_institution: dict[int, list[Attendee]] = {}
    for person in people:
        by_institution.setdefault(person.institution_id, []).append(person)
    overrides = _addressees(event)
    asked = {key[1] for key, row in overrides.items() if key[0] == "i" and row.people_requested}
    ids = set(by_institution) | asked
    if not ids:
        return []
    institutions = db.session.scalars(
        select(Institution).where(Institution.event_id == event.id, Institution.id.in_(ids))
    )
    targets = []
    for institution in institutions:
        if is_own_unit(event, institution.name):
            continue  # the organiser's own staff get a nota dinas, not a letter
        row = overrides.get(("i", institution.id))
        targets.append(
            Target(
                kind=LetterKind.UNDANGAN.value,
                key=institution.id,
                addressee=(
                    row.head_title if row and row.head_title else head_title_for(institution.name, event.city)
                ),
                address=(row.address if row and row.address else default_address(event)),
                institution_name=full_institution_name(institution.name, event.city),
                people=by_institution.get(institution.id, []),
                people_requested=row.people_requested if row else None,
            )
        )
    targets.sort(key=lambda t: fold(t.institution_name))
    return targets


def external_speakers(event: Event) -> list[Target]:
    """One target per speaker on the agenda from outside the organising unit (the ministry's
    speakers), with the sessions they speak in."""
    links = db.session.scalars(
        select(SessionSpeaker)
        .join(AgendaSession, SessionSpeaker.session_id == AgendaSession.id)
        .where(AgendaSession.event_id == event.id)
        .order_by(AgendaSession.starts_at, SessionSpeaker.position)
        .options(selectinload(SessionSpeaker.attendee).selectinload(Attendee.institution))
    ).all()
    overrides = _addressees(event)
    targets: dict[int, Target] = {}
    for link in links:
        person = link.attendee
        if person is None or not person.is_active or person.event_id != event.id:
            continue
        institution = person.institution_name
        if not institution or is_own_unit(event, institution):
            continue
        if person.id not in targets:
            row = overrides.get(("a", person.id))
            targets[person.id] = Target(
                kind=LetterKind.NARASUMBER.value,
                key=person.id,
                addressee=row.head_title
                if row and row.head_title
                else head_title_for(institution, event.city),
                address=row.address if row and row.address else "di Tempat",
                institution_name=full_institution_name(institution, event.city),
                speaker=person,
            )
        targets[person.id].sessions.append(link.agenda_session)
    return list(targets.values())


def targets_for(event: Event, kind: str) -> list[Target]:
    if kind == LetterKind.UNDANGAN.value:
        return invited_institutions(event)
    if kind == LetterKind.NARASUMBER.value:
        return external_speakers(event)
    raise LetterError(_l("Unknown kind of letter."), "kind")


def find_target(event: Event, kind: str, key: int) -> Target | None:
    return next((t for t in targets_for(event, kind) if t.key == key), None)


def save_addressee(
    event: Event, kind: str, key: int, head_title: str, address: str, people_requested
) -> None:
    """The head's title (empty: the usual title from the name), the address line and, for an
    institution, how many people it is asked to send (empty: the people listed)."""
    head_title = " ".join((head_title or "").split())
    address = " ".join((address or "").split())
    if kind == LetterKind.UNDANGAN.value:
        if (
            db.session.scalar(
                select(Institution.id).where(Institution.id == key, Institution.event_id == event.id)
            )
            is None
        ):
            raise LetterError(_l("Unknown institution."), "head_title")
        where = {"institution_id": key}
    elif kind == LetterKind.NARASUMBER.value:
        if find_target(event, kind, key) is None:
            raise LetterError(_l("Unknown speaker."), "head_title")
        where = {"attendee_id": key}
        people_requested = None
    else:
        raise LetterError(_l("Unknown kind of letter."), "head_title")
    if people_requested is not None and not 0 < people_requested <= 500:
        raise LetterError(_l("Between 1 and 500."), "people_requested")
    row = db.session.scalar(select(LetterAddressee).filter_by(event_id=event.id, **where))
    if row is None:
        row = LetterAddressee(event_id=event.id, **where)
        db.session.add(row)
    row.head_title = head_title
    row.address = address
    row.people_requested = people_requested
    db.session.flush()


# ---- generating and the register ------------------------------------------------------------------


def registered(event: Event, kind: str | None = None) -> list[Letter]:
    query = select(Letter).where(Letter.event_id == event.id)
    if kind:
        query = query.where(Letter.kind == kind)
    return db.session.scalars(query.order_by(Letter.year, Letter.seq, Letter.id)).all()


def target_key(letter: Letter) -> int | None:
    return letter.institution_id if letter.kind == LetterKind.UNDANGAN.value else letter.attendee_id


def registered_by_target(event: Event) -> dict[tuple[str, int], Letter]:
    """(kind, institution or speaker id) -> its letter (the latest, should there be two)."""
    return {(letter.kind, target_key(letter)): letter for letter in registered(event)}


def get_letter(event: Event, letter_id: int) -> Letter | None:
    letter = db.session.get(Letter, letter_id)
    return letter if letter is not None and letter.event_id == event.id else None


def _hal(settings: LetterSettings, kind: str) -> str:
    return settings.hal_undangan if kind == LetterKind.UNDANGAN.value else settings.hal_narasumber


def _lampiran(kind: str, people: int) -> str:
    sheets = 1 + (1 if kind == LetterKind.UNDANGAN.value and people > PEOPLE_IN_BODY else 0)
    return f"{spelled(sheets)} berkas"


def _data_of(event: Event, target: Target) -> dict:
    """What the letter says that may change later, as generated."""
    data: dict = {
        "people": [{"id": p.id, "name": p.full_name, "position": p.position or ""} for p in target.people],
        "people_requested": target.people_requested,
    }
    if target.speaker is not None:
        data["speaker"] = {
            "name": target.speaker.full_name,
            "position": target.speaker.position or "",
        }
        data["sessions"] = [
            {
                "title": s.title,
                "starts_at": event.local(s.starts_at).isoformat(),
                "ends_at": event.local(s.ends_at).isoformat(),
                "room": s.room or "",
            }
            for s in target.sessions
        ]
    return data


def generate(event: Event, kind: str, user=None, today: date | None = None) -> list[Letter]:
    """Number and register a letter for every target of ``kind`` that has none yet (ordered by
    addressee); returns the new letters. Needs the settings saved and a signer."""
    settings = db.session.get(LetterSettings, event.id)
    if settings is None or not settings.signer_name:
        raise LetterError(_l("Save the letters' settings with the signer first."), "kind")
    letter_date = settings.letter_date or today or date.today()
    done = {target_key(letter) for letter in registered(event, kind)}
    targets = [t for t in targets_for(event, kind) if t.key not in done]
    scope = scope_of(event, settings)
    seqs = take_numbers(scope, settings.classification_code, letter_date.year, len(targets))
    letters = []
    for target, seq in zip(targets, seqs):
        letter = Letter(
            event_id=event.id,
            kind=kind,
            scope=scope,
            classification_code=settings.classification_code,
            year=letter_date.year,
            seq=seq,
            number=format_number(settings.classification_code, seq, settings.unit_code, letter_date.year),
            letter_date=letter_date,
            addressee=target.addressee,
            address=target.address,
            hal=_hal(settings, kind),
            sifat=settings.sifat,
            lampiran=_lampiran(kind, len(target.people)),
            institution_id=target.key if kind == LetterKind.UNDANGAN.value else None,
            institution_name=target.institution_name,
            attendee_id=target.key if kind == LetterKind.NARASUMBER.value else None,
            person_name=target.speaker.full_name if target.speaker else "",
            data=_data_of(event, target),
            generated_by_id=getattr(user, "id", None),
        )
        db.session.add(letter)
        letters.append(letter)
    db.session.flush()
    return letters


def registered_count(event: Event) -> int:
    return db.session.execute(select(func.count(Letter.id)).where(Letter.event_id == event.id)).scalar_one()


# ---- what a letter says ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Programme:
    """The agenda as the letter's lampiran prints it: (day, time, session, speakers) rows."""

    rows: list[tuple[str, str, str, str]]


@dataclass(frozen=True)
class LetterContent:
    """Everything a letter prints, plain values (renderers read nothing else)."""

    kop: Kop
    number: str
    sifat: str
    lampiran: str
    hal: str
    place_and_date: str
    addressee: str
    address: str
    opening: str
    details: list[tuple[str, str]]  # hari/tanggal, pukul, tempat, acara …
    after_details: str
    people_heading: str
    people: list[tuple[str, str]]  # (name, position)
    people_attached: bool  # the list is lampiran I rather than in the body
    closing: str
    signing: Signing
    programme: Programme
    bookmark: str  # addressee, for the merged PDF's outline
    file_stem: str


def programme_of(event: Event) -> Programme:
    sessions = db.session.scalars(
        select(AgendaSession)
        .where(AgendaSession.event_id == event.id)
        .order_by(AgendaSession.starts_at, AgendaSession.id)
        .options(selectinload(AgendaSession.speaker_links).selectinload(SessionSpeaker.attendee))
    ).all()
    rows = []
    for s in sessions:
        start, end = event.local(s.starts_at), event.local(s.ends_at)
        speakers = ", ".join(link.attendee.full_name for link in s.speaker_links if link.attendee)
        rows.append((day_and_date(start.date()), f"{clock(start)}–{clock(end)}", s.title, speakers))
    return Programme(rows)


def _event_details(event: Event) -> list[tuple[str, str]]:
    first = db.session.execute(
        select(func.min(AgendaSession.starts_at)).where(AgendaSession.event_id == event.id)
    ).scalar_one_or_none()
    start = clock(event.local(first)) if first else "08.00"
    return [
        ("hari/tanggal", day_and_date(event.starts_on, event.ends_on)),
        ("pukul", f"{start} {event.tz_label} s.d. selesai"),
        ("tempat", event.venue or event.place_name),
        ("acara", event.title),
    ]


def _place(room: str, event: Event) -> str:
    """The room and the venue, the venue alone when it already names the room."""
    venue = event.venue or event.place_name
    if not room or fold(venue).startswith(fold(room)):
        return venue
    return f"{room}, {venue}" if venue else room


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "surat"


def content(
    event: Event,
    settings: LetterSettings,
    kop: Kop,
    target: Target | None = None,
    letter: Letter | None = None,
    programme: Programme | None = None,
) -> LetterContent:
    """A letter as registered (``letter``), or a draft for ``target`` with the number left blank
    for the secretariat to write in."""
    if letter is not None:
        kind, data = letter.kind, letter.data or {}
        number, day = letter.number, letter.letter_date
        addressee, address, institution = letter.addressee, letter.address, letter.institution_name
        hal, sifat, lampiran = letter.hal, letter.sifat, letter.lampiran
    else:
        kind, data = target.kind, _data_of(event, target)
        day = settings.letter_date or date.today()
        number = f"{settings.classification_code}/      /{settings.unit_code}/{day.year}"
        addressee, address, institution = target.addressee, target.address, target.institution_name
        hal, sifat = _hal(settings, kind), settings.sifat
        lampiran = _lampiran(kind, len(target.people))
    people = [(p.get("name", ""), p.get("position", "")) for p in data.get("people", [])]
    organiser = event.issuing_body or event.organiser
    if kind == LetterKind.UNDANGAN.value:
        count = data.get("people_requested") or len(people)
        opening = (
            f"Dalam rangka meningkatkan kapasitas aparatur, {organiser} menyelenggarakan "
            f"{event.title}. Sehubungan dengan hal tersebut, dengan hormat kami mohon kesediaan "
            f"Bapak/Ibu untuk menugaskan {spelled(count)} orang dari {institution} "
            "sebagai peserta kegiatan tersebut, yang akan dilaksanakan pada:"
        )
        attached = len(people) > PEOPLE_IN_BODY
        if not people:
            after = ""
            heading = ""
        elif attached:
            after = "Nama peserta yang kami harapkan hadir tercantum dalam Lampiran I surat ini."
            heading = "Nama peserta yang kami harapkan hadir:"
        else:
            after = ""
            heading = "Nama peserta yang kami harapkan hadir:"
        details = _event_details(event)
        closing = (
            "Susunan acara terlampir. Demikian, atas perhatian dan kerja sama Bapak/Ibu "
            "diucapkan terima kasih."
        )
    else:
        speaker = data.get("speaker") or {"name": letter.person_name if letter else "", "position": ""}
        who = speaker["name"] + (f" ({speaker['position']})" if speaker.get("position") else "")
        # The head asked for themself: "kesediaan Bapak/Ibu menjadi narasumber".
        asked = (
            "menjadi narasumber"
            if speaker.get("position") and fold(speaker["position"]) == fold(addressee)
            else f"untuk menugaskan {who} sebagai narasumber"
        )
        opening = (
            f"Dalam rangka {event.title} yang diselenggarakan oleh {organiser}, dengan hormat "
            f"kami mohon kesediaan Bapak/Ibu {asked} pada kegiatan tersebut, yang akan "
            "dilaksanakan pada:"
        )
        details = []
        for index, session in enumerate(data.get("sessions", [])):
            start = datetime.fromisoformat(session["starts_at"])
            end = datetime.fromisoformat(session["ends_at"])
            details += [("", "")] if index else []  # a blank line between sessions
            details += [
                ("materi", session["title"]),
                ("hari/tanggal", day_and_date(start.date())),
                ("pukul", f"{clock(start)} s.d. {clock(end)} {event.tz_label}"),
                ("tempat", _place(session.get("room") or "", event)),
            ]
        if not details:
            details = _event_details(event)
        after, heading, attached, people = "", "", False, []
        closing = (
            "Susunan acara terlampir. Demikian permohonan ini kami sampaikan; atas perhatian dan "
            "kesediaan Bapak/Ibu diucapkan terima kasih."
        )
    place = settings.place or event.place_name
    return LetterContent(
        kop=kop,
        number=number,
        sifat=sifat,
        lampiran=lampiran,
        hal=hal,
        place_and_date=f"{place}, {long_date(day)}",
        addressee=addressee,
        address=address,
        opening=opening,
        details=details,
        after_details=after,
        people_heading=heading,
        people=people,
        people_attached=attached,
        closing=closing,
        signing=_signing(settings),
        programme=programme if programme is not None else programme_of(event),
        bookmark=addressee,
        file_stem=(letter.number.replace("/", "-") + "-" if letter else "draf-") + _slug(institution),
    )


def letters_of(event: Event, kind: str, kop: Kop, drafts: bool = True) -> list[LetterContent]:
    """Every letter of ``kind``: the registered ones, then (``drafts``) a draft with the number
    blank for each target not registered yet."""
    settings = get_settings(event)
    programme = programme_of(event)
    letters = registered(event, kind)
    done = {target_key(letter) for letter in letters}
    result = [content(event, settings, kop, letter=letter, programme=programme) for letter in letters]
    for target in targets_for(event, kind) if drafts else ():
        if target.key not in done:
            result.append(content(event, settings, kop, target=target, programme=programme))
    return result
