"""A group's RTL as an editable Word document (DESIGN.md §4: editable documents also as .docx):
landscape A4, the columns of DESIGN.md §3 in order, then the discussion notes."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from workshop.groups import services
from workshop.groups.models import Group, GroupNotes, RtlRow

COLUMNS = ("No", "Kegiatan", "Tujuan", "Sasaran", "Indikator KLA", "Waktu Pelaksanaan", "Lokasi",
           "Penanggung Jawab", "Mitra", "Sumber Dana", "Anggaran (Rp)", "Indikator Keberhasilan", "Keterangan")


def _cell(row: RtlRow, name: str) -> str:
    if name == "budget":
        return services.format_rupiah(row.budget)
    if name == "kla_indicator":
        return str(row.kla_indicator) if row.kla_indicator else ""
    if name == "funding_source":
        return "Lainnya" if row.funding_source == "lainnya" else row.funding_source
    return getattr(row, name) or ""


def rtl_docx(event, group: Group, rows: list[RtlRow], notes: GroupNotes | None) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.size = Pt(9)

    document.add_heading(f"Rencana Tindak Lanjut (RTL) — {group.name}", level=1)
    document.add_paragraph(f"{event.title}\n{event.organiser}")

    fields = [name for name in services.RTL_FIELDS if name != "position"]
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, COLUMNS):
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
    for number, row in enumerate(rows, start=1):
        cells = table.add_row().cells
        cells[0].text = str(number)
        for cell, name in zip(cells[1:], fields):
            cell.text = _cell(row, name)

    if notes is not None:
        for title, text in (("Permasalahan", notes.issues), ("Ringkasan diskusi", notes.summary),
                            ("Kesepakatan", notes.agreements)):
            if text:
                document.add_heading(title, level=2)
                document.add_paragraph(text)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
