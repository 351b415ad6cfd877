"""Load test of check-in (issue 9: the per-worker throughput docs/scaling.md assumes).

Runs, in one go, against a scratch PostgreSQL database beside the one in TEST_DATABASE_URL
(created and dropped here):

  baseline  a bare WSGI app under the same gunicorn (gunicorn.conf.py) whose every request INSERTs
            one row and commits: what any check-in must pay for HTTP + one PostgreSQL write;
  bintek    the real POST /api/checkins with a scanner phone's device token (token lookup, rate
            limit in Redis when --redis is given, the check-in rule, the insert in a savepoint,
            the audit entry), each request checking in a different person, as at a busy door.

Both with the same number of sync workers (default 1: the per-worker figure) and the same load:
CLIENTS threads sending REQUESTS requests in total over fresh connections (sync workers close
them), after a warm-up. Prints throughput, p50 and p99 latency, the status counts, and the ratio
bintek / baseline.

    TEST_DATABASE_URL=postgresql://postgres@127.0.0.1/db .venv/bin/python bench/bench_checkin_load.py \
        [--workers 1] [--clients 8] [--requests 3000] [--redis redis://127.0.0.1:6379/9]

The load generator runs on the same machine and takes CPU from the workers: the ratio is the
steadier figure (see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.production.servers import gunicorn, postgres_problem, redis_problem, scratch_database  # noqa: E402

BASELINE_TABLE = "bench_inserts"


def prepare(database_url: str, instance: str, people: int, doors: int = 8) -> dict:
    """Migrate; one event with a session open now, ``people`` attendees, a device token for each
    of ``doors`` scanner phones (one phone is rate-limited to CHECKIN_API_LIMIT, 1,200 a minute)."""
    from flask_migrate import upgrade
    from sqlalchemy import insert, text

    from tests.conftest import event_data
    from workshop import create_app
    from workshop.agenda import services as agenda
    from workshop.attendees.models import Attendee
    from workshop.auth.services import create_user
    from workshop.checkin import services as checkin
    from workshop.events.services import create_event
    from workshop.extensions import db

    app = create_app(
        {"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database_url}, instance_path=instance
    )
    with app.app_context():
        upgrade()
        event = create_event(
            event_data(slug="bench"), create_user("panitia@bench.go.id", "Panitia", "long enough pw 1")
        )
        now = datetime.now(UTC)
        session, _ = agenda.create_session(
            event,
            {
                "title": "Pembukaan",
                "kind": "materi",
                "starts_at": now - timedelta(minutes=10),
                "ends_at": now + timedelta(hours=3),
                "room": "Aula",
                "is_for_everyone": True,
            },
            confirm_warnings=True,
        )
        codes = [secrets.token_urlsafe(24) for _ in range(people)]
        db.session.execute(
            insert(Attendee),
            [
                {
                    "event_id": event.id,
                    "reg_number": n + 1,
                    "ticket_code": code,
                    "role": "peserta",
                    "status": "registered",
                    "source": "import",
                    "full_name": f"Peserta {n + 1}",
                    "gender": "LP"[n % 2],
                    "category": "non-ASN",
                    "position": "",
                    "institution_text": "Dinas Kesehatan",
                    "work_unit": "",
                    "bio": "",
                    "created_at": now,
                    "updated_at": now,
                }
                for n, code in enumerate(codes)
            ],
        )
        tokens = [checkin.create_device_token(event, f"Pintu {n + 1}")[1] for n in range(doors)]
        db.session.execute(
            text(
                f"CREATE TABLE {BASELINE_TABLE} (id bigserial PRIMARY KEY, payload text, "
                "created_at timestamptz DEFAULT now())"
            )
        )
        db.session.commit()
        prepared = {"session": session.code, "codes": codes, "tokens": tokens}
        db.session.remove()
        db.engine.dispose()
    return prepared


def load(base: str, path: str, bodies: list[bytes], headers: list[dict], clients: int) -> dict:
    """Send every body once, from ``clients`` threads (thread n with headers[n % len(headers)]:
    its own scanner phone); latency per request in ms."""
    host, port = base.removeprefix("http://").split(":")
    latencies: list[float] = []
    statuses: Counter = Counter()
    lock = threading.Lock()
    next_index = iter(range(len(bodies)))
    index_lock = threading.Lock()

    def client(my_headers):
        mine, my_statuses = [], Counter()
        while True:
            with index_lock:
                i = next(next_index, None)
            if i is None:
                break
            started = time.perf_counter()
            connection = http.client.HTTPConnection(host, int(port), timeout=30)
            connection.request("POST", path, body=bodies[i], headers=my_headers)
            response = connection.getresponse()
            payload = response.read()
            connection.close()
            mine.append((time.perf_counter() - started) * 1000)
            status = response.status
            if status == 200 and payload.startswith(b'{"'):
                status = json.loads(payload).get("status", status)
            my_statuses[status] += 1
        with lock:
            latencies.extend(mine)
            statuses.update(my_statuses)

    threads = [threading.Thread(target=client, args=(headers[n % len(headers)],)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "per_second": len(latencies) / elapsed,
        "p50": statistics.median(latencies),
        "p99": latencies[int(len(latencies) * 0.99) - 1],
        "statuses": dict(statuses),
    }


def scan_bodies(codes: list[str], session: str) -> list[bytes]:
    return [
        json.dumps(
            {"code": code, "session": session, "scan_id": str(uuid.uuid4()), "method": "scan"}
        ).encode()
        for code in codes
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL"),
        help="rate limits in this Redis (as in production); default: memory",
    )
    args = parser.parse_args()
    database = os.environ.get("TEST_DATABASE_URL") or os.environ.get("BENCH_DATABASE_URL")
    problem = postgres_problem(database) or (redis_problem(args.redis) if args.redis else None)
    if problem:
        sys.exit(problem)

    with tempfile.TemporaryDirectory() as tmp, scratch_database(database, "bintek_bench") as url:
        tmp = Path(tmp)
        total = args.warmup + args.requests
        prepared = prepare(url, str(tmp / "instance"), 2 * total, doors=args.clients)
        codes = prepared["codes"]
        common = {"DATABASE_URL": url, "WEB_CONCURRENCY": str(args.workers)}

        baseline_env = {**common, "PYTHONPATH": str(ROOT / "bench")}
        baselines = {}
        for label, wsgi in (
            ("bare WSGI INSERT", "baseline_insert_app:app"),
            ("bare Flask INSERT", "baseline_insert_app:flask_app"),
        ):
            with gunicorn(
                baseline_env, args.workers, tmp / "baseline.log", app=wsgi, health_path="/"
            ) as base:
                bodies = [json.dumps({"code": c}).encode() for c in codes[:total]]
                headers = [{"Content-Type": "application/json"}]
                load(base, "/insert", bodies[: args.warmup], headers, args.clients)
                baselines[label] = load(base, "/insert", bodies[args.warmup :], headers, args.clients)
        baseline = baselines["bare Flask INSERT"]

        app_env = {
            **common,
            "BINTEK_CONFIG": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "BINTEK_INSTANCE_PATH": str(tmp / "instance"),
            "STORAGE_DIR": str(tmp / "storage"),
            "REQUEST_LOG": "0",
            "RATELIMIT_STORAGE_URI": args.redis or "memory://",
            "RATELIMIT_KEY_PREFIX": f"bintek-bench-{uuid.uuid4().hex[:6]}",
        }
        with gunicorn(app_env, args.workers, tmp / "bintek.log") as base:
            bodies = scan_bodies(codes[total:], prepared["session"])
            headers = [
                {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
                for token in prepared["tokens"]
            ]
            load(base, "/api/checkins", bodies[: args.warmup], headers, args.clients)
            bintek = load(base, "/api/checkins", bodies[args.warmup :], headers, args.clients)
        if args.redis:
            import redis

            client = redis.Redis.from_url(args.redis)
            keys = client.keys(f"*{app_env['RATELIMIT_KEY_PREFIX']}*")
            if keys:
                client.delete(*keys)

    print(
        f"workers={args.workers} clients={args.clients} requests={args.requests} (after {args.warmup} warm-up) "
        f"rate limits in {'Redis' if args.redis else 'memory'}; {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    for name, result in (*baselines.items(), ("bintek check-in", bintek)):
        print(
            f"{name:16} {result['per_second']:7.0f} req/s  p50 {result['p50']:6.1f} ms  p99 {result['p99']:6.1f} ms  "
            f"statuses {result['statuses']}"
        )
    print(
        f"ratio bintek / bare Flask: {bintek['per_second'] / baseline['per_second']:.2f} of the throughput, "
        f"{bintek['p50'] / baseline['p50']:.1f}x the median latency  [issue 5 target: >= 0.70, p99 <= 50 ms]"
    )
    floor = baselines["bare WSGI INSERT"]
    print(f"ratio bintek / bare WSGI: {bintek['per_second'] / floor['per_second']:.2f} of the throughput")


if __name__ == "__main__":
    main()
