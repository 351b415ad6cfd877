"""Checking imported rows (rules, duplicates in the file and against the event, --update) and
storing them: all accepted rows in one go, or nothing."""

from __future__ import annotations

import os
import time

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from tests.attendees.test_import_files import HEADER_ID, PEOPLE, messy_xlsx, xlsx
from tests.conftest import make_attendee, make_event, make_user
from workshop.attendees import importing
from workshop.attendees.models import Attendee, Institution
from workshop.events.models import Event
from workshop.extensions import db


@pytest.fixture
def event(ctx):
    event = make_event(make_user("panitia@serang.go.id"), slug="kla-import")
    db.session.commit()
    return event


def check(event, data: bytes, update: bool = True) -> importing.ImportResult:
    return importing.check_import(event, data, update=update)


def by_row(result) -> dict[int, importing.ImportRow]:
    return {row.row: row for row in result.rows}


def codes(row) -> set[str]:
    return set(row.codes())


def attendee_count(event) -> int:
    return db.session.execute(
        select(func.count(Attendee.id)).where(Attendee.event_id == event.id)
    ).scalar_one()


# ---- rows --------------------------------------------------------------------------------------


def test_the_messy_file_gives_clean_values(event):
    result = check(event, messy_xlsx())
    assert result.summary == {"ok": 3, "warning": 0, "error": 0, "skipped": 9}
    rows = by_row(result)
    expected = {
        "full_name": "Muh. Ma'ruf, S.Pd.I.",
        "nip": "198609262015051001",
        "golongan": "III/c",
        "gender": "L",
        "phone": "+6281234567890",
        "category": "PNS",
        "role": "peserta",
    }
    assert {key: rows[5].values[key] for key in expected} == expected
    assert rows[6].values["golongan"] == "III/b" and rows[6].values["gender"] == "P"
    assert rows[7].values["gender"] == "L" and rows[7].values["phone"] == "+6281399998888"
    # "Dinkes" and "DINAS KESEHATAN KOTA SERANG" are one institution.
    assert rows[5].institution_name == rows[6].institution_name == "Dinas Kesehatan"
    assert result.institution_count == 2


def test_a_nip_excel_kept_as_a_number_is_an_error_even_with_18_digits(event):
    people = [
        [1, "Rina Lestari", 199001012018012003, "III/b", "Staf", "Bappeda", "P", "0813-1111-2222", "", "PNS"],
        [
            2,
            "Budi Santoso",
            1.98609262015051e17,
            "III/c",
            "Staf",
            "Bappeda",
            "L",
            "0813-1111-3333",
            "",
            "PNS",
        ],
    ]
    result = check(event, messy_xlsx(people=people))
    for row in result.rows:
        assert row.status == "error"
        assert "excel_number" in codes(row)
        assert row.values["nip"] is None
    with force_locale("en"):
        assert result.rows[0].messages() == [
            "NIP / NI PPPK: This number was stored by Excel as a number and lost its last digits. Format the "
            "column as text and type it again."
        ]


@pytest.mark.parametrize("nip", ["1.98609E+17", "1,98609E+17", "198609262015051000"])
def test_a_nip_column_excel_saved_as_numbers_in_a_csv_is_an_error(event, nip):
    data = f"Nama;NIP;Instansi;L/P\r\nBudi Santoso;{nip};Bappeda;L\r\n".encode()
    row = check(event, data).rows[0]
    assert row.status == "error" and "excel_number" in codes(row)


@pytest.mark.parametrize(
    "cells, code",
    [
        ({"NAMA": "Budi 2"}, "full_name"),
        ({"NIP": "19861326 201505 1 001"}, "nip_birth"),
        ({"NIP": "1986092620150510"}, "nip"),
        ({"L/P": "X"}, "gender"),
        ({"PANGKAT/GOL": "Penata"}, "golongan"),
        ({"NO. HP / WA": "12345"}, "phone"),
        ({"E-MAIL": "rina@"}, "email"),
        ({"KATEGORI": "Pejabat"}, "category"),
        ({"INSTANSI": "<b>Bappeda</b>"}, "institution"),
    ],
)
def test_each_bad_field_makes_its_row_an_error_with_the_reason(event, cells, code):
    person = dict(zip(HEADER_ID, PEOPLE[0]))
    person.update(cells)
    result = check(event, xlsx([HEADER_ID, list(person.values())]))
    row = result.rows[0]
    assert row.status == "error"
    assert code in codes(row)


def test_messages_are_prefixed_with_the_column_in_the_users_language(event):
    person = dict(zip(HEADER_ID, PEOPLE[0]), **{"L/P": "X"})
    row = check(event, xlsx([HEADER_ID, list(person.values())])).rows[0]
    with force_locale("en"):
        assert row.messages() == ["Gender (L/P): Choose L (male) or P (female)."]


def test_a_gender_that_contradicts_the_nip_is_a_warning(event):
    person = dict(zip(HEADER_ID, PEOPLE[0]), **{"L/P": "P"})
    row = check(event, xlsx([HEADER_ID, list(person.values())])).rows[0]
    assert row.status == "warning" and codes(row) == {"nip_gender"}


def test_without_a_category_column_it_is_taken_from_the_row_and_flagged_only_in_doubt(event):
    rows = [
        ["Nama", "NIP", "Gol", "Instansi", "L/P"],
        ["Rina Lestari", "19900101 201801 2 003", "", "Bappeda", "P"],  # PNS or PPPK? in doubt
        ["Andi Saputra", "", "", "LPA Kota Serang", "L"],  # nothing of a civil servant: non-ASN
        ["Sari Dewi", "19910202 201902 2 004", "III/a", "Bappeda", "P"],  # III/a: PNS
        ["Tono Wijaya", "19920303 202203 1 005", "IX", "Bappeda", "L"],  # IX: PPPK
    ]
    rina, andi, sari, tono = check(event, xlsx(rows)).rows
    assert [r.values["category"] for r in (rina, andi, sari, tono)] == ["PNS", "non-ASN", "PNS", "PPPK"]
    assert rina.status == "warning" and codes(rina) == {"category_guessed"}
    assert andi.status == sari.status == tono.status == "ok"
    with force_locale("en"):
        assert rina.messages() == [
            "Category: Not in the file; taken as PNS because the row has a NIP, but without a "
            "golongan it could also be PPPK. Check it."
        ]


@pytest.mark.parametrize("dash", ["-", "–", "—", "0", "tidak ada", "n/a", "N/A", "nihil", "", " - "])
def test_a_placeholder_is_empty_in_every_column_and_guesses_nothing(event, dash):
    """A Forum Anak member's row, with a placeholder wherever a civil servant has something."""
    rows = [
        ["Nama", "NIP", "Pangkat/Gol", "Jabatan", "Instansi", "L/P", "No HP", "Email"],
        ["Aulia Rahma", dash, dash, "Anggota", "Forum Anak Kota Serang", "P", "0812-5555-0101", dash],
    ]
    row = check(event, xlsx(rows)).rows[0]
    assert row.status == "ok", row.messages()
    assert row.values["category"] == "non-ASN"
    assert row.values["nip"] is None and row.values["golongan"] is None and row.values["email"] is None


def test_without_a_gender_column_a_pns_gender_comes_from_the_nip(event):
    result = check(
        event,
        xlsx(
            [
                ["Nama", "NIP", "Kategori", "Instansi"],
                ["Rina Lestari", "19900101 201801 2 003", "PNS", "Bappeda"],
            ]
        ),
    )
    row = result.rows[0]
    assert row.values["gender"] == "P" and row.status == "ok"  # the NIP's 15th digit says it


def test_roles_from_the_file_or_peserta(event):
    rows = [
        ["Nama", "Instansi", "Peran"],
        ["Dr. Rina", "Kemen PPPA", "Narasumber"],
        ["Budi", "Bappeda", "Speaker"],
        ["Dewi", "Bappeda", ""],
        ["Sari", "Bappeda", "Committee"],
    ]
    result = check(event, xlsx(rows))
    assert [row.values["role"] for row in result.rows] == ["narasumber", "narasumber", "peserta", "panitia"]


# ---- duplicates ------------------------------------------------------------------------------------


def test_duplicates_inside_the_file(event):
    people = [
        PEOPLE[0],
        [
            4,
            "Budi Santoso",
            "19860926 201505 1 001",
            "III/c",
            "Staf",
            "Bappeda",
            "L",
            "0812-9999-0000",
            "",
            "PNS",
        ],
        [5, "Dewi Lestari", "", "", "Staf", "Bappeda", "P", "0812-3456-7890", "", "non-ASN"],
    ]
    rows = by_row(check(event, messy_xlsx(people=people)))
    assert rows[5].status == "ok"
    assert rows[6].status == "error" and "duplicate_nip_file" in codes(rows[6])  # the later row
    assert rows[7].status == "warning" and codes(rows[7]) == {
        "duplicate_phone_file"
    }  # colleagues share phones
    with force_locale("en"):
        assert rows[6].messages() == ["NIP / NI PPPK: The same NIP is already on row 5 of this file."]


def test_a_person_already_in_the_event_is_matched_not_refused(event):
    make_attendee(event)  # Muh. Ma'ruf: the same NIP and phone as the file's first person
    db.session.commit()
    rows = by_row(check(event, messy_xlsx()))
    assert rows[5].status == "ok" and rows[5].match == "updated"
    assert rows[6].match == rows[7].match == "new" and rows[6].status == rows[7].status == "ok"


def test_a_known_nip_is_an_update_of_that_person_listing_the_fields(event):
    existing = make_attendee(event)
    db.session.commit()
    rows = by_row(check(event, messy_xlsx()))
    assert rows[5].status == "ok" and rows[5].update_id == existing.id and rows[5].match == "updated"
    # "Dinkes" and "Dinas Kesehatan Kota Serang" are one institution: no change.
    assert rows[5].changed == ["position", "email"]
    assert rows[6].update_id is None
    with force_locale("en"):
        assert rows[5].messages() == ["Updates no. 001: Jabatan, Email."]
    # Without applying updates (the command line without --update) it is said, not done.
    row = by_row(check(event, messy_xlsx(), update=False))[5]
    assert row.match == "updated" and not row.applies
    with force_locale("en"):
        assert row.messages() == [
            "Registered as no. 001 with other Jabatan, Email; left as it is without --update."
        ]


def test_a_row_without_nip_is_matched_on_phone(event):
    existing = make_attendee(
        event, category="non-ASN", nip="", golongan="", full_name="Andi Saputra", phone="0813-9999-8888"
    )
    db.session.commit()
    result = check(event, messy_xlsx(), update=True)
    assert by_row(result)[7].update_id == existing.id
    assert result.to_create == 2 and result.to_update == 1


def test_a_row_without_nip_or_phone_is_matched_on_name_and_institution(event):
    existing = make_attendee(
        event,
        category="non-ASN",
        nip="",
        golongan="",
        full_name="Aulia Rahma",
        institution="Forum Anak Kota Serang",
        phone="",
        email="",
    )
    db.session.commit()
    rows = [["Nama", "Instansi", "Jabatan", "L/P"], ["AULIA RAHMA", "Forum Anak Kota Serang", "Ketua", "L"]]
    row = check(event, xlsx(rows)).rows[0]
    assert row.match == "updated" and row.update_id == existing.id
    assert set(row.changed) == {"full_name", "position"}


def test_a_phone_of_someone_with_another_name_is_a_conflict(event):
    make_attendee(
        event, category="non-ASN", nip="", golongan="", full_name="Budi Hartono", phone="0813-9999-8888"
    )
    db.session.commit()
    row = by_row(check(event, messy_xlsx()))[7]  # Andi Saputra, the same phone
    assert row.match == "new" and "duplicate_phone" in codes(row)  # colleagues share phones
    make_attendee(
        event, category="PNS", full_name="Andy Saputra", phone="0812-7777-0000", nip="19900101 201801 2 003"
    )
    db.session.commit()
    # The same name and institution with another NIP cannot be decided here.
    rows = [
        ["Nama", "NIP", "Instansi", "L/P"],
        ["Andy Saputra", "19860926 201505 1 001", "Dinas Kesehatan Kota Serang", "L"],
    ]
    row = check(event, xlsx(rows)).rows[0]
    assert row.match == "conflict" and row.status == "error"


def test_a_phone_match_with_another_nip_is_someone_else(event):
    make_attendee(
        event, nip="19900101 201801 2 003", gender="P", full_name="Rina Lestari", phone="0812-3456-7890"
    )
    db.session.commit()
    result = check(event, messy_xlsx(people=[PEOPLE[0]]), update=True)
    row = result.rows[0]
    assert row.update_id is None and row.status == "warning" and codes(row) == {"duplicate_phone"}


# ---- storing --------------------------------------------------------------------------------------


def test_commit_stores_every_accepted_row_as_imported(event):
    seq_before = event.attendee_seq
    result = check(event, messy_xlsx())
    done = importing.commit_import(event, result)
    db.session.commit()
    assert (done.created, done.updated, done.skipped_errors) == (3, 0, 0)
    people = (
        db.session.execute(
            select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.reg_number)
        )
        .scalars()
        .all()
    )
    assert [(p.reg_number, p.full_name) for p in people] == [
        (seq_before + 1, "Muh. Ma'ruf, S.Pd.I."),
        (seq_before + 2, "Rina Lestari, S.Sos."),
        (seq_before + 3, "Andi Saputra"),
    ]
    assert {p.source for p in people} == {"import"}
    assert all(p.consent_at is None for p in people)  # they see the consent notice on their ticket
    assert people[1].nip == "199001012018012003" and people[1].golongan == "III/b"
    assert len({p.ticket_code for p in people}) == 3
    # "Dinkes" and "DINAS KESEHATAN KOTA SERANG": one institution, two people.
    institutions = (
        db.session.execute(select(Institution).where(Institution.event_id == event.id)).scalars().all()
    )
    assert sorted(i.name for i in institutions) == ["Dinas Kesehatan", "Lembaga Perlindungan Anak"]
    assert people[0].institution_id == people[1].institution_id
    assert people[1].institution_text == "DINAS KESEHATAN KOTA SERANG"


def test_rows_with_errors_block_the_import_unless_allowed_then_they_are_left_out(event):
    people = [PEOPLE[0], [2, "Budi 2", "", "", "Staf", "Bappeda", "L", "", "", "non-ASN"], PEOPLE[2]]
    result = check(event, messy_xlsx(people=people))
    assert result.summary["error"] == 1
    with pytest.raises(importing.ImportBlocked):
        importing.commit_import(event, result)
    db.session.rollback()
    assert attendee_count(event) == 0
    done = importing.commit_import(event, check(event, messy_xlsx(people=people)), allow_errors=True)
    db.session.commit()
    assert (done.created, done.skipped_errors) == (2, 1)
    names = (
        db.session.execute(select(Attendee.full_name).where(Attendee.event_id == event.id)).scalars().all()
    )
    assert sorted(names) == ["Andi Saputra", "Muh. Ma'ruf, S.Pd.I."]


def test_commit_updates_matched_people_and_keeps_what_the_file_does_not_say(event):
    existing = make_attendee(event, position="Staf", email="lama@example.go.id", role="narasumber")
    db.session.commit()
    rows = [
        ["Nama", "NIP", "Jabatan", "Instansi", "L/P"],
        ["Muh. Ma'ruf, S.Pd.I., M.Si.", "19860926 201505 1 001", "Kepala Seksi", "Bappeda", "L"],
    ]
    result = check(event, xlsx(rows), update=True)
    assert result.rows[0].status == "ok"
    done = importing.commit_import(event, result)
    db.session.commit()
    assert (done.created, done.updated) == (0, 1)
    db.session.refresh(existing)
    assert existing.full_name == "Muh. Ma'ruf, S.Pd.I., M.Si."
    assert existing.position == "Kepala Seksi" and existing.institution.name == "Bappeda"
    assert (
        existing.email == "lama@example.go.id"
        and existing.role == "narasumber"
        and existing.category == "PNS"
    )
    assert attendee_count(event) == 1


def test_a_failure_while_storing_leaves_nothing_behind(event, monkeypatch):
    from workshop.attendees import services

    make_attendee(
        event, category="non-ASN", nip="", golongan="", full_name="Andi Saputra", phone="0813-9999-8888"
    )
    db.session.commit()
    seq_before = db.session.get(Event, event.id).attendee_seq
    calls = []
    real_apply = services._apply

    def failing_apply(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(services, "_apply", failing_apply)
    result = check(event, messy_xlsx(), update=True)
    with pytest.raises(RuntimeError):
        importing.commit_import(event, result)
    db.session.rollback()
    assert attendee_count(event) == 1
    assert db.session.get(Event, event.id).attendee_seq == seq_before
    assert db.session.execute(select(func.count(Institution.id))).scalar_one() == 1


def test_the_same_file_checked_twice_gives_the_same_digest(event):
    first = check(event, messy_xlsx())
    assert check(event, messy_xlsx()).digest == first.digest
    make_attendee(event)
    db.session.commit()
    assert check(event, messy_xlsx()).digest != first.digest  # the event's list changed
    assert check(event, messy_xlsx(), update=False).digest != check(event, messy_xlsx()).digest


def test_to_json_has_the_documented_shape(event):
    with force_locale("en"):
        data = check(event, messy_xlsx()).to_json()
    assert set(data) == {"rows", "summary"}
    assert data["summary"] == {"ok": 3, "warning": 0, "error": 0, "skipped": 9}
    assert data["rows"][0] == {
        "row": 5,
        "status": "ok",
        "messages": [],
        "name": "Muh. Ma'ruf, S.Pd.I.",
        "match": "new",
    }


# ---- the file between preview and confirm --------------------------------------------------------


def test_pending_files_are_kept_under_a_random_name_and_old_ones_removed(app, ctx, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "STORAGE_DIR", str(tmp_path / "storage"))
    assert importing.storage_dir(app) == tmp_path / "storage"
    token = importing.save_pending(app, b"Nama;NIP\r\n", "csv")
    path = importing.pending_path(app, token, "csv")
    assert path.parent == tmp_path / "storage" / "imports" and path.read_bytes() == b"Nama;NIP\r\n"
    assert importing.load_pending(app, token, "csv") == b"Nama;NIP\r\n"
    assert importing.pending_path(app, "../../etc/passwd", "csv") is None
    assert importing.pending_path(app, token, "exe") is None
    old = importing.save_pending(app, b"old", "csv")
    day_ago = time.time() - 25 * 3600
    os.utime(importing.pending_path(app, old, "csv"), (day_ago, day_ago))
    assert importing.cleanup_pending(app) == 1
    assert importing.load_pending(app, old, "csv") is None
    assert importing.load_pending(app, token, "csv") is not None
    importing.delete_pending(app, token, "csv")
    assert importing.load_pending(app, token, "csv") is None


def test_storage_dir_defaults_to_the_instance_folder(app, monkeypatch):
    monkeypatch.setitem(app.config, "STORAGE_DIR", None)
    assert str(importing.storage_dir(app)) == os.path.join(app.instance_path, "storage")
