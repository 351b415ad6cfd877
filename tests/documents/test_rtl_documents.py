"""The RTL documents built from the demo's groups: columns in order, KLA indicators written out,
budgets as Rp and totals, per group and compiled (cover, groups in order, summary by source of
funds); .docx read back with python-docx, PDFs with pypdfium2."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from sqlalchemy import select

from tests.demo_snapshot import snapshot
from tests.pdf_read import pdf_text
from workshop.demo import seed_demo
from workshop.demo.groups import seed_group_work
from workshop.extensions import db
from workshop.groups import exports as services
from workshop.groups import services as groups
from workshop.groups.models import Group, RtlRow

# Rendering from data the services read (tested on both databases elsewhere): SQLite is enough.
pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def demo(ctx):
    return snapshot("demo with group work", _seed)


def _seed():
    event, _ = seed_demo(today=date(2026, 11, 18))
    seed_group_work(event)  # facilitators and RTL rows, as `flask seed-demo` does
    return event


def test_group_document_has_the_rows_indicators_and_total(demo):
    group = groups.groups_of(demo)[0]
    rows = groups.rtl_rows(group)
    assert rows, "the demo's group I has RTL rows"
    document = services.rtl_document(demo, group)
    assert document.cover is False and len(document.groups) == 1
    section = document.groups[0]
    assert section.rows[0][0] == rows[0].activity
    indicator = next(i for i in groups.kla_indicators() if i["number"] == rows[0].kla_indicator)
    assert section.rows[0][3] == f"{indicator['number']}. {indicator['indicator_id']}"
    assert section.total == groups.format_rupiah(sum(r.budget or 0 for r in rows))
    word = Document(io.BytesIO(services.rtl_docx(demo, group)))
    table = next(t for t in word.tables if t.rows[0].cells[0].text == "No")
    assert [c.text for c in table.rows[0].cells] == services.rtl_headers()  # DESIGN.md §3, in order
    assert services.rtl_headers()[1:4] == ["Nama kegiatan", "Tujuan kegiatan", "Sasaran"]
    assert table.rows[1].cells[1].text == rows[0].activity
    assert table.rows[-1].cells[10].text == section.total
    text = " ".join(" ".join(pdf_text(services.rtl_pdf(demo, group))).split())
    assert "RENCANA TINDAK LANJUT (RTL)" in text and rows[0].activity in text and section.total in text


def test_compiled_document_has_a_cover_every_group_in_order_and_a_summary(demo):
    document = services.rtl_document(demo)
    names = [g.name for g in groups.groups_of(demo)]
    assert document.cover and [g.name.split(" (")[0] for g in document.groups] == names
    all_rows = (
        db.session.execute(
            select(RtlRow).join(Group).where(Group.event_id == demo.id, RtlRow.deleted_at.is_(None))
        )
        .scalars()
        .all()
    )
    assert document.summary[-1][1] == str(len(all_rows))
    assert document.summary[-1][-1] == groups.format_rupiah(sum(r.budget or 0 for r in all_rows))
    apbd = document.summary_headers.index("APBD")
    assert document.summary[-1][apbd] == groups.format_rupiah(
        sum(r.budget or 0 for r in all_rows if r.funding_source == "APBD")
    )
    pages = pdf_text(services.rtl_pdf(demo))
    assert "RENCANA TINDAK LANJUT (RTL)" in pages[0]
    flat = " ".join(" ".join(pages).split())
    positions = [flat.find(name) for name in names]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    assert "Ringkasan" in pages[-1]
    word = Document(io.BytesIO(services.rtl_docx(demo)))
    assert [c.text for c in word.tables[-1].rows[0].cells][:2] == ["Kelompok", "Baris RTL"]


def test_the_docx_has_the_kop_where_the_pdf_has_it(demo):
    """On the cover and on each lembar pengesahan (each the first page of its own section), not
    in the header of the table pages; every page numbered, the numbers running on."""
    from workshop.groups import adoption

    for group in groups.groups_of(demo)[:2]:  # two adopted in the plenary, the others drafts
        adoption.adopt(group, "Drs. H. Mulyadi Suhendra, M.Si.")
    document = services.rtl_document(demo)
    adopted = sum(1 for group in document.groups if group.adoption is not None)
    assert adopted == 2 and document.kop is not None
    word = Document(io.BytesIO(services.rtl_docx(demo)))

    def header_text(header):
        return " ".join(c.text for t in header.tables for r in t.rows for c in r.cells)

    first, *pengesahan = word.sections
    assert len(pengesahan) == adopted
    assert first.different_first_page_header_footer
    assert "PEMERINTAH KOTA SERANG" in header_text(first.first_page_header)
    assert header_text(first.header) == ""
    assert "PAGE" in first.footer._element.xml and "PAGE" in first.first_page_footer._element.xml
    for section in pengesahan:  # the same headers and footers, the page numbers running on
        assert section.different_first_page_header_footer
        assert section.first_page_header.is_linked_to_previous and section.header.is_linked_to_previous
        assert section.footer.is_linked_to_previous and section.first_page_footer.is_linked_to_previous
        assert "pgNumType" not in section._sectPr.xml
        assert section.orientation == first.orientation


def test_an_empty_group_and_a_group_with_150_long_rows_still_render(demo):
    group = groups.groups_of(demo)[-1]
    empty = groups.add_group(demo, "Kelompok Kosong")
    for n in range(150):
        groups.create_row(
            group,
            groups.new_client_id(),
            {
                "activity": f"Kegiatan {n} " + "panjang " * 60,
                "responsible": "Dinas O'Brien & Ré",
                "budget": "1.000.000",
                "funding_source": "APBD",
                "kla_indicator": "3",
            },
        )
    db.session.flush()
    pdf = services.rtl_pdf(demo)
    assert len(pdf_text(pdf)) > 20
    assert "Belum ada baris RTL." in " ".join(pdf_text(services.rtl_pdf(demo, empty)))
    assert Document(io.BytesIO(services.rtl_docx(demo))).tables


def test_report_summarises_each_groups_rtl(demo):
    first = services.group_results(demo)[0]  # what the groups module gives the activity report
    rows = groups.rtl_rows(
        db.session.execute(select(Group).where(Group.event_id == demo.id).order_by(Group.position))
        .scalars()
        .first()
    )
    assert first.table[0][0] == rows[0].activity
    assert any("baris RTL" in line for line in first.lines)


def test_pages_download_the_documents(app, as_role, world):
    organiser = as_role("organiser")
    assert organiser.get("/manage/events/kla-serang/documents/rtl.pdf").data.startswith(b"%PDF")
    assert organiser.get("/manage/events/kla-serang/documents/rtl.docx").data[:2] == b"PK"
