"""The organiser's attendee pages through the Flask client: what organisers, staff and others see
and what the database holds afterwards. Pages are read in English (the message ids) so the tests
do not depend on the translation."""

import csv
import io
import logging
import re
import smtplib

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.attendees.factories import add_person
from tests.conftest import person_data
from workshop.attendees.models import Attendee, Institution
from workshop.core.audit import AuditEntry
from workshop.events.models import Event
from workshop.extensions import db


@pytest.fixture
def english(as_role):
    def make(kind="organiser"):
        client = as_role(kind)
        client.set_cookie("lang", "en")
        return client

    return make


@pytest.fixture
def base(world):
    return f"/manage/events/{world.event_slug}/attendees"


def event_of(slug):
    return db.session.execute(select(Event).where(Event.slug == slug)).scalar_one()


def attendee_named(name):
    return db.session.execute(select(Attendee).where(Attendee.full_name == name)).scalar_one()


@pytest.fixture
def crowd(app, world):
    """Nine more people in the event (ten in all), of several kinds."""
    with app.app_context():
        event = event_of(world.event_slug)
        add_person(event, 11, full_name="Siti Aminah", gender="P", institution="Dinkes")
        add_person(event, 12, full_name="Rina Marlina", gender="P", category="PPPK", institution="Bappeda")
        add_person(
            event,
            13,
            full_name="Dr. Ré Ölsen",
            category="dunia usaha",
            role="narasumber",
            institution='=HYPERLINK("http://evil.example","x")',
        )
        add_person(
            event,
            14,
            full_name="Nabila Putri",
            gender="P",
            category="Forum Anak",
            institution="Forum Anak Kota Serang",
            phone="",
            email="",
        )
        for n, name in enumerate(
            ["Agus Salim", "Bayu Aji", "Cici Paramida", "Dedi Mulyadi", "Eko Patrio"], start=15
        ):
            add_person(event, n, full_name=name, institution="Bappeda Kota Serang")
        db.session.commit()


def text(response):
    return response.get_data(as_text=True)


# ---- the list --------------------------------------------------------------------------------


def test_organiser_sees_list_counts_and_actions(app, world, crowd, english, base):
    page = text(english().get(base))
    assert "Muh. Ma&#39;ruf, S.Pd.I." in page and "Dr. Ré Ölsen" in page
    assert "10 people" in page
    assert "L 7" in page and "P 3" in page
    assert re.search(r"<td>PPPK</td><td>0</td><td>1</td><td>1</td>", page)
    assert "Speaker 1" in page  # the role in words, not its code
    assert "Add a person" in page and "Download .xlsx" in page
    assert "0812-3456-7890" in page  # phones as people read them
    # The canonical institution, not what was typed.
    assert "Dinas Kesehatan" in page and ">Dinkes<" not in page


def test_search_filters_and_counts_follow_the_query(app, world, crowd, english, base):
    page = text(english().get(base, query_string={"gender": "P"}))
    assert "3 people" in page and "Siti Aminah" in page and "Agus Salim" not in page
    page = text(english().get(base, query_string={"q": "dinas kesehatan"}))
    assert "2 people" in page and "Siti Aminah" in page and "Muh. Ma" in page
    page = text(english().get(base, query_string={"role": "narasumber", "sort": "reg"}))
    assert "1 person" in page and "Dr. Ré Ölsen" in page
    page = text(english().get(base, query_string={"q": "0812 3456"}))
    assert "Muh. Ma" in page and "Siti Aminah" not in page


def test_bad_filter_values_are_ignored_not_a_500(app, world, english, base):
    response = english().get(
        base,
        query_string={
            "role": "<script>",
            "status": "x",
            "sort": "id; drop",
            "page": "abc",
            "institution": "999",
            "q": "x" * 500,
        },
    )
    assert response.status_code == 200
    assert "<script>" not in text(response)


def test_staff_see_the_list_read_only_without_contact_details(app, world, crowd, english, base):
    page = text(english("staff").get(base))
    assert "Siti Aminah" in page and "read-only" in page
    assert "0812-3456-7890" not in page and "Add a person" not in page and "Download" not in page
    assert f"{base}/{world.attendee_id}" not in page  # no link to the person's page
    assert english("staff").get(f"{base}/{world.attendee_id}").status_code == 403
    assert english("staff").post_form(f"{base}/export.csv").status_code == 403
    assert english("facilitator").get(base).status_code == 403


def test_list_pages_at_a_hundred(app, world, english, base):
    with app.app_context():
        event = event_of(world.event_slug)
        for n in range(120):
            add_person(
                event,
                100 + n,
                full_name=f"Orang {chr(65 + n % 26)}{chr(65 + n // 26)}",
                institution="Bappeda",
                nip="",
                category="non-ASN",
                phone="",
                email="",
            )
        db.session.commit()
    first = text(english().get(base))
    assert "121 people" in first and "Showing 1–100 of 121" in first and "Page 1 of 2" in first
    second = text(english().get(base, query_string={"page": 2}))
    assert "Showing 101–121 of 121" in second
    assert english().get(base, query_string={"page": 99}).status_code == 200  # the last page


# ---- add, edit, warnings ---------------------------------------------------------------------


def form(**overrides):
    data = person_data(
        full_name="Dewi Lestari, S.H.",
        gender="P",
        nip="19900101 201801 2 003",
        phone="0857-1234-5678",
        email="dewi@serangkota.go.id",
        institution="DINKES KOTA SERANG",
    )
    data.update(overrides)
    return data


def test_organiser_adds_a_person(app, world, english, base):
    client = english()
    response = client.post_form(f"{base}/new", form())
    assert response.status_code == 302
    with app.app_context():
        dewi = attendee_named("Dewi Lestari, S.H.")
        assert (dewi.source, dewi.nip, dewi.phone, dewi.reg_number) == (
            "manual",
            "199001012018012003",
            "+6285712345678",
            2,
        )
        assert (
            dewi.institution.name.startswith("Dinas Kesehatan")
            and dewi.institution_text == "DINKES KOTA SERANG"
        )
        assert response.headers["Location"] == f"{base}/{dewi.id}"
    page = text(client.get(response.headers["Location"]))
    assert "Dewi Lestari, S.H." in page and "Typed as: DINKES KOTA SERANG" in page
    assert "added with registration number 002" in page


def test_bad_input_is_shown_next_to_the_fields_and_nothing_is_stored(app, world, english, base):
    page = text(
        english().post_form(
            f"{base}/new",
            form(
                full_name="Dewi <b>2</b>",
                nip="19901301 201801 2 003",
                phone="12",
                email="not-an-email",
                gender="",
                institution="",
            ),
        )
    )
    errors = re.findall(r'<small class="field-error" id="([a-z_]+)-error">', page)
    assert {"full_name", "nip", "phone", "email", "gender", "institution"} <= set(errors)
    assert "Dewi &lt;b&gt;2&lt;/b&gt;" in page  # kept, escaped
    with app.app_context():
        assert db.session.execute(select(func.count(Attendee.id))).scalar_one() == 2  # the two of the world


def test_duplicate_nip_is_refused(app, world, english, base):
    page = text(english().post_form(f"{base}/new", form(nip="19860926 201505 1 001", gender="L")))
    assert "already registered" in page
    with app.app_context():
        assert db.session.execute(select(func.count(Attendee.id))).scalar_one() == 2


def test_warnings_need_the_confirm_box(app, world, english, base):
    client = english()
    # The NIP's sex digit (1) says male but P is chosen; the phone is the world attendee's.
    data = form(nip="19900101 201801 1 003", phone="0812-3456-7890")
    page = text(client.post_form(f"{base}/new", data))
    assert page.count('class="field-warning"') == 2
    assert 'name="confirm_warnings"' in page
    seen = re.search(r'name="warnings_seen" type="hidden" value="([^"]*)"', page).group(1)
    assert seen == "duplicate_phone,nip_gender"
    with app.app_context():
        assert db.session.execute(select(func.count(Attendee.id))).scalar_one() == 2
    # Ticking the box without having seen these warnings does not save.
    page = text(
        client.post_form(f"{base}/new", {**data, "confirm_warnings": "y", "warnings_seen": "nip_gender"})
    )
    assert page.count('class="field-warning"') == 2
    response = client.post_form(f"{base}/new", {**data, "confirm_warnings": "y", "warnings_seen": seen})
    assert response.status_code == 302
    with app.app_context():
        assert attendee_named("Dewi Lestari, S.H.").phone == "+6281234567890"


def test_edit_shows_what_was_typed_and_saves(app, world, english, base):
    client = english()
    url = f"{base}/{world.attendee_id}/edit"
    page = text(client.get(url))
    assert 'value="Dinas Kesehatan Kota Serang"' in page and '<option selected value="III/c">' in page
    response = client.post_form(url, person_data(phone="0857-1111-2222", golongan="IV/a", role="narasumber"))
    assert response.status_code == 302
    with app.app_context():
        person = db.session.get(Attendee, world.attendee_id)
        assert (person.phone, person.golongan, person.role) == ("+6285711112222", "IV/a", "narasumber")


# ---- cancel, restore, replace, guardian -------------------------------------------------------


def test_cancel_with_reason_then_restore(app, world, english, base):
    client = english()
    url = f"{base}/{world.attendee_id}"
    assert client.post_form(f"{url}/cancel", {"reason": "Sakit"}).status_code == 302
    with app.app_context():
        person = db.session.get(Attendee, world.attendee_id)
        assert (person.status, person.cancel_reason) == ("cancelled", "Sakit") and person.cancelled_at
        entry = db.session.execute(
            select(AuditEntry).where(AuditEntry.entity == "Attendee", AuditEntry.action == "update")
        ).scalar_one()
        assert entry.actor == "organiser@serang.go.id" and entry.changes["status"] == [
            "registered",
            "cancelled",
        ]
    page = text(client.get(url))
    assert "Reason: Sakit" in page and "Restore" in page
    assert "1 person" not in text(client.get(base)) and "0 people" in text(client.get(base))
    assert "Muh. Ma" in text(client.get(base, query_string={"status": "cancelled"}))
    client.post_form(f"{url}/restore")
    with app.app_context():
        assert db.session.get(Attendee, world.attendee_id).status == "registered"
    # Restoring someone registered changes nothing and says why.
    page = text(client.post_form(f"{url}/restore", follow_redirects=True))
    assert "Only a cancelled person can be restored." in page


def test_cancel_reason_with_markup_is_refused(app, world, english, base):
    page = text(english().post_form(f"{base}/{world.attendee_id}/cancel", {"reason": "<script>x</script>"}))
    assert 'id="reason-error"' in page
    with app.app_context():
        assert db.session.get(Attendee, world.attendee_id).status == "registered"


def test_replace_keeps_the_old_person_and_links_both_ways(app, world, english, base):
    client = english()
    url = f"{base}/{world.attendee_id}/replace"
    page = text(client.get(url))
    assert 'value="Dinas Kesehatan Kota Serang"' in page
    assert re.search(r'<option selected value="peserta">', page)
    response = client.post_form(
        url,
        {
            "full_name": "Hendra Gunawan",
            "gender": "L",
            "category": "non-ASN",
            "role": "peserta",
            "institution": "",
            "phone": "0857-3333-4444",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        old, new = db.session.get(Attendee, world.attendee_id), attendee_named("Hendra Gunawan")
        assert old.status == "replaced" and new.replaces_id == old.id
        assert new.institution_text == "Dinas Kesehatan Kota Serang" and new.role == "peserta"
        new_id = new.id
    old_page = text(client.get(f"{base}/{world.attendee_id}"))
    assert "Replaced by" in old_page and f"{base}/{new_id}" in old_page
    new_page = text(client.get(f"{base}/{new_id}"))
    assert "Came instead of" in new_page and f"{base}/{world.attendee_id}" in new_page
    # Replaced people cannot be replaced again.
    assert client.get(url).status_code == 302


def test_replacement_with_the_same_nip_is_an_error_not_a_500(app, world, english, base):
    response = english().post_form(f"{base}/{world.attendee_id}/replace", person_data(full_name="Muh. Maruf"))
    assert response.status_code == 200
    with app.app_context():
        assert db.session.get(Attendee, world.attendee_id).status == "registered"
        assert db.session.execute(select(func.count(Attendee.id))).scalar_one() == 2


def test_guardian_paper_consent_for_a_child(app, world, crowd, english, base):
    with app.app_context():
        child_id = attendee_named("Nabila Putri").id
    client = english()
    url = f"{base}/{child_id}"
    assert "Guardian" in text(client.get(url))
    page = text(client.post_form(f"{url}/guardian-consent", {"guardian_name": "", "paper_seen": ""}))
    assert 'id="guardian_name-error"' in page and 'id="paper_seen-error"' in page
    page = text(client.post_form(f"{url}/guardian-consent", {"guardian_name": "Ibu 3", "paper_seen": "y"}))
    assert 'id="guardian_name-error"' in page
    response = client.post_form(
        f"{url}/guardian-consent", {"guardian_name": "Ibu Sri Wahyuni", "paper_seen": "y"}
    )
    assert response.status_code == 302
    with app.app_context():
        child = db.session.get(Attendee, child_id)
        assert (child.guardian_name, child.guardian_consent_method) == ("Ibu Sri Wahyuni", "paper")
        assert child.guardian_consent_at is not None
    # An adult needs no guardian: nothing is recorded.
    client.post_form(
        f"{base}/{world.attendee_id}/guardian-consent", {"guardian_name": "X Y", "paper_seen": "y"}
    )
    with app.app_context():
        assert db.session.get(Attendee, world.attendee_id).guardian_name is None


# ---- access per event ------------------------------------------------------------------------


def test_another_events_attendee_is_404_under_this_events_url(app, world, english, base):
    with app.app_context():
        stranger = db.session.execute(
            select(Attendee).where(Attendee.ticket_code == world.other_ticket)
        ).scalar_one()
        stranger_id = stranger.id
    client = english()
    for path in ("", "/edit", "/replace"):
        assert client.get(f"{base}/{stranger_id}{path}").status_code == 404
    for path in ("/cancel", "/restore", "/guardian-consent", "/email"):
        assert client.post_form(f"{base}/{stranger_id}{path}").status_code == 404
    response = client.post_form(f"{base}/nametags.pdf", {"id": [world.attendee_id, stranger_id]})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(Attendee, stranger_id).status == "registered"


def test_organiser_of_another_event_gets_403(app, world, english, base):
    other = english("other")
    assert other.get(base).status_code == 403
    assert other.get(f"{base}/{world.attendee_id}").status_code == 403
    assert other.post_form(f"{base}/{world.attendee_id}/cancel").status_code == 403
    assert other.post_form(f"{base}/export.xlsx").status_code == 403


# ---- institutions ----------------------------------------------------------------------------


def test_institutions_page_shows_spellings_and_merges(app, world, crowd, english, base):
    client = english()
    page = text(client.get(f"{base}/institutions"))
    assert "Dinkes" in page and "Dinas Kesehatan Kota Serang" in page  # typed spellings of one institution
    with app.app_context():
        bappeda = (
            db.session.execute(select(Institution).where(Institution.name.like("Bappeda%"))).scalars().first()
        )
        forum = db.session.execute(
            select(Institution).where(Institution.name.like("Forum Anak%"))
        ).scalar_one()
        keep, merge = bappeda.id, forum.id
    page = text(client.post_form(f"{base}/institutions", {"keep": keep, "merge": keep}))
    assert "Choose two different institutions." in page
    response = client.post_form(f"{base}/institutions", {"keep": keep, "merge": merge})
    assert response.status_code == 302
    with app.app_context():
        assert attendee_named("Nabila Putri").institution_id == keep
        assert db.session.get(Institution, merge) is None
    page = text(client.get(f"{base}/institutions"))
    assert "Forum Anak Kota Serang" in page  # still listed, as a spelling of the kept one


def test_merge_refuses_an_institution_of_another_event(app, world, english, base):
    with app.app_context():
        mine = db.session.execute(
            select(Institution).where(Institution.event_id == event_of(world.event_slug).id)
        ).scalar_one()
        theirs = db.session.execute(
            select(Institution).where(Institution.event_id == event_of(world.other_slug).id)
        ).scalar_one()
        mine_id, theirs_id = mine.id, theirs.id
    page = text(english().post_form(f"{base}/institutions", {"keep": mine_id, "merge": theirs_id}))
    assert 'id="merge-error"' in page
    with app.app_context():
        assert db.session.get(Institution, theirs_id) is not None


# ---- exports, name tags, WhatsApp, email ------------------------------------------------------


def test_xlsx_export_of_the_filtered_list(app, world, crowd, english, base, caplog):
    caplog.set_level(logging.INFO)
    response = english().post_form(f"{base}/export.xlsx", {"status": "registered", "sort": "reg"})
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.max_row == 11
    header = [c.value for c in sheet[1]]
    first = {header[i]: c for i, c in enumerate(sheet[2])}
    assert (
        first["NIP / NI PPPK"].value == "198609262015051001" and first["NIP / NI PPPK"].number_format == "@"
    )
    values = [c.value for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert '\'=HYPERLINK("http://evil.example","x")' in values
    assert not any(v.startswith(("=", "@", "-")) for v in values)
    # Logged without personal data.
    assert "Attendee export" in caplog.text and "Ma'ruf" not in caplog.text and "0812" not in caplog.text
    women = english().post_form(f"{base}/export.xlsx", {"gender": "P"})
    assert load_workbook(io.BytesIO(women.data)).active.max_row == 4  # the header and three women


def test_csv_export(app, world, crowd, english, base):
    response = english().post_form(f"{base}/export.csv", {"q": "Ölsen"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2 and rows[1][2] == "Dr. Ré Ölsen"
    assert rows[1][8] == rows[1][9] == '\'=HYPERLINK("http://evil.example","x")'


def test_downloads_need_the_csrf_token(app, world, english, base):
    assert english().post(f"{base}/export.csv").status_code == 400


def test_name_tags_for_the_list_and_for_a_selection(app, world, crowd, english, base):
    client = english()
    response = client.post_form(f"{base}/nametags.pdf", {"status": "registered"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert len(re.findall(rb"/Type /Page[^s]", response.data)) == 2  # ten people, 8 per page
    with app.app_context():
        ids = [attendee_named(n).id for n in ("Siti Aminah", "Rina Marlina")]
    response = client.post_form(f"{base}/nametags.pdf", {"id": ids, "selected": "1"})
    assert len(re.findall(rb"/Type /Page[^s]", response.data)) == 1
    response = client.post_form(f"{base}/nametags.pdf", {"selected": "1", "gender": "P"})
    assert response.status_code == 302 and "gender=P" in response.headers["Location"]


def test_whatsapp_page_lists_links_to_the_ticket(app, world, crowd, english, base):
    page = text(english().get(f"{base}/whatsapp"))
    assert "1 person in this list has no phone number" in page  # Nabila
    assert "https://wa.me/6281234567890?text=" in page
    with app.app_context():
        code = db.session.get(Attendee, world.attendee_id).ticket_code
    assert f"%2Ft%2F{code}" in page  # the absolute ticket URL, URL-encoded in the message
    assert 'data-sent-store="wa-sent:' in page
    detail = text(english().get(f"{base}/{world.attendee_id}"))
    assert "https://wa.me/6281234567890?text=" in detail and f"/t/{code}" in detail


def test_email_button_only_when_mail_is_configured(app, world, english, base, monkeypatch):
    detail = f"{base}/{world.attendee_id}"
    assert "Send by email" not in text(english().get(detail))
    page = text(english().post_form(f"{detail}/email", follow_redirects=True))
    assert "Email is not set up on this server." in page

    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout=None):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            pass

        def starttls(self, context=None):
            pass

        def login(self, user, password):
            pass

        def send_message(self, message):
            sent.append(message)

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example")
    monkeypatch.setitem(app.config, "MAIL_FROM", "panitia@serangkota.go.id")
    assert "Send by email" in text(english().get(detail))
    page = text(english().post_form(f"{detail}/email", follow_redirects=True))
    assert "The ticket was sent to maruf@dinkes.serangkota.go.id." in page
    assert len(sent) == 1 and sent[0]["To"] == "maruf@dinkes.serangkota.go.id"
    with app.app_context():
        code = db.session.get(Attendee, world.attendee_id).ticket_code
    assert f"/t/{code}" in sent[0].get_content()


def test_event_overview_shows_peserta_against_capacity(app, world, crowd, english):
    page = text(english().get(f"/manage/events/{world.event_slug}/"))
    assert "9 of 80" in page and "10 people in all roles" in page
    assert f"/manage/events/{world.event_slug}/attendees" in page
    assert "/attendees" not in text(english("facilitator").get(f"/manage/events/{world.event_slug}/"))
