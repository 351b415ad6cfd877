"""The KLA evidence bundle of a large event: time to build the ZIP (issue 8: ≤ 20 s for 500
attendees and 12 sessions on this machine).

    .venv/bin/python bench/bench_bundle.py [--people 500] [--sessions 12] [--repeat 2]

On a temporary SQLite database: an event over three days with --sessions sessions (all with
check-in, about 85% attended), --people participants in the five cluster groups, eight RTL rows
per group, the certificates of everyone eligible, six report photos. Prints the bundle's build
time (best of --repeat), its size and file count, and, as the baseline measured in the same run,
the certificates ZIP alone (the largest part), with the ratio.
"""

from __future__ import annotations

import argparse
import io
import random
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASE_URL = "https://bintek.serangkota.go.id/"
INSTITUTIONS = [
    "Dinas Kesehatan",
    "Disdukcapil",
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Sosial",
    "DP3AKB",
    "Bappeda",
    "Kecamatan Taktakan",
    "Kecamatan Cipocok Jaya",
    "RSUD dr. Drajat Prawiranegara",
]


def seed(app, people: int, sessions: int) -> None:
    from PIL import Image
    from sqlalchemy import insert

    from tests.conftest import make_event, make_user
    from workshop.agenda import services as agenda
    from workshop.attendees.models import Attendee
    from workshop.certificates import services as certificates
    from workshop.checkin.models import CheckIn
    from workshop.documents import services as documents
    from workshop.extensions import db
    from workshop.groups import services as groups

    rng = random.Random(7)
    with app.test_request_context():
        db.create_all()
        event = make_event(
            make_user("panitia@serang.go.id"),
            slug="besar",
            starts_on=date(2026, 11, 17),
            ends_on=date(2026, 11, 19),
        )
        made = []
        per_day = -(-sessions // 3)
        for n in range(sessions):
            day, slot = divmod(n, per_day)
            start = datetime.combine(date(2026, 11, 17) + timedelta(days=day), clock(8 + 2 * slot, 0))
            session, _ = agenda.create_session(
                event,
                {
                    "title": f"Materi {n + 1}: Konvensi Hak Anak dan Klaster {['I', 'II', 'III', 'IV', 'V'][n % 5]}",
                    "kind": "materi",
                    "starts_at": start,
                    "ends_at": start + timedelta(minutes=90),
                    "room": "Aula",
                    "is_for_everyone": True,
                },
                confirm_warnings=True,
            )
            made.append(session)
        cluster_groups = groups.create_default_groups(event)
        db.session.execute(
            insert(Attendee),
            [
                dict(
                    event_id=event.id,
                    reg_number=i + 1,
                    ticket_code=secrets.token_urlsafe(24),
                    role="peserta",
                    status="registered",
                    source="import",
                    full_name=f"Peserta Ma'ruf Ölsen {chr(65 + i % 26)}{i}",
                    gender="LP"[i % 2],
                    category="non-ASN",
                    position="Analis",
                    institution_text=INSTITUTIONS[i % 9],
                    work_unit="",
                    bio="",
                    group_id=cluster_groups[i % 5].id,
                )
                for i in range(people)
            ],
        )
        ids = [a.id for a in db.session.query(Attendee.id).filter_by(event_id=event.id)]
        rows = []
        for session in made:
            for attendee_id in ids:
                if rng.random() < 0.85:
                    rows.append(
                        dict(
                            event_id=event.id,
                            attendee_id=attendee_id,
                            agenda_session_id=session.id,
                            scanned_at=session.starts_at,
                            received_at=session.starts_at,
                            method="scan",
                            scan_id=str(uuid.uuid4()),
                            conflict_count=0,
                        )
                    )
        db.session.execute(insert(CheckIn), rows)
        for group in cluster_groups:
            for k in range(8):
                groups.create_row(
                    group,
                    groups.new_client_id(),
                    {
                        "activity": f"Sosialisasi pentingnya akta kelahiran di kecamatan {k + 1}",
                        "responsible": "Disdukcapil",
                        "funding_source": "APBD",
                        "budget": "15.000.000",
                        "kla_indicator": str(1 + k % 24),
                        "objective": "Cakupan akta kelahiran anak 100%",
                        "target": "Orang tua",
                        "timeline": "2027",
                    },
                )
        for k in range(6):
            image = io.BytesIO()
            Image.new("RGB", (2400, 1600), (20 * k, 120, 200)).save(image, "JPEG", quality=90)
            image.seek(0)
            documents.add_photo(event, image, f"Dokumentasi {k + 1}")
        certificates.issue_due(event, force=True)
        db.session.commit()


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--sessions", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    from workshop import create_app
    from workshop.certificates import services as certificates
    from workshop.documents import services as documents
    from workshop.events.models import Event
    from workshop.extensions import db

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "CONFIG_NAME": "testing",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                "STORAGE_DIR": f"{folder}/storage",
            },
            instance_path=folder,
        )
        started = time.perf_counter()
        seed(app, args.people, args.sessions)
        print(
            f"seeded {args.people} people, {args.sessions} sessions in {time.perf_counter() - started:.1f} s"
        )
        with app.test_request_context():
            event = db.session.query(Event).one()
            issued = len(certificates.issued(event))
            bundle_times, names, size = [], [], 0
            for _ in range(args.repeat):
                out = io.BytesIO()
                bundle_times.append(
                    timed(lambda out=out: names.extend(documents.write_bundle(event, out, BASE_URL)))
                )
                size = len(out.getvalue())
                db.session.expire_all()
            zip_times = [
                timed(lambda: certificates.write_zip(event, io.BytesIO(), BASE_URL))
                for _ in range(args.repeat)
            ]
        bundle, baseline = statistics.median(bundle_times), statistics.median(zip_times)
        print(
            f"bundle: median {bundle:.1f} s (min {min(bundle_times):.1f}) for {len(names) // args.repeat} files, "
            f"{size / 1e6:.1f} MB ({issued} certificates)  [target <= 20 s]"
        )
        print(
            f"baseline, the certificates ZIP alone: median {baseline:.1f} s (min {min(zip_times):.1f});  "
            f"bundle / baseline = {bundle / baseline:.2f}"
        )


if __name__ == "__main__":
    main()
