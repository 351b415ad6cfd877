"""flask participants import SLUG FILE [--dry-run] [--json] [--allow-errors] [--update] (DESIGN.md §5)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from tests.attendees.test_import_files import EXE, PEOPLE, messy_xlsx
from tests.attendees.test_import_views import NEW_PEOPLE, attendees_of
from workshop.core.audit import AuditEntry
from workshop.extensions import db


@pytest.fixture
def write(tmp_path):
    def make(data: bytes, name: str = "peserta.xlsx") -> str:
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return make


def run(runner, *args):
    return runner.invoke(args=["participants", "import", *args])


def test_dry_run_json_prints_one_object_and_writes_nothing(app, world, runner, write):
    result = run(runner, world.event_slug, write(messy_xlsx()), "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # stdout is exactly one JSON object
    assert set(data) == {"rows", "summary"}
    assert data["summary"] == {"ok": 3, "warning": 0, "error": 0, "skipped": 9}
    assert [set(row) for row in data["rows"]] == [{"row", "status", "messages", "name", "match"}] * 3
    first = data["rows"][0]
    # Muh. Ma'ruf is already registered (the same NIP): matched, never a second copy.
    assert first["row"] == 5 and first["status"] == "ok" and first["name"] == "Muh. Ma'ruf, S.Pd.I."
    assert first["match"] == "updated"
    assert first["messages"] == [
        "Registered as no. 001 with other Jabatan, Email; left as it is without --update."
    ]
    assert [row["match"] for row in data["rows"]] == ["updated", "new", "new"]
    assert [row["row"] for row in data["rows"]] == [5, 6, 7]
    assert "Dry run" in result.stderr and "would add 2, update 0 and leave 1" in result.stderr
    assert len(attendees_of(app, world.event_slug)) == 1


def test_import_commits_every_row_in_one_go_and_is_audited_as_cli(app, world, runner, write):
    result = run(runner, world.event_slug, write(messy_xlsx(people=NEW_PEOPLE)))
    assert result.exit_code == 0, result.output
    assert "row 5\tok\tnew\tRina Lestari, S.Sos." in result.output
    assert "Imported into kla-serang: 3 added, 0 updated" in result.output
    people = attendees_of(app, world.event_slug)
    assert [p.source for p in people] == ["manual", "import", "import", "import"]
    with app.app_context():
        actors = (
            db.session.execute(
                select(AuditEntry.actor).where(AuditEntry.entity == "Attendee", AuditEntry.action == "create")
            )
            .scalars()
            .all()
        )
        assert actors == ["cli"] * 3


def test_rows_with_errors_stop_the_import_unless_allowed(app, world, runner, write):
    bad = [9, "Budi 2", "", "", "Staf", "Bappeda", "L", "", "", "non-ASN"]  # digits in a name
    path = write(messy_xlsx(people=[PEOPLE[1], bad, PEOPLE[2]]))
    refused = run(runner, world.event_slug, path, "--json")
    assert refused.exit_code != 0
    assert json.loads(refused.stdout)["summary"]["error"] == 1
    assert "1 row(s) have errors, so nothing was imported" in refused.stderr
    assert len(attendees_of(app, world.event_slug)) == 1
    allowed = run(runner, world.event_slug, path, "--allow-errors")
    assert allowed.exit_code == 0, allowed.output
    assert "2 added, 0 updated, 0 already registered and left as they are, 1 row(s) with errors left out" in (
        allowed.output
    )
    assert [p.full_name for p in attendees_of(app, world.event_slug)] == [
        "Muh. Ma'ruf, S.Pd.I.",
        "Rina Lestari, S.Sos.",
        "Andi Saputra",
    ]


def test_update_changes_the_person_already_registered(app, world, runner, write):
    changed = [[1, *PEOPLE[0][1:4], "Kepala Seksi", *PEOPLE[0][5:]]]
    result = run(runner, world.event_slug, write(messy_xlsx(people=changed)), "--update", "--json")
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)["rows"][0]
    assert row["status"] == "ok" and row["match"] == "updated"
    assert row["messages"] == ["Updates no. 001: Jabatan, Email."]
    (person,) = attendees_of(app, world.event_slug)
    assert person.position == "Kepala Seksi"


def test_a_failure_while_storing_rolls_everything_back(app, world, runner, write, monkeypatch):
    from workshop.attendees import services

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "add_checked_many", broken)
    result = run(runner, world.event_slug, write(messy_xlsx(people=NEW_PEOPLE)))
    assert result.exit_code != 0
    assert "nothing was saved" in result.output
    assert len(attendees_of(app, world.event_slug)) == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["no-such-event"], "No event with slug 'no-such-event'."),
        (["{event}", "--file-is-exe"], "This file is not an .xlsx or .csv spreadsheet."),
    ],
)
def test_bad_input_exits_non_zero_with_a_message(app, world, runner, write, args, message):
    path = write(EXE, "peserta.xlsx") if "--file-is-exe" in args else write(messy_xlsx())
    result = run(runner, args[0].format(event=world.event_slug), path)
    assert result.exit_code != 0
    assert message in result.output
    assert len(attendees_of(app, world.event_slug)) == 1


def test_a_file_that_cannot_be_read_with_json_still_prints_one_object(app, world, runner, write):
    result = run(runner, world.event_slug, write(EXE), "--json")
    assert result.exit_code != 0
    data = json.loads(result.stdout)
    assert data["rows"] == [] and data["summary"] == {"ok": 0, "warning": 0, "error": 0, "skipped": 0}
    assert "not an .xlsx or .csv" in data["error"]


NON_ASN_WITH_DASHES = [
    ["NO", "NAMA", "NIP", "PANGKAT/GOL", "JABATAN", "INSTANSI", "L/P", "NO. HP / WA"],
    [1, "Aulia Rahma", "-", "-", "Anggota", "Forum Anak Kota Serang", "P", "-"],
    [2, "Rina Lestari, S.Sos.", "199001012018012003", "III/b", "Penyuluh", "Dinkes", "P", "0813-1111-2222"],
    [3, "Andi Saputra", "—", "–", "Ketua LPA", "Lembaga Perlindungan Anak", "L", "0813-9999-8888"],
    [4, "Siti Aminah", "tidak ada", "n/a", "Kader", "PKK Kelurahan Cipare", "P", "0"],
]


def test_a_non_asn_with_dashes_imports_as_non_asn_and_reimports_stay_one_person_each(
    app, world, runner, write
):
    """The issue's test: "-" in NIP and golongan is empty; the same list twice and then a corrected
    copy leave exactly one person per row, with the corrections applied."""
    from tests.attendees.test_import_files import xlsx

    first = run(runner, world.event_slug, write(xlsx(NON_ASN_WITH_DASHES)), "--json")
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert data["summary"] == {"ok": 4, "warning": 0, "error": 0, "skipped": 0}, data
    assert [row["match"] for row in data["rows"]] == ["new"] * 4
    people = {p.full_name: p for p in attendees_of(app, world.event_slug)}
    assert len(people) == 5  # the world's own attendee and four
    aulia = people["Aulia Rahma"]
    assert (aulia.category, aulia.nip, aulia.golongan, aulia.phone) == ("non-ASN", None, None, None)
    assert people["Siti Aminah"].category == "non-ASN" and people["Rina Lestari, S.Sos."].category == "PNS"

    again = run(runner, world.event_slug, write(xlsx(NON_ASN_WITH_DASHES)), "--json", "--update")
    assert again.exit_code == 0, again.output
    assert [row["match"] for row in json.loads(again.stdout)["rows"]] == ["unchanged"] * 4
    assert len(attendees_of(app, world.event_slug)) == 5

    corrected = [list(row) for row in NON_ASN_WITH_DASHES]
    corrected[1][4] = "Ketua Forum Anak"  # Aulia: jabatan corrected (no NIP, no phone: name + instansi)
    corrected[3][7] = "0813-9999-7777"  # Andi: a new phone (matched on name + instansi)
    corrected[2][1] = "Rina Lestari, S.Sos., M.Si."  # Rina: a title added (matched on NIP)
    corrected.append([5, "Dedi Kurniawan", "-", "-", "Relawan", "LPA Kota Serang", "L", "0812-1212-3434"])
    third = run(runner, world.event_slug, write(xlsx(corrected)), "--json", "--update")
    assert third.exit_code == 0, third.output
    rows = json.loads(third.stdout)["rows"]
    assert [row["match"] for row in rows] == ["updated", "updated", "updated", "unchanged", "new"], rows
    people = attendees_of(app, world.event_slug)
    assert len(people) == 6
    by_name = {p.full_name: p for p in people}
    assert by_name["Aulia Rahma"].position == "Ketua Forum Anak"
    assert by_name["Andi Saputra"].phone == "+6281399997777"
    assert "Rina Lestari, S.Sos., M.Si." in by_name
