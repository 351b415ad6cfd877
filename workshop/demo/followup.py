"""The follow-up of the finished demo event's adopted RTL: the first checkpoint (moved to three
weeks after the event, so it has passed) answered by most agencies (some actions done, some late,
one cancelled, one agency silent) with evidence photos; the second checkpoint, six months after
the event, still ahead. Idempotent: once the first checkpoint has answers, nothing is added."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image, ImageDraw

from workshop.core.audit import acting_as
from workshop.events.models import Event
from workshop.followup import evidence, services
from workshop.followup.models import Status

FIRST_CHECKPOINT_DAYS = 21  # after the event's last day
SILENT_AGENCY = "Dinas Komunikasi dan Informatika"  # Diskominfo has not answered
# Per agency, by the order of its rows: (status, realisation %, share of the budget spent, note, photo).
ANSWERS = [
    (Status.DONE, 100, 0.95, "Terlaksana sesuai rencana.", True),
    (Status.IN_PROGRESS, 60, 0.5, "Tahap kedua dijadwalkan bulan depan.", True),
    (Status.IN_PROGRESS, 30, 0.2, "Menunggu pencairan anggaran.", False),
    (Status.DONE, 100, 1.0, "", True),
    (Status.NOT_STARTED, 0, 0, "Dijadwalkan triwulan berikutnya.", False),
    (Status.CANCELLED, 0, 0, "", False),
]
FOCAL_PERSONS = [
    "Rina Marlina, S.Sos.",
    "Ahmad Syarifudin",
    "dr. Yuliana Putri",
    "Dedi Kurniawan, S.T.",
    "Siti Nurhaliza, S.Pd.",
    "Hendra Gunawan",
    "Nurul Aini, S.E.",
    "Budi Santoso",
]


def demo_photo(caption: str, colour=(70, 130, 90)) -> bytes:
    """A small generated JPEG standing in for a photo of the activity."""
    image = Image.new("RGB", (320, 200), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 310, 190), outline=(255, 255, 255), width=3)
    draw.text((24, 90), caption[:40], fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def seed_followup(event: Event, today: date) -> None:
    checkpoints = services.set_up(event)
    if not checkpoints or not services.lines(event):
        return
    first = checkpoints[0]
    reports = services.reports_by_row(first)
    if any(r.reported_at is not None for r in reports.values()):
        return
    first_day = min(event.ends_on + timedelta(days=FIRST_CHECKPOINT_DAYS), today - timedelta(days=1))
    if first_day > event.ends_on:
        services.move_checkpoint(first, event, first_day)
    by_agency: dict[int, list] = {}
    for line in services.lines(event):
        by_agency.setdefault(line.agency.id, []).append(line)
    for lines in by_agency.values():  # each agency got its link (only its hash is kept)
        services.issue_link(lines[0].agency, event, services.default_link_expiry(event))
    answer = 0
    for number, lines in enumerate(by_agency.values()):
        if lines[0].agency.name == SILENT_AGENCY:
            continue
        person = FOCAL_PERSONS[number % len(FOCAL_PERSONS)]
        for line in lines:
            status, percent, spent, note, photo = ANSWERS[answer % len(ANSWERS)]
            answer += 1
            report = reports[line.row.id]
            values = {
                "status": status.value,
                "realisation_pct": percent,
                "budget_realised": int((line.rtl.budget or 0) * spent) or None,
                "note": note,
            }
            if status == Status.CANCELLED:
                values["cancel_reason"] = "Digabung dengan kegiatan serupa dari Kemen PPPA."
            with acting_as(f"{person} ({line.agency.name})"):
                services.save_report(
                    report, report.version, values, (person, "+6281234500" + f"{number:03d}"[:3])
                )
                if photo:
                    evidence.add_evidence(
                        report, io.BytesIO(demo_photo(line.rtl.activity)), f"foto-kegiatan-{report.id}.jpg"
                    )
