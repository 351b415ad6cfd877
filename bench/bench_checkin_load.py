"""Check-in under load (issue 17): Bintek against a bare Flask endpoint, on SQLite and PostgreSQL,
in one run.

For each database, in a scratch database this script creates (a temporary SQLite file, and a
PostgreSQL database named ``bench_perf_<random>`` beside the one in TEST_DATABASE_URL, dropped
afterwards; it refuses to write anywhere else), under the same gunicorn.conf.py with the same
number of sync workers and the same wrk load (threads × connections for a fixed time):

  bare    ``bench/baseline_insert_app.py:flask_app``, a bare Flask endpoint that reads the JSON body
          and INSERTs one row with one commit (on SQLite with the app's pragmas): the least a
          check-in endpoint can cost;
  bintek  ``POST /api/checkins`` in the production configuration (ProxyFix, rate limits in Redis
          with --redis, request log off), every request a different ticket and scan id from one of
          200 scanner phones (one phone is limited to 1,200 scans a minute).

The two alternate ``--repeat`` times, so both see the same minutes of a shared machine; each line
prints the median with the minimum and maximum in brackets. Afterwards the database must hold
exactly one row per ticket answered ``ok`` (and none twice), and a storm (every connection
scanning one ticket with distinct scan ids) must leave exactly one row.

    TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bt_perf \\
        .venv/bin/python bench/bench_checkin_load.py [--duration 8] [--repeat 3] [--workers 4] \\
        [--connections 50] [--threads 2] [--redis redis://127.0.0.1:6379/6] [--databases sqlite,postgresql]

Needs wrk (Debian: apt-get install wrk). The load generator runs on the same machine and takes
CPU from the workers: the ratio to the bare endpoint is the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.production.servers import gunicorn, postgres_problem, redis_problem, scratch_database  # noqa: E402

BASELINE_TABLE = "bench_inserts"
SCRATCH_PREFIX = "bench_perf"
DOORS = 200
START_TIMEOUT = 300  # seconds for every worker to boot: minutes when other work loads the machine


def _refuse_unless_scratch(url: str) -> None:
    name = url.rsplit("/", 1)[-1]
    if not Path(name).name.startswith(SCRATCH_PREFIX + "_"):
        sys.exit(f"refusing to write to {name!r}: this benchmark only writes to scratch databases it creates")


def prepare(database_url: str, instance: str, people: int, doors: int = DOORS) -> dict:
    """Migrate; one event with a session open now, ``people`` attendees, a device token for each
    of ``doors`` scanner phones, and the bare endpoint's table."""
    _refuse_unless_scratch(database_url)
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
        for start in range(0, people, 5000):
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
                    for n, code in enumerate(codes[start : start + 5000], start=start)
                ],
            )
        tokens = [checkin.create_device_token(event, f"Pintu {n + 1}")[1] for n in range(doors)]
        if database_url.startswith("sqlite"):
            ddl = "id INTEGER PRIMARY KEY AUTOINCREMENT, payload text, created_at text DEFAULT CURRENT_TIMESTAMP"
        else:
            ddl = "id bigserial PRIMARY KEY, payload text, created_at timestamptz DEFAULT now()"
        db.session.execute(text(f"CREATE TABLE {BASELINE_TABLE} ({ddl})"))
        db.session.commit()
        prepared = {"session": session.code, "codes": codes, "tokens": tokens}
        db.session.remove()
        db.engine.dispose()
    return prepared


# wrk: each thread sends the lines of its own slice of a file of bodies (one body per request, so
# no ticket is sent twice), rotating over the scanner phones' tokens; counts the answers.
WRK_SCRIPT = r"""
local bodies, tokens, path = {}, {}, "__PATH__"
local threads = {}
function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end
function init(args)
  local all = {}
  for line in io.lines(args[1]) do table.insert(all, line) end
  for line in io.lines(args[2]) do table.insert(tokens, line) end
  local count, total = tonumber(args[3]), #all
  local per = math.floor(total / count)
  for i = index * per + 1, (index + 1) * per do table.insert(bodies, all[i]) end
  n, ok, other, failed, limited, server = 0, 0, 0, 0, 0, 0
end
function request()
  n = n + 1
  local body = bodies[((n - 1) % #bodies) + 1]
  local headers = {["Content-Type"] = "application/json"}
  if #tokens > 0 then headers["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1] end
  return wrk.format("POST", path, headers, body)
end
function response(status, headers, body)
  if status ~= 200 then
    failed = failed + 1
    if status == 429 then limited = limited + 1 elseif status >= 500 then server = server + 1 end
    if failed == 1 then io.write("FIRST-FAILURE " .. status .. " " .. string.sub(body, 1, 200) .. "\n") end
  elseif string.find(body, '"status":"ok"', 1, true) or string.find(body, '"status": "ok"', 1, true) then ok = ok + 1
  else other = other + 1 end
end
function done(summary, latency, requests)
  local ok_, other_, failed_, limited_, server_ = 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    ok_ = ok_ + t:get("ok"); other_ = other_ + t:get("other"); failed_ = failed_ + t:get("failed")
    limited_ = limited_ + t:get("limited"); server_ = server_ + t:get("server")
  end
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "p50": %.3f, "p99": %.3f, "ok": %d, "other": %d, "http_errors": %d, "http_429": %d, "http_5xx": %d, "socket_errors": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    ok_, other_, failed_, limited_, server_, errors.connect + errors.read + errors.write + errors.timeout,
    errors.connect, errors.read, errors.write, errors.timeout))
end
"""


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds() -> dict:
    """CPU seconds so far of the server (every gunicorn process, the workers a master recycled
    included), the database server (every postgres process) and the load generator (this
    script's finished children: wrk)."""
    parts = {"server": 0.0, "database": 0.0}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # gone meanwhile
        name, fields = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :].split()
        part = {"gunicorn": "server", "postgres": "database"}.get(name)
        if part:  # utime, stime, cutime, cstime (fields 14-17 of proc(5))
            parts[part] += sum(int(value) for value in fields[11:15]) / TICKS
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    parts["load"] = children.ru_utime + children.ru_stime
    return parts


def wrk(base: str, path: str, bodies: list[str], tokens: list[str], args, tmp: Path, duration=None) -> dict:
    script = tmp / "load.lua"
    script.write_text(WRK_SCRIPT.replace("__PATH__", path))
    (tmp / "bodies.txt").write_text("\n".join(bodies) + "\n")
    (tmp / "tokens.txt").write_text("\n".join(tokens) + ("\n" if tokens else ""))
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{duration or args.duration}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        base,
        "--",
        str(tmp / "bodies.txt"),
        str(tmp / "tokens.txt"),
        str(args.threads),
    ]
    before = cpu_seconds()
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    after = cpu_seconds()
    for line in output.splitlines():
        if line.startswith("FIRST-FAILURE "):  # what a failed answer said (one per wrk thread)
            print(line, file=sys.stderr)
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["per_second"] = result["requests"] / result["seconds"]
    result["errors"] = result["http_errors"] + result["socket_errors"]
    for part, seconds in after.items():  # CPU per request, µs
        result[f"cpu_{part}"] = (seconds - before[part]) * 1e6 / max(result["requests"], 1)
    return result


def scan_bodies(codes: list[str], session: str) -> list[str]:
    return [
        json.dumps({"code": code, "session": session, "scan_id": str(uuid.uuid4()), "method": "scan"})
        for code in codes
    ]


@contextmanager
def scratch(kind: str, base_url: str | None, tmp: Path):
    if kind == "sqlite":
        yield f"sqlite:///{tmp / (SCRATCH_PREFIX + '_' + uuid.uuid4().hex[:8])}"
    else:
        with scratch_database(base_url, SCRATCH_PREFIX) as url:
            yield url


def count_rows(url: str, ticket: str | None = None) -> dict:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT count(*) FROM check_ins")).scalar()
        of_ticket = connection.execute(
            text(
                "SELECT count(*) FROM check_ins c JOIN attendees a ON a.id = c.attendee_id WHERE a.ticket_code = :t"
            ),
            {"t": ticket or ""},
        ).scalar()
        twice = connection.execute(
            text(
                "SELECT count(*) FROM (SELECT attendee_id FROM check_ins "
                "GROUP BY attendee_id, agenda_session_id HAVING count(*) > 1) AS t"
            )
        ).scalar()
    engine.dispose()
    return {"rows": rows, "twice": twice, "of_ticket": of_ticket}


def run_database(kind: str, args, base_url: str | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp, scratch(kind, base_url, Path(tmp)) as url:
        tmp = Path(tmp)
        per_run = int(args.duration * args.expect)
        per_warmup = int(args.warmup * args.expect)
        prepared = prepare(url, str(tmp / "instance"), (per_run + per_warmup) * args.repeat + per_warmup + 1)
        codes = prepared["codes"]
        used = 0

        def take(count: int) -> list[str]:
            nonlocal used
            used += count
            return codes[used - count : used]

        common = {
            "DATABASE_URL": url,
            "WEB_CONCURRENCY": str(args.workers),
            "GUNICORN_WORKER_CLASS": args.worker_class,
            "GUNICORN_THREADS": str(args.worker_threads),
        }
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
        results: dict[str, list] = {"bare": [], "bintek": []}
        warm_oks = 0
        for _ in range(args.repeat):
            # Each side gets the same warm-up (every worker has answered, connections are open)
            # before its measured run; both send the same tickets (the bare side as its payload).
            warm_codes, run_codes = take(per_warmup), take(per_run)
            with gunicorn(
                {**common, "PYTHONPATH": str(ROOT / "bench")},
                args.workers,
                tmp / "bare.log",
                app="baseline_insert_app:flask_app",
                health_path="/",
                timeout=START_TIMEOUT,
            ) as base:
                wrk(
                    base, "/insert", [json.dumps({"code": c}) for c in warm_codes], [], args, tmp, args.warmup
                )
                bodies = [json.dumps({"code": c}) for c in run_codes]
                results["bare"].append(wrk(base, "/insert", bodies, [], args, tmp))
            with gunicorn(app_env, args.workers, tmp / "bintek.log", timeout=START_TIMEOUT) as base:
                warm = scan_bodies(warm_codes, prepared["session"])
                warm_oks += wrk(base, "/api/checkins", warm, prepared["tokens"], args, tmp, args.warmup)["ok"]
                bodies = scan_bodies(run_codes, prepared["session"])
                results["bintek"].append(wrk(base, "/api/checkins", bodies, prepared["tokens"], args, tmp))
        ok_total = warm_oks + sum(r["ok"] for r in results["bintek"])
        after = count_rows(url)
        # The storm: every connection scans the same ticket, each with its own scan id.
        with gunicorn(app_env, args.workers, tmp / "bintek.log", timeout=START_TIMEOUT) as base:
            bodies = scan_bodies([codes[-1]] * 2000, prepared["session"])
            wrk(
                base,
                "/api/checkins",
                scan_bodies(take(per_warmup), prepared["session"]),
                prepared["tokens"],
                args,
                tmp,
                duration=args.warmup,
            )
            storm = wrk(base, "/api/checkins", bodies, prepared["tokens"], args, tmp, duration=3)
        storm_rows = count_rows(url, codes[-1])["of_ticket"]
        if args.redis:
            import redis

            client = redis.Redis.from_url(args.redis)
            keys = list(client.scan_iter(f"{app_env['RATELIMIT_KEY_PREFIX']}*"))
            if keys:
                client.delete(*keys)
    return {
        "results": results,
        "ok_total": ok_total,
        "after": after,
        "storm": storm,
        "storm_rows": storm_rows,
    }


def summary(runs: list[dict], key: str, fmt: str = "{:.0f}") -> str:
    values = [r[key] for r in runs]
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class, for both sides")
    parser.add_argument("--worker-threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--duration", type=int, default=8, help="seconds per run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=2, help="seconds of load before each measured run")
    parser.add_argument(
        "--expect", type=int, default=2500, help="people per second of a run (distinct tickets)"
    )
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--redis", default=os.environ.get("BENCH_REDIS_URL"), help="rate limits in this Redis"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    kinds = [k.strip() for k in args.databases.split(",") if k.strip()]
    base_url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("BENCH_DATABASE_URL")
    if "postgresql" in kinds and (problem := postgres_problem(base_url)):
        sys.exit(problem)
    if args.redis and (problem := redis_problem(args.redis)):
        sys.exit(problem)

    load_before = os.getloadavg()[0]
    report = {kind: run_database(kind, args, base_url) for kind in kinds}
    print(
        f"\n{args.workers} gunicorn {args.worker_class} workers"
        f"{f' x {args.worker_threads} threads' if args.worker_class == 'gthread' else ''}, wrk {args.threads} threads x {args.connections} connections, "
        f"{args.duration} s per run, {args.repeat} runs alternating bare/bintek; rate limits in "
        f"{'Redis' if args.redis else 'memory'}; {os.cpu_count()} CPUs, load average "
        f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after. Median (min–max) of the runs."
    )
    for kind, data in report.items():
        bare, bintek = data["results"]["bare"], data["results"]["bintek"]
        for name, runs in (("bare Flask", bare), ("bintek", bintek)):
            print(
                f"{kind:10} {name:10} {summary(runs, 'per_second'):>20} req/s   p50 {summary(runs, 'p50', '{:.1f}'):>18} ms"
                f"   p99 {summary(runs, 'p99', '{:.1f}'):>20} ms   errors {sum(r['errors'] for r in runs)}"
                f" (429: {sum(r['http_429'] for r in runs)}, 5xx: {sum(r['http_5xx'] for r in runs)}, "
                f"socket: {sum(r['socket_errors'] for r in runs)})"
                + (
                    f"   ok {sum(r['ok'] for r in runs)}, other {sum(r['other'] for r in runs)}"
                    if name == "bintek"
                    else ""
                )
            )
        for name, runs in (("bare Flask", bare), ("bintek", bintek)):
            print(
                f"{kind:10} {name:10} CPU per request: server {summary(runs, 'cpu_server')} µs, database "
                f"{summary(runs, 'cpu_database')} µs, wrk {summary(runs, 'cpu_load')} µs"
            )
        ratios = [b["per_second"] / a["per_second"] for a, b in zip(bare, bintek)]
        after, storm = data["after"], data["storm"]
        print(
            f"{kind:10} ratio bintek / bare: median {statistics.median(ratios):.2f} (min {min(ratios):.2f}, "
            f"runs {', '.join(f'{r:.2f}' for r in ratios)})   [target >= 0.5, p99 <= 100 ms, 0 errors]"
        )
        print(
            f"{kind:10} rows afterwards: {after['rows']} for {data['ok_total']} answers ok (rows above it: scans "
            f"in flight when wrk stopped), "
            f"{after['twice']} people twice; storm on one ticket: {storm['requests']} scans, "
            f"{storm['ok']} ok, {storm['other']} other, {storm['errors']} errors, {data['storm_rows']} row(s)"
        )


if __name__ == "__main__":
    main()
