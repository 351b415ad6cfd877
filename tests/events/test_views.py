import re

from sqlalchemy import select

from workshop.core.audit import AuditEntry
from workshop.events.models import Event, Membership
from workshop.extensions import db


def form_data(**overrides):
    data = {
        "title": "Bintek Forum Anak",
        "code": "bintek-fa",
        "slug": "forum-anak",
        "description": "",
        "organiser": "Pemerintah Kota Serang",
        "organising_unit": "DP3AKB",
        "venue": "Aula",
        "city": "Kota Serang",
        "starts_on": "2026-12-01",
        "ends_on": "2026-12-02",
        "timezone": "Asia/Jakarta",
        "registration_opens_at": "2026-11-20T08:00",
        "registration_closes_at": "2026-11-30T16:00",
        "capacity": "50",
        "retention_months": "24",
        "privacy_contact": "DP3AKB, 0254-123456",
        "status": "open",
    }
    data.update(overrides)
    return data


def test_organiser_creates_an_event_that_appears_publicly(app, world, as_role):
    client = as_role("organiser")
    response = client.post_form("/manage/events/new", form_data())
    assert response.status_code == 302
    assert response.headers["Location"] == "/manage/events/forum-anak/"
    public = app.test_client().get("/e/forum-anak").get_data(as_text=True)
    assert "Bintek Forum Anak" in public
    assert "1 – 2 Desember 2026" in public
    assert "Bintek Forum Anak" in app.test_client().get("/").get_data(as_text=True)
    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == "forum-anak")).scalar_one()
        assert event.code == "BINTEK-FA"


def test_bad_event_input_is_shown_next_to_the_field_and_kept(app, world, as_role):
    client = as_role("organiser")
    page = client.post_form(
        "/manage/events/new",
        form_data(
            title="Bintek <b>Forum</b>",
            slug="Not A Slug",
            starts_on="2026-12-05",
            ends_on="2026-12-01",
            capacity="-3",
        ),
    ).get_data(as_text=True)
    assert "Gunakan hanya huruf kecil" in page  # slug format
    assert "Bintek &lt;b&gt;Forum&lt;/b&gt;" in page  # kept, escaped
    assert page.count('class="field-error"') >= 2
    with app.app_context():
        assert db.session.execute(select(Event).where(Event.title.like("%Forum%"))).first() is None
    page = client.post_form(
        "/manage/events/new", form_data(starts_on="2026-12-05", ends_on="2026-12-01")
    ).get_data(as_text=True)
    assert "Hari terakhir tidak boleh sebelum hari pertama." in page


def test_draft_event_has_no_public_page(app, world, as_role):
    as_role("organiser").post_form("/manage/events/new", form_data(status="draft"))
    assert app.test_client().get("/e/forum-anak").status_code == 404
    assert as_role("organiser").get("/manage/events/forum-anak/").status_code == 200


def test_event_edit_is_in_the_audit_log_with_changed_fields(app, world, as_role):
    client = as_role("organiser")
    page = client.get(f"/manage/events/{world.event_slug}/edit").get_data(as_text=True)
    assert 'value="Bintek Peningkatan Kapasitas Gugus Tugas KLA"' in page
    response = client.post_form(
        f"/manage/events/{world.event_slug}/edit",
        form_data(
            slug=world.event_slug,
            title="Bintek KLA Kota Serang 2026",
            venue="Hotel Le Dian",
        ),
    )
    assert response.status_code == 302
    client.set_cookie("lang", "en")
    log = client.get(f"/manage/events/{world.event_slug}/audit").get_data(as_text=True)
    log = " ".join(re.sub(r"<[^>]+>", "", log).split())  # the text as read
    assert "organiser@serang.go.id" in log
    assert "changed event Bintek KLA Kota Serang 2026" in log
    assert "Title: Bintek Peningkatan" in log
    assert "Bintek Peningkatan Kapasitas Gugus Tugas KLA → Bintek KLA Kota Serang 2026" in log
    assert "Aula Bappeda → Hotel Le Dian" in log
    with app.app_context():
        entry = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "update", AuditEntry.entity == "Event")
        ).scalar_one()
        assert entry.changes["title"] == [
            "Bintek Peningkatan Kapasitas Gugus Tugas KLA",
            "Bintek KLA Kota Serang 2026",
        ]
        assert "updated_at" not in entry.changes
        assert entry.user_id == world.users["organiser"][0]


def test_a_member_of_one_event_gets_403_on_another(app, world, as_role):
    other = as_role("other")
    assert other.get(f"/manage/events/{world.event_slug}/").status_code == 403
    assert (
        other.post_form(
            f"/manage/events/{world.event_slug}/edit", form_data(slug=world.event_slug)
        ).status_code
        == 403
    )
    assert "Bintek KLA Lebak" in other.get("/manage/").get_data(as_text=True)
    assert world.event_slug not in other.get("/manage/").get_data(as_text=True)


def test_post_without_csrf_token_is_refused_and_changes_nothing(app, world, as_role):
    client = as_role("organiser")
    response = client.post(
        f"/manage/events/{world.event_slug}/edit", data=form_data(slug=world.event_slug, title="Hacked")
    )
    assert response.status_code == 400
    assert "formulir" in response.get_data(as_text=True).lower()
    with app.app_context():
        assert (
            db.session.execute(select(Event.title).where(Event.slug == world.event_slug)).scalar_one()
            != "Hacked"
        )


def test_invited_facilitator_joins_through_the_link_once(app, world, as_role):
    organiser = as_role("organiser")
    organiser.post_form(f"/manage/events/{world.event_slug}/team", {"role": "facilitator", "label": "Rudi"})
    team_page = organiser.get(f"/manage/events/{world.event_slug}/team").get_data(as_text=True)
    link = team_page.split('id="invite-link">')[1].split("<")[0]
    path = link.replace("http://localhost", "")
    assert path.startswith("/invite/")
    # The link is shown once only.
    assert "invite-link" not in organiser.get(f"/manage/events/{world.event_slug}/team").get_data(
        as_text=True
    )

    newcomer = app.test_client()
    assert "Fasilitator" in newcomer.get(path).get_data(as_text=True)
    response = newcomer.post_form(
        path,
        {
            "name": "Rudi Hartono, S.Sos.",
            "email": "rudi@serang.go.id",
            "new_password": "rudi's long password",
            "confirm": "rudi's long password",
        },
    )
    assert response.status_code == 302
    assert newcomer.get(f"/manage/events/{world.event_slug}/").status_code == 200
    assert newcomer.get(f"/manage/events/{world.event_slug}/edit").status_code == 403

    second = app.test_client()
    assert second.get(path).status_code == 410
    response = second.post_form(
        path,
        {
            "name": "Someone Else",
            "email": "else@serang.go.id",
            "new_password": "another long password",
            "confirm": "another long password",
        },
    )
    assert response.status_code == 410
    with app.app_context():
        roles = dict(db.session.execute(select(Membership.user_id, Membership.role)).all())
        assert sorted(roles.values()) == ["facilitator", "facilitator", "organiser", "organiser", "staff"]


def test_signed_in_person_accepts_an_invitation(app, world, as_role):
    organiser = as_role("organiser")
    organiser.post_form(f"/manage/events/{world.event_slug}/team", {"role": "staff", "label": ""})
    link = (
        organiser.get(f"/manage/events/{world.event_slug}/team")
        .get_data(as_text=True)
        .split('id="invite-link">')[1]
        .split("<")[0]
    )
    other = as_role("other")
    assert other.get(f"/manage/events/{world.event_slug}/").status_code == 403
    other.post_form(link.replace("http://localhost", ""))
    assert other.get(f"/manage/events/{world.event_slug}/").status_code == 200


def test_unknown_invitation_token_is_404(app, client):
    assert client.get("/invite/not-a-real-token").status_code == 404


def test_organiser_removes_a_member(app, world, as_role):
    organiser, staff = as_role("organiser"), as_role("staff")
    with app.app_context():
        membership_id = db.session.execute(
            select(Membership.id).where(Membership.user_id == world.users["staff"][0])
        ).scalar_one()
    organiser.post_form(f"/manage/events/{world.event_slug}/team/{membership_id}/remove")
    assert staff.get(f"/manage/events/{world.event_slug}/").status_code == 403
    log = organiser.get(f"/manage/events/{world.event_slug}/audit").get_data(as_text=True)
    assert "keanggotaan tim" in log and "dihapus" in log


def test_membership_of_another_event_cannot_be_removed_through_this_one(app, world, as_role):
    with app.app_context():
        other_membership = db.session.execute(
            select(Membership.id).where(Membership.user_id == world.users["other"][0])
        ).scalar_one()
    response = as_role("organiser").post_form(
        f"/manage/events/{world.event_slug}/team/{other_membership}/remove"
    )
    assert response.status_code == 404
