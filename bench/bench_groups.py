"""Benchmark of the groups work (issue 6): how long the suggested assignment takes for a large
event, and how long one autosave (PATCH /api/rtl/<id>) takes end to end through Flask.

    .venv/bin/python bench/bench_groups.py [--people 600] [--saves 200]

Uses a temporary SQLite database. To measure PostgreSQL set DATABASE_URL: the bench then creates
its own scratch database beside that one (bintek_bench_groups_<random>) and drops it afterwards;
it never creates tables in, empties or drops the database DATABASE_URL names (``own_database``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

INSTITUTIONS = [
    "Dinkes",
    "Disdukcapil",
    "DP3AKB",
    "Bappeda",
    "Dinsos",
    "Disdikbud",
    "Satpol PP",
    "UPTD PPA",
    "Universitas Serang Raya",
    "PKK Kota Serang",
    "Kecamatan Taktakan",
    "Diskominfo",
    "Kemenag",
]


SCRATCH_PREFIX = "bintek_bench_groups_"


def own_database(uri: str, folder: str) -> bool:
    """Whether ``uri`` is this bench's own scratch database: a SQLite file inside the temporary
    folder it made, or a PostgreSQL database it created (named SCRATCH_PREFIX + random)."""
    from sqlalchemy.engine import make_url

    try:
        url = make_url(uri)
    except Exception:  # noqa: BLE001 - not a database address at all
        return False
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        return bool(database) and Path(database).resolve().parent == Path(folder).resolve()
    return url.get_backend_name() == "postgresql" and (url.database or "").startswith(SCRATCH_PREFIX)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=600)
    parser.add_argument("--saves", type=int, default=200)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-groups-")
    base = os.environ.get("DATABASE_URL")
    if base and base.startswith("postgresql"):
        from tests.production.servers import scratch_database

        with scratch_database(base, SCRATCH_PREFIX.rstrip("_")) as uri:
            run(args, uri, folder)
    else:
        run(args, f"sqlite:///{folder}/bench.db", folder)


def bench_app(uri: str, folder: str):
    """The app on the bench's own, new database; any other database is refused untouched."""
    from workshop import create_app
    from workshop.extensions import db

    if not own_database(uri, folder):
        raise SystemExit(f"bench_groups.py: refusing {uri!r}: it is not this bench's own scratch database")
    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": uri}, instance_path=folder)
    with app.app_context():
        db.create_all()
    return app


def run(args, uri: str, folder: str) -> None:
    from datetime import date, timedelta

    from workshop.attendees.services import create_attendee
    from workshop.auth.services import create_user
    from workshop.events.services import add_member, create_event
    from workshop.extensions import db
    from workshop.groups import services

    app = bench_app(uri, folder)
    with app.app_context():
        organiser = create_user("panitia@serang.go.id", "Panitia", "correct horse battery")
        today = date.today()
        event = create_event(
            {
                "title": "Bench",
                "code": "B",
                "slug": "bench",
                "description": "",
                "organiser": "Kota Serang",
                "organising_unit": "Bappeda",
                "venue": "",
                "city": "Kota Serang",
                "starts_on": today,
                "ends_on": today + timedelta(days=1),
                "timezone": "Asia/Jakarta",
                "registration_opens_at": None,
                "registration_closes_at": None,
                "capacity": None,
                "retention_months": 24,
                "privacy_contact": "x",
                "status": "open",
            },
            organiser,
        )
        for n in range(args.people):
            create_attendee(
                event,
                {
                    "full_name": f"Peserta {chr(65 + n // 676 % 26)}{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}",
                    "gender": "LP"[n % 2],
                    "category": "non-ASN",
                    "nip": "",
                    "golongan": "",
                    "position": "Staf",
                    "institution": INSTITUTIONS[n % len(INSTITUTIONS)],
                    "work_unit": "",
                    "phone": f"0813{n:08d}",
                    "email": "",
                    "role": "peserta",
                },
                source="manual",
                confirm_warnings=True,
            )
        groups = services.create_default_groups(event)
        facilitator = create_user("fasilitator@serang.go.id", "Fasilitator", "correct horse battery")
        add_member(event, facilitator, "facilitator")
        services.assign_facilitator(groups[0], facilitator)
        row, _ = services.create_row(groups[0], str(uuid.uuid4()), {"activity": "Awal"})
        db.session.commit()
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            suggestion = services.suggest_assignment(event)
            timings.append(time.perf_counter() - started)
            db.session.rollback()
        print(
            f"suggest_assignment, {args.people} people: median {statistics.median(timings) * 1000:.0f} ms "
            f"(min {min(timings) * 1000:.0f} ms) "
            f"({len(suggestion.placements)} placed)"
        )
        row_id, facilitator_id, group_id = row.id, facilitator.id, groups[0].id

    client = app.test_client()
    with client.session_transaction() as session:
        with app.app_context():
            from workshop.auth.models import User

            session["_user_id"] = db.session.get(User, facilitator_id).get_id()
    page = client.get("/").get_data(as_text=True)
    token = page.split('name="csrf-token" content="')[1].split('"')[0]
    version = 1
    fields = ["activity", "objective", "target", "budget"]
    timings = []
    for n in range(args.saves):
        field = fields[n % len(fields)]
        value = f"{15_000_000 + n}" if field == "budget" else f"Isi {n}"
        started = time.perf_counter()
        response = client.patch(
            f"/api/rtl/{row_id}",
            data=json.dumps({"version": version, field: value}),
            content_type="application/json",
            headers={"X-CSRFToken": token},
        )
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.get_data(as_text=True)
        version = response.json["row"]["version"]
    timings.sort()
    print(
        f"PATCH /api/rtl/<id>, {args.saves} saves: median {statistics.median(timings) * 1000:.1f} ms "
        f"(min {timings[0] * 1000:.1f} ms), "
        f"p95 {timings[int(len(timings) * 0.95)] * 1000:.1f} ms"
    )
    response = client.get(f"/api/groups/{group_id}/rtl")
    assert response.status_code == 200


if __name__ == "__main__":
    main()
