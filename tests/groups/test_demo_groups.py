"""The demo's group work: a facilitator per cluster group who can sign in and sees their group's
realistic RTL rows; seeding twice changes nothing."""

from sqlalchemy import func, select

from workshop.demo import DEMO_SLUG
from workshop.events.models import Event
from workshop.extensions import db
from workshop.groups.models import Group, GroupFacilitator, RtlRow


def test_demo_has_a_facilitator_and_rtl_rows_per_group(app, runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    line = [line for line in first.output.splitlines() if line.startswith("Facilitator logins")][0]
    assert line in second.output
    password = line.split("password:")[1].strip()
    with app.app_context():
        assert db.session.execute(select(func.count(GroupFacilitator.id))).scalar_one() == 5
        main = select(Event.id).where(Event.slug == DEMO_SLUG).scalar_subquery()
        rows = select(func.count(RtlRow.id)).join(Group, Group.id == RtlRow.group_id)
        assert db.session.execute(rows.where(Group.event_id == main)).scalar_one() == 11
        # the finished batch (demo/finished.py): two rows in each of its five groups
        assert db.session.execute(rows.where(Group.event_id != main)).scalar_one() == 10

    client = app.test_client()
    assert (
        client.post_form(
            "/login", {"email": "fasilitator.klasteri@bappeda.serangkota.go.id", "password": password}
        ).status_code
        == 302
    )
    mine = client.get(f"/manage/events/{DEMO_SLUG}/groups/").get_data(as_text=True)
    assert "Klaster I – Hak Sipil dan Kebebasan" in mine and "Klaster II" not in mine
    with app.app_context():
        group_id = db.session.execute(
            select(RtlRow.group_id).where(
                RtlRow.activity == "Sosialisasi pentingnya akta kelahiran di 6 kecamatan"
            )
        ).scalar_one()
    plenary = client.get(f"/manage/events/{DEMO_SLUG}/groups/{group_id}/plenary").get_data(as_text=True)
    assert "Sosialisasi pentingnya akta kelahiran di 6 kecamatan" in plenary
    assert "Disdukcapil" in plenary and "APBD" in plenary and "Rp 15.000.000" in plenary
