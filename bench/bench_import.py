"""Benchmark of the attendee import (issue 3: validating a 5,000-row .xlsx takes at most 5 s).

Builds a realistic workbook in a temporary folder — title rows, a header, NIPs typed as text,
mixed golongan spellings, institutions and their aliases from workshop/reference/opd_clusters.csv,
a footer — then times, in one run:

  baseline      openpyxl alone reading every cell (read_only=True), what any import must pay;
  check         read_people + check_people: parse, find the header, check every row (no writes);
  check+commit  the same, then commit_import into a temporary SQLite database.

and prints each with its ratio to the baseline (our overhead over just reading the file).

    .venv/bin/python bench/bench_import.py [--rows 5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = [
    "Ahmad",
    "Siti",
    "Budi",
    "Dewi",
    "Rina",
    "Agus",
    "Sri",
    "Muhammad",
    "Nur",
    "Eko",
    "Fitri",
    "Hendra",
    "Yuliana",
    "Rudi",
    "Wahyu",
    "Ratna",
    "Dedi",
    "Lestari",
    "Imam",
    "Ayu",
    "Bambang",
    "Indah",
]
LAST = [
    "Santoso",
    "Rahmawati",
    "Hidayat",
    "Susanti",
    "Saputra",
    "Wulandari",
    "Kurniawan",
    "Pratiwi",
    "Setiawan",
    "Maharani",
    "Nugroho",
    "Fauziah",
    "Ma'ruf",
    "Syamsuddin",
    "Hasanah",
]
TITLES = [
    "",
    "",
    "",
    ", S.E.",
    ", S.Sos.",
    ", S.Pd.I.",
    ", S.Kep., Ners",
    ", M.Si.",
    ", S.H., M.H.",
    "Drs. ",
    "dr. ",
]
GOLONGAN = [
    "III/a",
    "Penata Muda / III.a",
    "Penata Muda Tk.I (III/b)",
    "Penata / III.c",
    "III/d",
    "IV/a",
    "Pembina Tk. I (IV/b)",
    "II/c",
    "3c",
    "III-b",
]
JABATAN = [
    "Analis Kebijakan Ahli Muda",
    "Kepala Seksi Perlindungan Anak",
    "Staf",
    "Penyuluh KB",
    "Perencana Ahli Pertama",
    "Kepala Bidang",
    "Pranata Komputer",
    "Bidan",
    "Guru",
]


def institutions() -> list[str]:
    """Every spelling in the reference list, some with the region appended in capitals."""
    names = []
    with (ROOT / "workshop/reference/opd_clusters.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            names.append(row["institution"])
            names.extend(alias for alias in row["aliases"].split("|") if alias)
    return names + [name.upper() + " KOTA SERANG" for name in names[:10]]


def nip(rng: random.Random, sex: str) -> str:
    born = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 12000))
    appointed = min(max(born.year + 20, 1990) + rng.randrange(0, 12), 2025)
    return f"{born:%Y%m%d} {appointed}{rng.randrange(1, 13):02d} {1 if sex == 'L' else 2} {rng.randrange(1, 999):03d}"


def build_workbook(path: Path, rows: int, seed: int = 3) -> None:
    import openpyxl

    rng = random.Random(seed)
    places = institutions()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Peserta"
    ws.append(["DAFTAR PESERTA BINTEK PENINGKATAN KAPASITAS GUGUS TUGAS KLA"])
    ws.merge_cells("A1:K1")
    ws.append(["Kota Serang, 18 – 20 November 2026"])
    ws.merge_cells("A2:K2")
    ws.append([])
    ws.append(
        [
            "NO",
            "NAMA LENGKAP",
            "NIP",
            "PANGKAT/GOL",
            "JABATAN",
            "INSTANSI",
            "L/P",
            "NO. HP / WA",
            "E-MAIL",
            "KATEGORI",
            "PERAN",
        ]
    )
    for n in range(1, rows + 1):
        sex = rng.choice("LP")
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        title = rng.choice(TITLES)
        name = title + name if title.endswith(" ") else name + title
        pns = rng.random() < 0.8
        ws.append(
            [
                n,
                name,
                nip(rng, sex) if pns else "",
                rng.choice(GOLONGAN) if pns else "",
                rng.choice(JABATAN),
                rng.choice(places),
                rng.choice([sex, "Laki-laki" if sex == "L" else "Perempuan"]),
                f"0812-{n // 10000 % 10000:04d}-{n % 10000:04d}",
                f"peserta{n}@example.go.id",
                "PNS" if pns else rng.choice(["non-ASN", "Lembaga Masyarakat", "Media"]),
                "Peserta" if n % 50 else "Narasumber",
            ]
        )
    ws.append([])
    ws.append([None, None, None, None, None, "Serang, 20 November 2026"])
    ws.append([None, None, None, None, None, "Ketua Panitia"])
    ws.append([None, None, None, None, None, "Drs. H. Ahmad Fauzi, M.Si."])
    wb.save(path)


def make_app(folder: Path):
    from workshop import create_app
    from workshop.extensions import db

    app = create_app(
        {"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}"},
        instance_path=str(folder),
    )
    with app.app_context():
        db.create_all()
    return app


def fresh_event(app, n: int):
    from datetime import date as _date

    from workshop.auth.services import create_user
    from workshop.events.services import create_event
    from workshop.extensions import db

    with app.app_context():
        user = create_user(f"bench{n}@example.go.id", "Bench", "correct horse battery")
        event = create_event(
            {
                "title": f"Bench {n}",
                "code": "BENCH",
                "slug": f"bench-{n}",
                "description": "",
                "organiser": "Pemerintah Kota Serang",
                "organising_unit": "Bappeda",
                "venue": "",
                "city": "Kota Serang",
                "starts_on": _date.today(),
                "ends_on": _date.today(),
                "timezone": "Asia/Jakarta",
                "registration_opens_at": None,
                "registration_closes_at": None,
                "capacity": None,
                "retention_months": 24,
                "privacy_contact": "",
                "status": "open",
            },
            user,
        )
        db.session.commit()
        return event.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import openpyxl

    from workshop.attendees import importing
    from workshop.core.audit import acting_as
    from workshop.events.models import Event
    from workshop.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "peserta.xlsx"
        build_workbook(path, args.rows)
        data = path.read_bytes()
        app = make_app(folder)

        def baseline():
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            cells = sum(len(row) for row in wb.worksheets[0].iter_rows(values_only=True))
            wb.close()
            return cells

        def check(event_id):
            with app.app_context():
                event = db.session.get(Event, event_id)
                result = importing.check_import(event, data)
                db.session.rollback()
                return result

        def check_commit(event_id):
            with app.app_context(), acting_as("bench"):
                event = db.session.get(Event, event_id)
                result = importing.check_import(event, data)
                importing.commit_import(event, result, allow_errors=True)
                db.session.commit()
                return result

        timings: dict[str, list[float]] = {"baseline": [], "check": [], "check+commit": []}
        result = None
        for i in range(args.repeat):
            start = time.perf_counter()
            baseline()
            timings["baseline"].append(time.perf_counter() - start)
            event_id = fresh_event(app, i)
            start = time.perf_counter()
            result = check(event_id)
            timings["check"].append(time.perf_counter() - start)
            start = time.perf_counter()
            check_commit(event_id)
            timings["check+commit"].append(time.perf_counter() - start)

        base = statistics.median(timings["baseline"])
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"machine: {os.cpu_count()} cores, load average {load} (other work slows every step alike)")
        print(f"file: {args.rows} rows, {len(data) / 1024:.0f} KB .xlsx; summary {result.summary}")
        print(f"{'step':<14} {'median s':>9} {'min s':>7} {'x baseline':>11}")
        for step, values in timings.items():
            median = statistics.median(values)
            print(f"{step:<14} {median:>9.2f} {min(values):>7.2f} {median / base:>11.1f}")
        print(
            f"budget: check <= 5.0 s -> {'ok' if statistics.median(timings['check']) <= 5.0 else 'TOO SLOW'}"
        )


if __name__ == "__main__":
    main()
