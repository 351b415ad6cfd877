"""The import pages with the Flask client: upload -> preview -> confirm, bad files, the options,
and a confirm that fails halfway leaving the database as it was."""

from __future__ import annotations

import io
import os
import re
import time

import pytest
from sqlalchemy import func, select

from tests.attendees.test_import_files import EXE, PEOPLE, messy_xlsx, xlsx
from workshop.attendees.import_views import SESSION_KEY
from workshop.attendees.models import Attendee, Institution
from workshop.core.audit import AuditEntry
from workshop.events.models import Event
from workshop.extensions import db

# Nobody here is in the world's event yet (its one attendee is PEOPLE[0], Muh. Ma'ruf).
NEW_PEOPLE = [
    PEOPLE[1],
    PEOPLE[2],
    [
        4,
        "Dewi Anggraini",
        "19880412 201001 2 005",
        "III/d",
        "Kepala Seksi",
        "Dinkes Kota Serang",
        "P",
        "0812-7777-1111",
        "dewi@example.go.id",
        "PNS",
    ],
]


@pytest.fixture(autouse=True)
def storage(app, tmp_path, monkeypatch):
    """Each test gets its own storage folder, so it can see exactly what was kept."""
    monkeypatch.setitem(app.config, "STORAGE_DIR", str(tmp_path / "storage"))
    return tmp_path / "storage" / "imports"


def base(world) -> str:
    return f"/manage/events/{world.event_slug}/attendees/import"


def english(client):
    client.get("/lang/en")
    return client


def upload(client, world, data: bytes, filename: str = "peserta.xlsx", **fields):
    form = {"file": (io.BytesIO(data), filename), **fields}
    return client.post_form(base(world), form, content_type="multipart/form-data")


def digest_of(page: str) -> str:
    match = re.search(r'name="digest" type="hidden" value="([^"]*)"', page) or re.search(
        r'id="digest" name="digest" type="hidden" value="([^"]*)"', page
    )
    assert match, "no digest on the preview"
    return match.group(1)


def attendees_of(app, slug: str) -> list[Attendee]:
    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == slug)).scalar_one()
        return (
            db.session.execute(
                select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.reg_number)
            )
            .scalars()
            .all()
        )


def stored_files(folder) -> list[str]:
    return sorted(os.listdir(folder)) if folder.exists() else []


def test_upload_preview_confirm(app, world, as_role, storage):
    client = english(as_role("organiser"))
    form_page = client.get(base(world)).get_data(as_text=True)
    assert 'type="file"' in form_page and 'enctype="multipart/form-data"' in form_page

    response = upload(client, world, messy_xlsx(people=NEW_PEOPLE), "Daftar Peserta.xlsx")
    assert response.status_code == 302
    assert response.headers["Location"] == base(world) + "/preview"
    assert len(stored_files(storage)) == 1
    with client.session_transaction() as session:
        assert set(session[SESSION_KEY]) == {"event", "token", "kind", "name"}
    assert len(attendees_of(app, world.event_slug)) == 1  # nothing written before the confirm

    page = client.get(base(world) + "/preview").get_data(as_text=True)
    assert "Daftar Peserta.xlsx" in page and "header on row 4" in page
    assert page.count('class="import-row import-row-ok"') == 3
    assert "Rina Lestari, S.Sos." in page and "Dinas Kesehatan" in page
    assert "Importing adds 3 people and updates 0, from 2 institutions." in page
    assert "Import: add 3, update 0" in page
    assert "allow_errors" not in page and "left out" not in page  # no errors, nothing said
    assert len(attendees_of(app, world.event_slug)) == 1

    response = client.post_form(base(world) + "/confirm", {"digest": digest_of(page)})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/manage/events/{world.event_slug}/attendees"
    people = attendees_of(app, world.event_slug)
    assert [p.full_name for p in people] == [
        "Muh. Ma'ruf, S.Pd.I.",
        "Rina Lestari, S.Sos.",
        "Andi Saputra",
        "Dewi Anggraini",
    ]
    assert {p.source for p in people[1:]} == {"import"} and all(p.consent_at is None for p in people[1:])
    assert (
        "Imported: 3 added, 0 updated, 0 already registered and unchanged, 0 rows with errors left out."
        in client.get(f"/manage/events/{world.event_slug}/attendees").get_data(as_text=True)
    )
    assert stored_files(storage) == []  # the upload is deleted after the confirm
    with client.session_transaction() as session:
        assert SESSION_KEY not in session
    with app.app_context():
        entries = (
            db.session.execute(
                select(AuditEntry).where(AuditEntry.entity == "Attendee", AuditEntry.action == "create")
            )
            .scalars()
            .all()
        )
        assert len(entries) == 3 and {e.user_id for e in entries} == {world.users["organiser"][0]}
        # Rina's "DINAS KESEHATAN KOTA SERANG" and Dewi's "Dinkes Kota Serang" count as one
        # institution with the world's "Dinas Kesehatan Kota Serang".
        health = (
            db.session.execute(
                select(Institution).where(
                    Institution.name == "Dinas Kesehatan", Institution.event_id == people[0].event_id
                )
            )
            .scalars()
            .all()
        )
        assert len(health) == 1
    assert people[0].institution_id == people[1].institution_id == people[3].institution_id
    # The preview has nothing more to show.
    assert "There is no file waiting to be imported." in client.get(base(world) + "/preview").get_data(
        as_text=True
    )


def test_the_preview_lists_each_row_with_status_and_reasons(app, world, as_role):
    client = english(as_role("organiser"))
    people = [
        *PEOPLE,
        [4, "Budi 2", "", "", "Staf", "Bappeda", "L", "", "", "non-ASN"],
        [5, "Sari Dewi", 199001012018012003, "III/b", "Staf", "Bappeda", "P", "0813-1111-2222", "", "PNS"],
    ]
    upload(client, world, messy_xlsx(people=people))
    page = client.get(base(world) + "/preview").get_data(as_text=True)
    assert '<li class="import-count-ok"><strong>3</strong>' in page
    assert '<li class="import-count-warning"><strong>0</strong>' in page
    assert '<li class="import-count-error"><strong>2</strong>' in page
    assert '<li class="import-count-skipped"><strong>9</strong>' in page
    row5 = page[page.index('id="row-5"') : page.index('id="row-6"')]
    # Row 5 is the world's attendee (the same NIP): matched and updated, never a second copy.
    assert (
        "import-row-ok"
        in page[page.rindex("<tr", 0, page.index('id="row-5"')) : page.index('id="row-5"') + 20]
    )
    assert "Updated" in row5 and "Jabatan, Email" in row5 and "Updates no. 001: Jabatan, Email." in row5
    assert "Name: A name cannot contain digits." in page
    assert "stored by Excel as a number" in page
    assert "Serang, 20 November 2026" in page  # the skipped footer is listed
    assert "2 rows with errors will be left out." in page and 'name="allow_errors"' not in page
    assert "Import: add 2, update 1" in page
    # No inline script, style or handler on the filled preview either (the CSP forbids them).
    assert not re.search(r"<[^>]+\sstyle\s*=", page) and "<style" not in page
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", page)
    assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", page))


def test_the_button_imports_what_it_says_leaving_out_rows_with_errors(app, world, as_role):
    client = english(as_role("organiser"))
    bad = [9, "Budi 2", "", "", "Staf", "Bappeda", "L", "", "", "non-ASN"]  # digits in a name
    upload(client, world, messy_xlsx(people=[*PEOPLE, bad]))
    page = client.get(base(world) + "/preview").get_data(as_text=True)
    assert "1 row with errors will be left out." in page and "Import: add 2, update 1" in page
    response = client.post_form(base(world) + "/confirm", {"digest": digest_of(page)})
    assert response.status_code == 302
    people = attendees_of(app, world.event_slug)
    assert [p.full_name for p in people] == ["Muh. Ma'ruf, S.Pd.I.", "Rina Lestari, S.Sos.", "Andi Saputra"]
    assert people[0].position == "Analis Kebijakan" and people[0].source == "manual"  # updated, not copied
    assert (
        "Imported: 2 added, 1 updated, 0 already registered and unchanged, 1 rows with errors left out."
        in (client.get(f"/manage/events/{world.event_slug}/attendees").get_data(as_text=True))
    )


def test_uploading_the_same_list_again_then_a_corrected_copy_keeps_one_person_per_row(app, world, as_role):
    client = english(as_role("organiser"))
    for _ in range(2):
        upload(client, world, messy_xlsx(people=NEW_PEOPLE))
        page = client.get(base(world) + "/preview").get_data(as_text=True)
        client.post_form(base(world) + "/confirm", {"digest": digest_of(page)})
    assert "Nothing to import: every row is already registered as it is" in page
    assert page.count("import-match import-match-unchanged") == 3
    assert len(attendees_of(app, world.event_slug)) == 4
    corrected = [list(row) for row in NEW_PEOPLE]
    corrected[1][4] = "Ketua LPA Kota Serang"  # Andi (no NIP): matched on his phone
    corrected[2][4] = "Kepala Bidang"  # Dewi: matched on her NIP
    upload(client, world, messy_xlsx(people=corrected))
    page = client.get(base(world) + "/preview").get_data(as_text=True)
    assert page.count("import-match import-match-updated") == 2
    assert page.count("import-match import-match-unchanged") == 1
    client.post_form(base(world) + "/confirm", {"digest": digest_of(page)})
    people = attendees_of(app, world.event_slug)
    assert len(people) == 4
    assert {p.full_name: p.position for p in people}["Andi Saputra"] == "Ketua LPA Kota Serang"
    assert {p.full_name: p.position for p in people}["Dewi Anggraini"] == "Kepala Bidang"


@pytest.mark.parametrize(
    "data, filename, message",
    [
        (EXE, "peserta.xlsx", "This file is not an .xlsx or .csv spreadsheet."),
        (b"%PDF-1.7\n\x00\x01binary", "peserta.csv", "This file is not an .xlsx or .csv spreadsheet."),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
            "peserta.xls",
            "This is an old Excel file (.xls).",
        ),
        (xlsx([]), "kosong.xlsx", "The spreadsheet is empty"),
        (xlsx([["Rekap"], ["Bappeda", 3]]), "rekap.xlsx", "No header row was found."),
        (b"", "peserta.csv", "The file is empty."),
    ],
)
def test_bad_uploads_get_a_clear_message_and_nothing_is_kept(
    app, world, as_role, storage, data, filename, message
):
    client = english(as_role("organiser"))
    response = upload(client, world, data, filename)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page and 'class="field-error"' in page
    assert stored_files(storage) == []
    with client.session_transaction() as session:
        assert SESSION_KEY not in session
    assert len(attendees_of(app, world.event_slug)) == 1


def test_a_file_over_the_limit_is_refused(app, world, as_role, storage, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 2048)
    client = english(as_role("organiser"))
    data = messy_xlsx()
    assert len(data) > 2048
    page = upload(client, world, data).get_data(as_text=True)
    assert "The file is larger than" in page and 'class="field-error"' in page
    assert stored_files(storage) == []


def test_the_default_limit_is_five_megabytes(app, world, as_role, storage):
    client = english(as_role("organiser"))
    assert app.config["IMPORT_MAX_BYTES"] == 5 * 1024 * 1024
    big = b"Nama,Instansi\r\n" + b"Rina Lestari,Bappeda\r\n" * 260_000  # 5.5 MB of text
    # The body is encoded by hand: the test client would spool it to a file it never closes.
    boundary = "bintek-test-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{client.csrf_token()}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="besar.csv"\r\n'
            f"Content-Type: text/csv\r\n\r\n"
        ).encode()
        + big
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.post(base(world), data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 200
    assert "The file is larger than 5 MB." in response.get_data(as_text=True)
    assert stored_files(storage) == []


def test_no_file_chosen(app, world, as_role):
    client = english(as_role("organiser"))
    page = client.post_form(base(world), {}, content_type="multipart/form-data").get_data(as_text=True)
    assert "Choose the file to import." in page


def test_a_failed_confirm_leaves_the_database_unchanged(app, world, as_role, storage, monkeypatch):
    from workshop.attendees import services

    client = english(as_role("organiser"))
    upload(client, world, messy_xlsx(people=NEW_PEOPLE))
    digest = digest_of(client.get(base(world) + "/preview").get_data(as_text=True))
    with app.app_context():
        seq = db.session.execute(
            select(Event.attendee_seq).where(Event.slug == world.event_slug)
        ).scalar_one()
        audit = db.session.execute(select(func.count(AuditEntry.id))).scalar_one()
        institutions = db.session.execute(select(func.count(Institution.id))).scalar_one()
    real_apply, calls = services._apply, []

    def fail_on_third_row(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("the database went away")
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(services, "_apply", fail_on_third_row)
    response = client.post_form(base(world) + "/confirm", {"digest": digest})
    assert response.status_code == 200
    assert "The import failed and nothing was saved." in response.get_data(as_text=True)
    assert len(calls) == 3
    assert len(attendees_of(app, world.event_slug)) == 1
    with app.app_context():
        assert (
            db.session.execute(select(Event.attendee_seq).where(Event.slug == world.event_slug)).scalar_one()
            == seq
        )
        assert db.session.execute(select(func.count(AuditEntry.id))).scalar_one() == audit
        assert db.session.execute(select(func.count(Institution.id))).scalar_one() == institutions
    # The file is still there: once the trouble is over, the same confirm works.
    monkeypatch.setattr(services, "_apply", real_apply)
    assert len(stored_files(storage)) == 1
    assert client.post_form(base(world) + "/confirm", {"digest": digest}).status_code == 302
    assert len(attendees_of(app, world.event_slug)) == 4


def test_cancel_deletes_the_uploaded_file(app, world, as_role, storage):
    client = english(as_role("organiser"))
    upload(client, world, messy_xlsx())
    assert len(stored_files(storage)) == 1
    response = client.post_form(base(world) + "/cancel")
    assert response.status_code == 302
    assert stored_files(storage) == []
    assert "There is no file waiting to be imported." in client.get(base(world) + "/preview").get_data(
        as_text=True
    )
    confirm = client.post_form(base(world) + "/confirm", {"digest": "x"})
    assert confirm.status_code == 302 and confirm.headers["Location"] == base(world)


def test_old_uploads_are_removed_on_the_next_upload(app, world, as_role, storage):
    client = english(as_role("organiser"))
    upload(client, world, messy_xlsx())
    (old,) = stored_files(storage)
    day_ago = time.time() - 25 * 3600
    os.utime(storage / old, (day_ago, day_ago))
    other = english(as_role("admin"))
    upload(other, world, messy_xlsx(people=NEW_PEOPLE))
    assert old not in stored_files(storage) and len(stored_files(storage)) == 1
    # The organiser's preview now says the file is gone, instead of failing.
    assert "There is no file waiting to be imported." in client.get(base(world) + "/preview").get_data(
        as_text=True
    )


def test_a_waiting_file_belongs_to_its_event(app, world, as_role, storage):
    admin = english(as_role("admin"))
    upload(admin, world, messy_xlsx(people=NEW_PEOPLE))
    other = f"/manage/events/{world.other_slug}/attendees/import"
    assert "There is no file waiting to be imported." in admin.get(other + "/preview").get_data(as_text=True)
    response = admin.post_form(other + "/confirm", {"digest": "x"})
    assert response.status_code == 302 and response.headers["Location"] == other
    assert len(attendees_of(app, world.other_slug)) == 1
    assert as_role("other").post_form(base(world) + "/confirm", {"digest": "x"}).status_code == 403


def test_a_csv_with_semicolons_from_excel(app, world, as_role):
    client = english(as_role("organiser"))
    text = "sep=;\r\nNama;NIP;Instansi;L/P;No HP\r\nDewi Anggraini;19880412 201001 2 005;Bappeda;P;0812-7777-1111\r\n"
    response = upload(client, world, "\ufeff".encode() + text.encode("utf-8"), "peserta.csv")
    assert response.status_code == 302
    page = client.get(base(world) + "/preview").get_data(as_text=True)
    assert "Dewi Anggraini" in page and "taken as PNS because the row has a NIP" in page
    assert client.post_form(base(world) + "/confirm", {"digest": digest_of(page)}).status_code == 302
    assert attendees_of(app, world.event_slug)[-1].category == "PNS"


def test_pages_in_indonesian_by_default(app, world, as_role):
    client = as_role("organiser")
    page = client.get(base(world)).get_data(as_text=True)
    assert '<html lang="id">' in page and 'name="file"' in page


def test_the_demo_offers_a_re_import_preview(app, as_role, storage):
    """The demo keeps a corrected copy of its imported list; the organiser opens its preview."""
    from datetime import date

    from workshop.core.audit import acting_as
    from workshop.demo import ORGANISER_EMAIL, seed_demo

    with app.app_context(), acting_as("seed-demo"):
        event, password = seed_demo(today=date(2026, 11, 18))
        db.session.commit()
        slug = event.slug
    client = app.test_client()
    client.set_cookie("lang", "en")
    client.post_form("/login", {"email": ORGANISER_EMAIL, "password": password})
    page = client.get(f"/manage/events/{slug}/attendees/import").get_data(as_text=True)
    assert "Check the corrected list" in page
    before = len(attendees_of(app, slug))
    response = client.post_form(f"/manage/events/{slug}/attendees/import/demo", {})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert page.count("import-match import-match-unchanged") >= 3
    assert page.count("import-match import-match-updated") == 2
    assert page.count("import-match import-match-new") == 2
    assert page.count("import-match import-match-conflict") == 1
    assert "Jabatan" in page and "Phone/WhatsApp" in page  # the updated fields by their labels
    assert len(attendees_of(app, slug)) == before  # nothing imported before the button
    client.post_form(f"/manage/events/{slug}/attendees/import/confirm", {"digest": digest_of(page)})
    assert len(attendees_of(app, slug)) == before + 2
