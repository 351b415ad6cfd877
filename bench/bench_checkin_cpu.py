"""CPU per check-in scan in one process (issue 17): where a scan's time goes, without gunicorn,
wrk or other processes in the measure.

In a scratch database (as bench_checkin_load.py makes them: a temporary SQLite file, or a
PostgreSQL database ``bench_perf_<random>`` beside TEST_DATABASE_URL's, dropped afterwards), with
the app in its production configuration, each way of answering a scan is timed over the same
number of distinct tickets, ``--repeat`` times in turn; printed: CPU µs per scan (process time,
median and minimum) and wall µs per scan.

  bare         bench/baseline_insert_app.py's WSGI app: parse the body, one INSERT, commit
  direct       api.hot_scan: the rule and its statements on the pool's connection
  fast lane    the whole WSGI app with the fast lane (checkin/fastlane.py) answering
  flask        the whole WSGI app with CHECKIN_FAST_LANE off: the API view's hot path

    TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test \\
        .venv/bin/python bench/bench_checkin_cpu.py [--scans 500] [--repeat 3] [--databases sqlite,postgresql]

With BENCH_PROFILE set to one of the ways, a CPU profile of that way instead (BENCH_SORT=cumtime
for cumulative times).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def measure(prepared_file: str, scans: int, repeat: int) -> None:
    """In the child process (the app reads its configuration from the environment at import)."""
    import baseline_insert_app as bare
    from bench_checkin_load import scan_bodies
    from werkzeug.test import EnvironBuilder, run_wsgi_app

    import wsgi
    from workshop.checkin import api

    app = wsgi.app
    prepared = json.loads(Path(prepared_file).read_text())
    codes, tokens = prepared["codes"], prepared["tokens"]
    bodies = [scan_bodies([code], prepared["session"])[0] for code in codes]
    next_code = iter(range(len(codes)))

    def environ(path, body, token=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return EnvironBuilder(
            path=path, method="POST", data=body, headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"}
        ).get_environ()

    def through(wsgi_app, path, with_token):
        def one():
            n = next(next_code)
            env = environ(path, bodies[n], tokens[n % len(tokens)] if with_token else None)
            iterable, status, _headers = run_wsgi_app(wsgi_app, env)
            body = b"".join(iterable)
            assert status.startswith("200") and (not with_token or b'"ok"' in body), (status, body[:200])

        return one

    def direct():
        n = next(next_code)
        with app.app_context():
            assert api.hot_scan(tokens[n % len(tokens)], json.loads(bodies[n])) is not None

    def flask_only():
        app.config["CHECKIN_FAST_LANE"] = False
        try:
            through(app, "/api/checkins", True)()
        finally:
            app.config["CHECKIN_FAST_LANE"] = True

    ways = {
        "bare": through(bare.app, "/insert", False),
        "direct": direct,
        "fast lane": through(app, "/api/checkins", True),
        "flask": flask_only,
    }
    for one in ways.values():  # warm: connections, prepared statements, compiled queries
        for _ in range(20):
            one()
    if os.environ.get("BENCH_PROFILE"):  # e.g. BENCH_PROFILE="fast lane": CPU profile of one way
        import cProfile
        import pstats

        profiler = cProfile.Profile(time.process_time)
        one = ways[os.environ["BENCH_PROFILE"]]
        profiler.enable()
        for _ in range(scans):
            one()
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "tottime")).print_stats(40)
        return
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in ways}
    for _ in range(repeat):
        for name, one in ways.items():
            cpu, wall = time.process_time(), time.perf_counter()
            for _ in range(scans):
                one()
            results[name].append(
                ((time.process_time() - cpu) / scans * 1e6, (time.perf_counter() - wall) / scans * 1e6)
            )
    base = statistics.median(c for c, _w in results["bare"])
    for name, runs in results.items():
        cpus, walls = [c for c, _w in runs], [w for _c, w in runs]
        print(
            f"  {name:10s} CPU {statistics.median(cpus):6.0f} µs/scan (min {min(cpus):5.0f})"
            f"   wall {statistics.median(walls):6.0f} µs/scan   CPU x bare {statistics.median(cpus) / base:4.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scans", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure(args.child[0], int(args.child[1]), int(args.child[2]))
        return
    import bench_checkin_load as load

    base_url = os.environ.get("TEST_DATABASE_URL")
    for kind in args.databases.split(","):
        if kind == "postgresql" and not base_url:
            print("postgresql: skipped (set TEST_DATABASE_URL)")
            continue
        with tempfile.TemporaryDirectory() as tmp, load.scratch(kind, base_url, Path(tmp)) as url:
            people = args.scans * args.repeat * 4 + 200
            prepared = load.prepare(url, str(Path(tmp) / "instance"), people)
            prepared_file = Path(tmp) / "prepared.json"
            prepared_file.write_text(json.dumps(prepared))
            env = {
                **os.environ,
                "DATABASE_URL": url,
                "BINTEK_CONFIG": "production",
                "SECRET_KEY": uuid.uuid4().hex * 2,
                "BINTEK_INSTANCE_PATH": str(Path(tmp) / "instance"),
                "STORAGE_DIR": str(Path(tmp) / "storage"),
                "REQUEST_LOG": "0",
                "RATELIMIT_STORAGE_URI": "memory://",
            }
            print(f"{kind}: {args.scans} scans per way, {args.repeat} rounds, one process")
            sys.stdout.flush()
            subprocess.run(
                [sys.executable, __file__, "--child", str(prepared_file), str(args.scans), str(args.repeat)],
                env=env,
                check=True,
                cwd=ROOT,
            )


if __name__ == "__main__":
    main()
