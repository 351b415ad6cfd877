"""A corrected copy of the demo's imported list, kept in the storage folder, so the organiser can
open a re-import preview at once (the import page offers it): most rows unchanged, two corrected,
two new people with "-" in NIP and golongan, and one conflict. Nothing is imported until the
organiser presses the button."""

from __future__ import annotations

import io
from pathlib import Path

from workshop.attendees import services as attendees
from workshop.attendees.export import phone_for_sheet
from workshop.attendees.models import Source
from workshop.core import storage
from workshop.events.models import Event

FOLDER = "demo"
HEADER = ["NO", "NAMA", "NIP", "PANGKAT/GOL", "JABATAN", "INSTANSI", "L/P", "NO. HP / WA"]


def reimport_path(event: Event) -> Path:
    return storage.folder(FOLDER) / f"reimport-{event.id}.xlsx"


def has_reimport(event: Event) -> bool:
    return reimport_path(event).is_file()


def reimport_rows(event: Event) -> list[list]:
    imported = [p for p in attendees.active_attendees(event, role=None) if p.source == Source.IMPORT.value]
    rows = []
    for person in imported[:8]:
        rows.append(
            [
                person.full_name,
                person.nip or "-",
                person.golongan or "-",
                person.position,
                person.institution_text,
                person.gender,
                phone_for_sheet(person.phone) or "-",
            ]
        )
    if len(rows) >= 4:
        rows[1][3] = "Kepala Seksi Perlindungan Anak"  # a corrected jabatan
        rows[2][6] = "0812-9000-1234"  # a new phone number
        # The same name and institution as row 4 with another NIP: for the organiser to decide.
        if rows[3][1] not in ("-", ""):
            rows.append(
                [rows[3][0], "19900101 201801 1 009", rows[3][2], rows[3][3], rows[3][4], rows[3][5], "-"]
            )
    rows.append(["Aulia Rahmawati", "-", "-", "Ketua Forum Anak", "Forum Anak Kota Serang", "P", "-"])
    rows.append(["Dedi Kurniawan", "–", "—", "Relawan", "LPA Kota Serang", "L", "0812-7711-2299"])
    return [[n, *row] for n, row in enumerate(rows, start=1)]


def seed_reimport(event: Event) -> None:
    """Write the corrected copy once (idempotent)."""
    from openpyxl import Workbook

    path = reimport_path(event)
    if path.is_file():
        return
    book = Workbook()
    sheet = book.active
    sheet.title = "Peserta"
    sheet.append(["DAFTAR PESERTA (PERBAIKAN)"])
    sheet.append([event.title])
    sheet.append([])
    sheet.append(HEADER)
    for row in reimport_rows(event):
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=5):
        for cell in cells:
            cell.number_format = "@"
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
