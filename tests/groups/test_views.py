"""Organiser pages: making, renaming and removing groups, moving people, the suggestion shown
then applied, facilitators, review; each action in the audit log. And the facilitator's pages."""

from sqlalchemy import select

from tests.groups.conftest import english, person
from workshop.attendees.models import Attendee
from workshop.core.audit import AuditEntry
from workshop.events.models import Event
from workshop.extensions import db
from workshop.groups.models import Group, GroupFacilitator


def _event(app, slug):
    return db.session.execute(select(Event).where(Event.slug == slug)).scalar_one()


def _groups(app, slug):
    with app.app_context():
        event = _event(app, slug)
        return [
            (g.id, g.name, g.cluster)
            for g in db.session.execute(
                select(Group).where(Group.event_id == event.id).order_by(Group.position)
            ).scalars()
        ]


def _audit(app, slug, entity):
    with app.app_context():
        event = _event(app, slug)
        return (
            db.session.execute(
                select(AuditEntry).where(AuditEntry.event_id == event.id, AuditEntry.entity == entity)
            )
            .scalars()
            .all()
        )


def test_organiser_makes_renames_adds_and_removes_groups(app, world, as_role):
    client = english(as_role("organiser"))
    base = f"/manage/events/{world.event_slug}/groups"
    page = client.get(base + "/").get_data(as_text=True)
    assert "Make the five cluster groups" in page

    client.post_form(base + "/defaults", {"with_kelembagaan": "y"})
    made = _groups(app, world.event_slug)
    assert [c for _, _, c in made] == ["I", "II", "III", "IV", "V", "kelembagaan"]
    assert made[0][1] == "Klaster I – Hak Sipil dan Kebebasan"

    client.post_form(f"{base}/{made[5][0]}/rename", {"name": "Penguatan Kelembagaan"})
    client.post_form(base + "/new", {"name": "Kelompok Forum Anak", "cluster": ""})
    response = client.post_form(
        base + "/new", {"name": "kelompok forum anak", "cluster": ""}, follow_redirects=True
    )
    assert "Another group already has this name." in response.get_data(as_text=True)
    client.post_form(f"{base}/{made[4][0]}/delete")
    names = [n for _, n, _ in _groups(app, world.event_slug)]
    assert "Penguatan Kelembagaan" in names and "Kelompok Forum Anak" in names
    assert not any(n.startswith("Klaster V ") for n in names)

    actions = sorted((e.action, e.user_id) for e in _audit(app, world.event_slug, "Group"))
    organiser = world.users["organiser"][0]
    assert actions.count(("create", organiser)) == 7
    assert ("update", organiser) in actions and ("delete", organiser) in actions


def test_moving_people_by_hand_and_the_suggestion_shown_before_applied(app, world, as_role):
    with app.app_context():
        event = _event(app, world.event_slug)
        dinkes = [person(event, n, "Dinkes Kota Serang", gender="LP"[n % 2]).id for n in range(3)]
        db.session.commit()
    client = english(as_role("organiser"))
    base = f"/manage/events/{world.event_slug}/groups"
    client.post_form(base + "/defaults")
    groups = _groups(app, world.event_slug)
    group_v = groups[4][0]

    response = client.post_form(base + "/members", {"attendee": dinkes[:2], "group": str(group_v)})
    assert response.status_code == 302
    with app.app_context():
        assert {db.session.get(Attendee, i).group_id for i in dinkes[:2]} == {group_v}
    moves = [e for e in _audit(app, world.event_slug, "Attendee") if "group_id" in e.changes]
    assert len(moves) == 2 and all(e.user_id == world.users["organiser"][0] for e in moves)

    page = client.get(base + "/suggestion").get_data(as_text=True)
    assert "Apply this assignment" in page and "Klaster III" in page
    with app.app_context():
        assert db.session.get(Attendee, dinkes[0]).group_id == group_v  # shown, not applied
    fields = {f"a-{i}": str(groups[2][0]) for i in dinkes}
    response = client.post_form(base + "/suggestion", fields, follow_redirects=True)
    assert "3 people were moved" in response.get_data(
        as_text=True
    ) or "2 people were moved" in response.get_data(as_text=True)
    with app.app_context():
        assert {db.session.get(Attendee, i).group_id for i in dinkes} == {groups[2][0]}


def test_facilitators_are_assigned_from_the_team(app, world, as_role):
    client = english(as_role("organiser"))
    base = f"/manage/events/{world.event_slug}/groups"
    client.post_form(base + "/defaults")
    group_i = _groups(app, world.event_slug)[0][0]
    facilitator = world.users["facilitator"][0]
    client.post_form(f"{base}/{group_i}/facilitators", {"user": facilitator})
    # Staff are not facilitators.
    response = client.post_form(
        f"{base}/{group_i}/facilitators", {"user": world.users["staff"][0]}, follow_redirects=True
    )
    assert "Choose a facilitator of this event" in response.get_data(as_text=True)
    with app.app_context():
        links = db.session.execute(select(GroupFacilitator)).scalars().all()
        assert [(link.group_id, link.user_id) for link in links] == [(group_i, facilitator)]
    assert [e.action for e in _audit(app, world.event_slug, "GroupFacilitator")] == ["create"]

    mine = english(as_role("facilitator")).get(base + "/").get_data(as_text=True)
    assert "My groups" in mine and "Klaster I – Hak Sipil dan Kebebasan" in mine
    assert "Klaster II" not in mine

    client.post_form(f"{base}/{group_i}/facilitators/{facilitator}/remove")
    with app.app_context():
        assert db.session.execute(select(GroupFacilitator)).first() is None
    assert [e.action for e in _audit(app, world.event_slug, "GroupFacilitator")] == ["create", "delete"]


def test_review_submit_return_lock(app, world, groups, as_role):
    base = f"/manage/events/{world.event_slug}/groups/{groups.group_i}"
    facilitator = english(as_role("facilitator"))
    organiser = english(as_role("organiser"))
    facilitator.post_form(base + "/submit")
    overview = organiser.get(f"/manage/events/{world.event_slug}/groups/").get_data(as_text=True)
    assert "Submitted" in overview

    organiser.post_form(base + "/return", {"comment": "Tambahkan anggaran tiap kegiatan"})
    page = facilitator.get(base + "/").get_data(as_text=True)
    assert "Returned" in page and "Tambahkan anggaran tiap kegiatan" in page

    organiser.post_form(base + "/lock")
    page = facilitator.get(base + "/").get_data(as_text=True)
    assert "The output is locked" in page and 'data-locked="1"' in page
    organiser.post_form(base + "/unlock")
    with app.app_context():
        group = db.session.get(Group, groups.group_i)
        assert group.output_status == "returned"
    changes = [
        e.changes.get("output_status") for e in _audit(app, world.event_slug, "Group") if e.action == "update"
    ]
    assert [c[1] for c in changes if c] == ["submitted", "returned", "locked", "returned"]


def test_overview_and_plenary(app, world, groups, api_as, as_role):
    api = api_as(groups.facilitator)
    api.patch(
        f"/api/rtl/{groups.row}",
        {
            "version": 1,
            "budget": "15000000",
            "kla_indicator": 4,
            "funding_source": "APBD",
            "responsible": "Disdukcapil",
        },
    )
    organiser = english(as_role("organiser"))
    overview = organiser.get(f"/manage/events/{world.event_slug}/groups/").get_data(as_text=True)
    assert "Klaster I – Hak Sipil dan Kebebasan" in overview and "Dewi Fasilitator" in overview
    plenary = organiser.get(f"/manage/events/{world.event_slug}/groups/{groups.group_i}/plenary").get_data(
        as_text=True
    )
    assert "Rp 15.000.000" in plenary and "Disdukcapil" in plenary and "APBD" in plenary
    assert "Children with a birth certificate" in plenary
    work = api.client.get(f"/manage/events/{world.event_slug}/groups/{groups.group_i}/").get_data(
        as_text=True
    )
    # The group's own cluster's indicators come first in the list.
    assert work.index('value="4"') < work.index('value="1"')


def test_the_ticket_and_the_name_tag_show_the_group(app, world, groups, as_role):
    from workshop.attendees.nametags import group_label

    with app.app_context():
        holder = db.session.get(Attendee, world.attendee_id)
        holder.group_id = groups.group_i
        holder.consent_at = holder.created_at  # past the personal-data notice
        db.session.commit()
    client = app.test_client()
    client.set_cookie("lang", "en")
    page = client.get(f"/t/{world.ticket}").get_data(as_text=True)
    assert "Klaster I – Hak Sipil dan Kebebasan" in page
    with app.app_context():
        assert (
            group_label(db.session.get(Attendee, world.attendee_id)) == "Klaster I – Hak Sipil dan Kebebasan"
        )


def test_the_rtl_downloads_as_an_editable_word_document(app, world, groups, api_as):
    import io

    from docx import Document

    api = api_as(groups.facilitator)
    api.patch(
        f"/api/rtl/{groups.row}",
        {
            "version": 1,
            "budget": "15.000.000",
            "funding_source": "APBD",
            "responsible": "Disdukcapil",
            "kla_indicator": 4,
        },
    )
    api.put(f"/api/groups/{groups.group_i}/notes", {"version": 0, "agreements": "Disdukcapil memimpin"})
    response = api.client.get(f"/manage/events/{world.event_slug}/groups/{groups.group_i}/rtl.docx")
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    document = Document(io.BytesIO(response.data))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["No", "Nama kegiatan", "Tujuan kegiatan"]
    row = [c.text for c in table.rows[1].cells]
    # The KLA indicator is written out (DESIGN.md §3), not just its number.
    assert row[1] == "Sosialisasi akta kelahiran" and row[4].startswith("4. ") and row[7] == "Disdukcapil"
    assert row[9] == "APBD" and row[10] == "Rp 15.000.000"
    assert "Disdukcapil memimpin" in "\n".join(p.text for p in document.paragraphs)
    assert (
        api.client.get(f"/manage/events/{world.event_slug}/groups/{groups.group_ii}/rtl.docx").status_code
        == 403
    )


def test_the_suggestion_ignores_fields_that_are_not_plain_numbers(app, as_role, world):
    """A posted field whose value or id is a digit int() refuses ("²") or no number at all is left
    out: nobody is moved and the page answers (it once answered 500)."""
    organiser = as_role("organiser")
    url = f"/manage/events/{world.event_slug}/groups/suggestion"
    with app.app_context():
        before = {
            a.id: a.group_id
            for a in db.session.execute(
                select(Attendee).join(Event).where(Event.slug == world.event_slug)
            ).scalars()
        }
    answer = organiser.post_form(url, {"a-1": "²", "a-²": "1", "a-": "", "a-1x": "3"})
    assert answer.status_code in (200, 302)
    with app.app_context():
        after = {
            a.id: a.group_id
            for a in db.session.execute(
                select(Attendee).join(Event).where(Event.slug == world.event_slug)
            ).scalars()
        }
    assert after == before
