"""The groups API (DESIGN.md §5): versioned RTL rows and notes, client_id idempotency,
revisions, access per group, locking and bad input."""

import uuid

import pytest
from sqlalchemy import select

from workshop.extensions import db
from workshop.groups.models import Group, GroupRevision, RtlRow


def stored(app, row_id):
    with app.app_context():
        row = db.session.get(RtlRow, row_id)
        return {
            "activity": row.activity,
            "budget": row.budget,
            "target": row.target,
            "version": row.version,
            "deleted": row.deleted_at is not None,
        }


def test_the_same_client_id_twice_makes_one_row(app, groups, api_as):
    api = api_as(groups.facilitator)
    client_id = str(uuid.uuid4())
    body = {"client_id": client_id, "activity": "Pelatihan pencatatan kelahiran", "budget": "Rp 15.000.000"}
    first = api.post(f"/api/groups/{groups.group_i}/rtl", body)
    again = api.post(f"/api/groups/{groups.group_i}/rtl", body)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json["row"]["id"] == again.json["row"]["id"]
    assert first.json["row"]["budget"] == 15_000_000
    assert first.json["row"]["budget_display"] == "Rp 15.000.000"
    with app.app_context():
        rows = db.session.execute(select(RtlRow).where(RtlRow.client_id == client_id)).scalars().all()
        assert len(rows) == 1


def test_a_create_needs_a_client_id(app, groups, api_as):
    response = api_as(groups.facilitator).post(f"/api/groups/{groups.group_i}/rtl", {"activity": "x"})
    assert response.status_code == 422 and "client_id" in response.json["fields"]


def test_stale_edit_of_the_same_field_is_refused_and_the_row_is_unchanged(app, groups, api_as):
    one, two = api_as(groups.facilitator), api_as(groups.second)
    base = one.get(f"/api/groups/{groups.group_i}/rtl").json["rows"][0]
    assert base["id"] == groups.row and base["version"] == 1

    first = one.patch(f"/api/rtl/{groups.row}", {"version": 1, "activity": "Sosialisasi di 6 kecamatan"})
    assert first.status_code == 200 and first.json["row"]["version"] == 2
    before = stored(app, groups.row)

    stale = two.patch(f"/api/rtl/{groups.row}", {"version": 1, "activity": "Sosialisasi di 3 kecamatan"})
    assert stale.status_code == 409
    assert stale.json["error"] == "conflict" and stale.json["fields"] == ["activity"]
    assert stale.json["current"]["activity"] == "Sosialisasi di 6 kecamatan"
    assert stored(app, groups.row) == before


def test_edits_to_two_different_fields_both_land_and_are_kept_as_revisions(app, groups, api_as):
    one, two = api_as(groups.facilitator), api_as(groups.second)
    a = one.patch(f"/api/rtl/{groups.row}", {"version": 1, "activity": "Sosialisasi akta di 6 kecamatan"})
    b = two.patch(f"/api/rtl/{groups.row}", {"version": 1, "budget": "15.000.000"})
    assert a.status_code == 200 and b.status_code == 200
    assert b.json["row"]["activity"] == "Sosialisasi akta di 6 kecamatan"
    row = stored(app, groups.row)
    assert row["activity"] == "Sosialisasi akta di 6 kecamatan" and row["budget"] == 15_000_000
    assert row["version"] == 3
    with app.app_context():
        revisions = (
            db.session.execute(
                select(GroupRevision)
                .where(GroupRevision.row_id == groups.row, GroupRevision.action == "update")
                .order_by(GroupRevision.version)
            )
            .scalars()
            .all()
        )
        assert [(r.field, r.old_value, r.new_value, r.user_id, r.version) for r in revisions] == [
            (
                "activity",
                "Sosialisasi akta kelahiran",
                "Sosialisasi akta di 6 kecamatan",
                groups.facilitator,
                2,
            ),
            ("budget", None, "15000000", groups.second, 3),
        ]
    # ...and can be viewed.
    page = one.client.get(f"/manage/events/{groups.slug}/groups/{groups.group_i}/revisions").get_data(
        as_text=True
    )
    assert "Sosialisasi akta di 6 kecamatan" in page and "Rp 15.000.000" in page
    assert "Dewi Fasilitator" in page and "Rudi Fasilitator Dua" in page


def test_an_edit_setting_the_value_already_there_is_not_a_conflict(app, groups, api_as):
    one, two = api_as(groups.facilitator), api_as(groups.second)
    one.patch(f"/api/rtl/{groups.row}", {"version": 1, "activity": "Sama"})
    response = two.patch(f"/api/rtl/{groups.row}", {"version": 1, "activity": "Sama", "target": "Orang tua"})
    assert response.status_code == 200 and response.json["row"]["target"] == "Orang tua"


def test_delete_needs_the_current_version(app, groups, api_as):
    api = api_as(groups.facilitator)
    api.patch(f"/api/rtl/{groups.row}", {"version": 1, "target": "Orang tua"})
    assert api.delete(f"/api/rtl/{groups.row}?version=1").status_code == 409
    assert stored(app, groups.row)["deleted"] is False
    assert api.delete(f"/api/rtl/{groups.row}?version=2").status_code == 204
    assert api.get(f"/api/groups/{groups.group_i}/rtl").json["rows"] == []
    assert api.patch(f"/api/rtl/{groups.row}", {"version": 2, "target": "x"}).status_code == 404


def test_reorder_by_position(app, groups, api_as):
    api = api_as(groups.facilitator)
    second = api.post(
        f"/api/groups/{groups.group_i}/rtl", {"client_id": str(uuid.uuid4()), "activity": "Kedua"}
    )
    assert second.json["row"]["position"] == 2
    api.patch(f"/api/rtl/{second.json['row']['id']}", {"version": 1, "position": 0})
    rows = api.get(f"/api/groups/{groups.group_i}/rtl").json["rows"]
    assert [r["activity"] for r in rows] == ["Kedua", "Sosialisasi akta kelahiran"]


def test_notes_are_versioned_the_same_way(app, groups, api_as):
    one, two = api_as(groups.facilitator), api_as(groups.second)
    url = f"/api/groups/{groups.group_i}/notes"
    assert one.get(url).json["notes"] == {"version": 0, "issues": "", "summary": "", "agreements": ""}
    first = one.put(url, {"version": 0, "issues": "Banyak anak belum punya akta"})
    assert first.status_code == 200 and first.json["notes"]["version"] == 2
    merged = two.put(url, {"version": 0, "summary": "Perlu jemput bola"})
    assert merged.status_code == 200
    assert merged.json["notes"]["issues"] == "Banyak anak belum punya akta"
    assert merged.json["notes"]["summary"] == "Perlu jemput bola"
    version = merged.json["notes"]["version"]
    assert one.put(url, {"version": version, "issues": "Akta belum merata"}).status_code == 200
    stale = two.put(url, {"version": version, "issues": "Lain"})
    assert stale.status_code == 409 and stale.json["current"]["issues"] == "Akta belum merata"
    assert one.get(url).json["notes"]["issues"] == "Akta belum merata"


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("budget", "lima belas juta", "as a number"),
        ("budget", "-5000", "negative"),
        ("budget", "Rp 999.999.999.999.999", "check the number"),
        ("budget", 12.5, "whole rupiah"),
        ("kla_indicator", 25, "1 to 24"),
        ("kla_indicator", 0, "1 to 24"),
        ("kla_indicator", "dua", "1 to 24"),
        ("notes", "x" * 20_000, "At most 10.000 characters"),
        ("activity", "a" * 1001, "At most 1.000 characters"),
        ("funding_source", "Bank Dunia", "source of funds"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(
    app, groups, api_as, field, value, message
):
    api = api_as(groups.facilitator)
    api.client.set_cookie("lang", "en")
    before = stored(app, groups.row)
    response = api.patch(f"/api/rtl/{groups.row}", {"version": 1, "activity": "Boleh", field: value})
    assert response.status_code == 422
    assert message in response.json["fields"][field]
    assert stored(app, groups.row) == before
    created = api.post(f"/api/groups/{groups.group_i}/rtl", {"client_id": str(uuid.uuid4()), field: value})
    assert created.status_code == 422
    assert len(api.get(f"/api/groups/{groups.group_i}/rtl").json["rows"]) == 1


def test_messages_are_in_indonesian_by_default(app, groups, api_as):
    response = api_as(groups.facilitator).patch(
        f"/api/rtl/{groups.row}", {"version": 1, "budget": "lima juta"}
    )
    assert "sebagai angka" in response.json["fields"]["budget"]


def test_notes_over_ten_thousand_characters_are_refused(app, groups, api_as):
    response = api_as(groups.facilitator).put(
        f"/api/groups/{groups.group_i}/notes", {"version": 0, "summary": "x" * 20_000}
    )
    assert response.status_code == 422 and "summary" in response.json["fields"]


def test_markup_is_kept_as_text_and_escaped(app, groups, api_as):
    api = api_as(groups.facilitator)
    markup = '<script>alert("x")</script><b>Sosialisasi</b>'
    assert api.patch(f"/api/rtl/{groups.row}", {"version": 1, "activity": markup}).status_code == 200
    assert stored(app, groups.row)["activity"] == markup
    for page in ("plenary", "revisions", ""):
        html = api.client.get(f"/manage/events/{groups.slug}/groups/{groups.group_i}/{page}").get_data(
            as_text=True
        )
        assert "<script>alert" not in html and "<b>Sosialisasi" not in html
    plenary = api.client.get(f"/manage/events/{groups.slug}/groups/{groups.group_i}/plenary").get_data(
        as_text=True
    )
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in plenary


def test_a_facilitator_of_group_i_gets_403_on_group_ii(app, groups, api_as, as_role):
    api = api_as(groups.facilitator)
    assert api.get(f"/api/groups/{groups.group_ii}/rtl").status_code == 403
    assert api.post(f"/api/groups/{groups.group_ii}/rtl", {"client_id": str(uuid.uuid4())}).status_code == 403
    assert api.patch(f"/api/rtl/{groups.other_row}", {"version": 1, "activity": "x"}).status_code == 403
    assert api.delete(f"/api/rtl/{groups.other_row}?version=1").status_code == 403
    assert api.get(f"/api/groups/{groups.group_ii}/notes").status_code == 403
    assert api.put(f"/api/groups/{groups.group_ii}/notes", {"version": 0, "issues": "x"}).status_code == 403
    for page in ("", "revisions", "plenary"):
        assert (
            api.client.get(f"/manage/events/{groups.slug}/groups/{groups.group_ii}/{page}").status_code == 403
        )
    assert (
        api.client.post_form(f"/manage/events/{groups.slug}/groups/{groups.group_ii}/submit").status_code
        == 403
    )
    assert stored(app, groups.other_row)["activity"] == "Penguatan PUSPAGA"
    # Their own group works.
    assert api.get(f"/api/groups/{groups.group_i}/rtl").status_code == 200
    assert api.client.get(f"/manage/events/{groups.slug}/groups/{groups.group_i}/").status_code == 200


def test_a_ticket_gives_no_access(app, groups, as_role):
    client = as_role("ticket")
    assert client.get(f"/api/groups/{groups.group_i}/rtl").status_code == 401
    response = client.get(f"/manage/events/{groups.slug}/groups/{groups.group_i}/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_locked_output_answers_423(app, world, groups, api_as):
    organiser = api_as(world.users["organiser"][0])
    assert (
        organiser.client.post_form(f"/manage/events/{groups.slug}/groups/{groups.group_i}/lock").status_code
        == 302
    )
    api = api_as(groups.facilitator)
    assert api.patch(f"/api/rtl/{groups.row}", {"version": 1, "activity": "x"}).status_code == 423
    assert api.post(f"/api/groups/{groups.group_i}/rtl", {"client_id": str(uuid.uuid4())}).status_code == 423
    assert api.delete(f"/api/rtl/{groups.row}?version=1").status_code == 423
    assert api.put(f"/api/groups/{groups.group_i}/notes", {"version": 0, "issues": "x"}).status_code == 423
    assert api.get(f"/api/groups/{groups.group_i}/rtl").status_code == 200
    assert stored(app, groups.row)["activity"] == "Sosialisasi akta kelahiran"
    with app.app_context():
        assert db.session.get(Group, groups.group_i).output_status == "locked"


def test_writes_need_the_csrf_header(app, groups, api_as):
    api = api_as(groups.facilitator)
    response = api.client.open(
        f"/api/rtl/{groups.row}",
        method="PATCH",
        data='{"version": 1, "activity": "x"}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert stored(app, groups.row)["activity"] == "Sosialisasi akta kelahiran"
