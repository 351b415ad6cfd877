"""Adoption of a group's RTL in the plenary (issue 14): the organiser adopts it with the chair's
name (audited, the output locked); from then the RTL documents carry no "Draf" and end with a
lembar pengesahan naming the facilitator and the chair; unlocking withdraws the adoption; bad
input answers the form again and stores nothing."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from sqlalchemy import select

from tests.demo_snapshot import snapshot
from tests.pdf_read import pdf_text
from workshop.core import exporters
from workshop.core.audit import AuditEntry
from workshop.demo import seed_demo
from workshop.demo.groups import seed_group_work
from workshop.extensions import db
from workshop.groups import adoption
from workshop.groups import exports as documents
from workshop.groups import services as groups
from workshop.groups.models import Group


@pytest.fixture
def demo(ctx):
    return snapshot("demo with group work", _seed)


def _seed():
    event, _ = seed_demo(today=date(2026, 11, 18))
    seed_group_work(event)
    return event


def words(pdf: bytes) -> str:
    return " ".join(" ".join(pdf_text(pdf)).split())


@pytest.mark.sqlite_only  # rendering; the adoption's rules run on both databases below
def test_adopted_rtl_drops_draf_and_has_its_adoption_page(demo):
    group = groups.groups_of(demo)[0]
    before = words(documents.rtl_pdf(demo, group))
    assert "Status Draf" in before and "LEMBAR PENGESAHAN" not in before
    adoption.adopt(group, "  Drs. H. Mulyadi   Suhendra, M.Si. ")
    assert group.chair_name == "Drs. H. Mulyadi Suhendra, M.Si." and group.is_locked
    after = words(documents.rtl_pdf(demo, group))
    assert "Draf" not in after
    assert "Ditetapkan dalam pleno pada" in after and "LEMBAR PENGESAHAN" in after
    facilitator = group.facilitators[0].name
    page = " ".join(pdf_text(documents.rtl_pdf(demo, group))[-1].split())
    assert "LEMBAR PENGESAHAN" in page and "Drs. H. Mulyadi Suhendra, M.Si." in page and facilitator in page
    assert "ditetapkan dalam sidang pleno" in page
    word = Document(io.BytesIO(documents.rtl_docx(demo, group)))
    text = "\n".join(p.text for p in word.paragraphs) + "\n".join(
        c.text for t in word.tables for r in t.rows for c in r.cells
    )
    assert "Draf" not in text and "LEMBAR PENGESAHAN" in text and "Drs. H. Mulyadi Suhendra, M.Si." in text
    # The compiled document: the adopted group without "Draf", the others still drafts.
    compiled = words(documents.rtl_pdf(demo))
    assert compiled.count("LEMBAR PENGESAHAN") == 1 and "Status Draf" in compiled


def test_adoption_rules(demo):
    group = groups.groups_of(demo)[0]
    with pytest.raises(adoption.AdoptionRefused):
        adoption.adopt(group, "   ")
    with pytest.raises(adoption.AdoptionRefused):
        adoption.adopt(group, "x" * 201)
    empty = groups.add_group(demo, "Kelompok Tanpa RTL")
    with pytest.raises(adoption.AdoptionRefused):
        adoption.adopt(empty, "Ketua")
    assert not group.is_adopted and not empty.is_adopted
    evidence = exporters.get("evidence-rtl")  # the KLA evidence of adopted RTL needs one
    assert not evidence.is_available(demo)
    adoption.adopt(group, "Ketua Satu")
    assert evidence.is_available(demo)
    first = group.adopted_at
    adoption.adopt(group, "Ketua Dua")  # again: only the name changes
    assert group.adopted_at == first and group.chair_name == "Ketua Dua"
    adoption.withdraw(group)
    assert not group.is_adopted and group.chair_name == "Ketua Dua"


def test_the_organiser_adopts_on_the_plenary_page(app, as_role, world):

    with app.app_context():
        from workshop.events.models import Event

        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        group = groups.create_default_groups(event)[0]
        groups.create_row(group, groups.new_client_id(), {"activity": "Sosialisasi akta kelahiran"})
        db.session.commit()
        group_id = group.id
    organiser = as_role("organiser")
    organiser.set_cookie("lang", "en")
    url = f"/manage/events/{world.event_slug}/groups/{group_id}"
    page = organiser.get(f"{url}/plenary").get_data(as_text=True)
    assert "Adopt the RTL (ditetapkan)" in page
    refused = organiser.post_form(f"{url}/adopt", {"chair_name": "  "})
    assert refused.status_code == 422 and "Enter the name of the group" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Group, group_id).adopted_at is None
    done = organiser.post_form(f"{url}/adopt", {"chair_name": "Hj. Ratna Komalasari, S.Sos."})
    assert done.status_code == 302
    page = organiser.get(f"{url}/plenary").get_data(as_text=True)
    assert "Adopted" in page and "Hj. Ratna Komalasari, S.Sos." in page
    with app.app_context():
        saved = db.session.get(Group, group_id)
        assert saved.is_adopted and saved.is_locked and saved.adopted_by_id == world.users["organiser"][0]
        audit = (
            db.session.execute(
                select(AuditEntry).where(AuditEntry.entity == "Group", AuditEntry.entity_id == group_id)
            )
            .scalars()
            .all()
        )
        assert any("chair_name" in (entry.changes or {}) for entry in audit)
    # Unlocking the output withdraws the adoption: no document says "adopted" over a changed RTL.
    assert organiser.post_form(f"{url}/unlock", {}).status_code == 302
    with app.app_context():
        assert db.session.get(Group, group_id).adopted_at is None
