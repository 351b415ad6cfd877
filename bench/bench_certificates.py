"""Certificates: how many a second, against the peer and the limit, and the 1,000-certificate ZIP.

    .venv/bin/pip install -c requirements.lock -e '.[bench]'     # WeasyPrint, for the peer
    .venv/bin/python bench/bench_certificates.py --count 300 --peer-count 30 --zip 1000

In one run, on a temporary SQLite database holding the demo event plus enough people:
  - ours:  the project's pipeline from the database to PDF bytes (certificates, settings,
           programme read from the database, then workshop.certificates.pdf), certificates/s;
  - peer:  the same content as HTML through WeasyPrint (the way Indico makes certificates);
  - limit: a bare reportlab canvas drawing the same text and the same QR, nothing else;
  - the ratios (medians of --repeat runs, with the minimum and maximum); then, --repeat times, the
    ZIP of --zip certificates (``write_zip``, as the export job does: rendered in a pool of processes
    sized to the machine, RENDER_PROCESSES overrides) in a fresh process: seconds and the peak
    memory of all its processes together (sum of PSS, sampled every 100 ms).
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASE_URL = "https://bintek.serangkota.go.id/"
# The demo holds two events (in progress and finished): the benchmark uses the first.
DEMO_SLUG = "bintek-kla-serang"  # workshop.demo.DEMO_SLUG
# Certificates per CPU-second of each run: steadier than wall time on a shared machine.
CPU_RATES: dict[str, list[float]] = {}


def make_app(folder: Path):
    from workshop import create_app

    return create_app(
        {
            "CONFIG_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
            "STORAGE_DIR": str(folder / "storage"),
        },
        instance_path=str(folder),
    )


def seed(app, people: int) -> None:
    """The demo event, its certificates, and synthetic participants up to ``people`` certificates."""
    from datetime import date

    from workshop.attendees.models import Attendee
    from workshop.certificates import services
    from workshop.core.audit import acting_as
    from workshop.demo import seed_demo
    from workshop.extensions import db
    from workshop.signatures import services as signing

    with app.app_context():
        db.create_all()
        with acting_as("bench"):
            event, _ = seed_demo(today=date(2026, 11, 18))
            # The demo signs its certificates at issue; the ZIP measured here renders them (a signed
            # copy would only be read back from storage), so signing is switched off first.
            signing.stop_signing(event)
            settings = services.stored_settings(event)
            settings.role_shares = {role: 0 for role in services.ROLES}  # everyone is eligible
            have = db.session.query(Attendee).filter_by(event_id=event.id).count()
            institutions = [
                "Dinas Kesehatan",
                "Dinas Pendidikan dan Kebudayaan",
                "Dinas Sosial",
                "Bappeda",
                "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
            ]
            for i in range(max(0, people - have)):
                db.session.add(
                    Attendee(
                        event_id=event.id,
                        reg_number=1000 + i,
                        ticket_code=secrets.token_urlsafe(24),
                        role="peserta",
                        status="registered",
                        source="import",
                        full_name=f"Dr. Ré Ölsen-Putri Ma'ruf, S.Pd.I., M.Si. {i}",
                        gender="P",
                        category="PNS",
                        nip=f"19860926{201505 + i % 12:06d}2{i % 1000:03d}",
                        golongan="III/c",
                        position="Analis Kebijakan Ahli Muda",
                        institution_text=institutions[i % 5],
                        group_id=None,
                        bio="",
                    )
                )
            db.session.flush()
            services.issue_due(event, force=True)
            db.session.commit()


def load_docs(app, count: int):
    """(docs, assets) for ``count`` certificates, as the pipeline builds them."""
    from workshop.certificates import services
    from workshop.events.models import Event
    from workshop.extensions import db

    with app.test_request_context():
        event = db.session.query(Event).filter_by(slug=DEMO_SLUG).one()
        settings = services.get_settings(event)
        programme = services.Programme(event)
        groups = dict(db.session.query(services.Attendee.id, services.Attendee.group_id).all())
        docs = [
            services.certificate_doc(event, settings, c, "id", BASE_URL, programme, groups.get(c.attendee_id))
            for c in services.issued(event)[:count]
        ]
        return docs, services.load_assets(settings)


def ours(app, count: int) -> float:
    """Database to PDF bytes: read the certificates and what they need, build and render each."""
    from workshop.certificates import pdf, services
    from workshop.events.models import Event
    from workshop.extensions import db

    with app.test_request_context():
        db.session.expire_all()
        start, cpu = time.perf_counter(), time.process_time()
        event = db.session.query(Event).filter_by(slug=DEMO_SLUG).one()
        settings = services.get_settings(event)
        assets = services.load_assets(settings)
        programme = services.Programme(event)
        groups = dict(db.session.query(services.Attendee.id, services.Attendee.group_id).all())
        total = 0
        for certificate in services.issued(event)[:count]:
            doc = services.certificate_doc(
                event, settings, certificate, "id", BASE_URL, programme, groups.get(certificate.attendee_id)
            )
            total += len(pdf.render(doc, assets))
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        db.session.remove()
    CPU_RATES.setdefault("ours", []).append(count / cpu)
    return count / elapsed


PEER_TEMPLATE = """<!doctype html><html lang="id"><head><meta charset="utf-8"><style>
@font-face { font-family: DejaVu; src: url("{{ font }}"); }
@font-face { font-family: DejaVu; font-weight: bold; src: url("{{ font_bold }}"); }
@page { size: A4 landscape; margin: 0; }
body { font-family: DejaVu; margin: 0; }
.page { width: 297mm; height: 210mm; box-sizing: border-box; padding: 20mm 17mm; position: relative;
        border: 3pt double #1f4a7d; text-align: center; page-break-after: always; }
h1 { color: #1f4a7d; font-size: 34pt; margin: 10mm 0 2mm; }
.name { font-size: 24pt; font-weight: bold; margin: 2mm 0; }
.small { font-size: 10.5pt; margin: 1mm 0; }
.title { font-size: 15pt; font-weight: bold; }
.qr { position: absolute; left: 17mm; bottom: 20mm; width: 28mm; text-align: center; font-size: 8pt; }
.qr svg { width: 28mm; height: 28mm; }
.sign { position: absolute; right: 25mm; bottom: 25mm; width: 80mm; font-size: 10pt; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; text-align: left; }
td, th { padding: 1mm; border-bottom: .5pt solid #999; }
</style></head><body>
<div class="page">
 <h1>{{ d.heading }}</h1><p class="small">{{ d.number_line }}</p><p>{{ d.given_to }}</p>
 <p class="name">{{ d.name }}</p>{% for line in d.details %}<p class="small">{{ line }}</p>{% endfor %}
 <p><b>{{ d.role_line }}</b></p><p>{{ d.attended }}</p><p class="title">{{ d.event_title }}</p>
 <p class="small">{{ d.body }}</p>
 <div class="qr">{{ qr }}<br><b>{{ d.code }}</b></div>
 <div class="sign">{% if d.signing %}{{ d.signing.place_and_date }}{% for s, lead in d.signing.columns() %}<p>{{ s.position }}<br><br><br><b><u>{{ s.name }}</u></b><br>{{ s.id_line }}</p>{% endfor %}{% endif %}</div>
</div>
<div class="page"><h2>{{ d.programme_heading }}</h2><p>{{ d.event_title }}</p>
 <table><tr>{% for h in d.programme_headers %}<th>{{ h }}</th>{% endfor %}</tr>
 {% for r in d.programme %}<tr><td>{{ loop.index }}</td><td>{{ r.title }}</td><td>{{ r.speakers }}</td><td>{{ r.jp }}</td></tr>{% endfor %}
 <tr><td></td><td><b>{{ d.total_label }}</b></td><td></td><td><b>{{ d.total_jp }}</b></td></tr></table></div>
</body></html>"""


def peer(docs) -> float | None:
    try:
        import weasyprint
    except ImportError:
        return None
    from jinja2 import Template

    from workshop.core.pdf import FONT_DIR
    from workshop.core.qr import qr_svg

    template = Template(PEER_TEMPLATE, autoescape=True)
    fonts = {
        "font": (FONT_DIR / "DejaVuSans.ttf").as_uri(),
        "font_bold": (FONT_DIR / "DejaVuSans-Bold.ttf").as_uri(),
    }
    weasyprint.HTML(
        string=template.render(d=docs[0], qr=qr_svg(docs[0].qr_url), **fonts)
    ).write_pdf()  # warm up
    start = time.perf_counter()
    for doc in docs:
        html = template.render(d=doc, qr=qr_svg(doc.qr_url), **fonts)
        weasyprint.HTML(string=html).write_pdf()
    return len(docs) / (time.perf_counter() - start)


def limit(docs) -> float:
    """A bare canvas: the same strings and QR, two pages, fonts embedded; no fitting, no images."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    from workshop.core.pdf import FONT, FONT_BOLD, register_fonts
    from workshop.core.qr import draw_qr

    register_fonts()
    width, height = landscape(A4)
    start, cpu = time.perf_counter(), time.process_time()
    for doc in docs:
        canvas = Canvas(io.BytesIO(), pagesize=(width, height))
        y = height - 80
        for text, font, size in [
            (doc.heading, FONT_BOLD, 34),
            (doc.number_line, FONT, 11),
            (doc.given_to, FONT, 12),
            (doc.name, FONT_BOLD, 24),
            *[(d, FONT, 10.5) for d in doc.details],
            (doc.role_line, FONT_BOLD, 13),
            (doc.attended, FONT, 11),
            (doc.event_title, FONT_BOLD, 15),
            (doc.body, FONT, 9),
        ]:
            canvas.setFont(font, size)
            canvas.drawCentredString(width / 2, y, text)
            y -= size * 1.5
        if doc.signing is not None:
            canvas.drawString(560, 170, doc.signing.place_and_date)
            for signer, _lead in doc.signing.columns():
                canvas.drawString(560, 150, signer.position)
                canvas.drawString(560, 90, signer.name)
                canvas.drawString(560, 80, signer.id_line)
        draw_qr(canvas, doc.qr_url, 50, 58, 78)
        canvas.drawString(50, 48, doc.code)
        canvas.showPage()
        y = height - 80
        canvas.setFont(FONT, 9)
        for row in doc.programme:
            canvas.drawString(60, y, row.title)
            canvas.drawString(500, y, row.speakers)
            canvas.drawString(760, y, str(row.jp))
            y -= 12
        canvas.showPage()
        canvas.save()
    CPU_RATES.setdefault("limit", []).append(len(docs) / (time.process_time() - cpu))
    return len(docs) / (time.perf_counter() - start)


class MemorySampler:
    """Peak of the memory all processes of this tree hold together, sampled every 100 ms: the sum
    of their PSS (proportional set size: pages shared between the forked renderers are counted
    once in total, not once per process), from /proc (Linux)."""

    def __init__(self):
        import threading

        self.peak_pss = 0.0
        self.peak_rss_sum = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _tree(pid: int) -> list[int]:
        pids, todo = [], [pid]
        while todo:
            current = todo.pop()
            pids.append(current)
            try:
                for tid in os.listdir(f"/proc/{current}/task"):
                    with open(f"/proc/{current}/task/{tid}/children") as f:
                        todo.extend(int(p) for p in f.read().split())
            except OSError:
                continue
        return pids

    @staticmethod
    def _field(pid: int, name: str) -> float:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith(name + ":"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def _run(self):
        while not self._stop.wait(0.1):
            pids = self._tree(os.getpid())
            self.peak_pss = max(self.peak_pss, sum(self._field(p, "Pss") for p in pids))
            self.peak_rss_sum = max(self.peak_rss_sum, sum(self._field(p, "Rss") for p in pids))

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def zip_child(folder: str, count: int) -> None:
    """In a fresh process: the ZIP of ``count`` certificates (rendered on every core, as the export
    job does); prints seconds, the peak memory of all its processes, and its own max RSS."""
    from workshop.certificates import services
    from workshop.core.parallel import available_cpus
    from workshop.events.models import Event
    from workshop.extensions import db

    app = make_app(Path(folder))
    with app.test_request_context(), MemorySampler() as memory:
        cpu_before = _cpu()
        start = time.perf_counter()
        event = db.session.query(Event).filter_by(slug=DEMO_SLUG).one()
        with tempfile.TemporaryFile() as target:
            written = services.write_zip(event, target, BASE_URL)
            size = target.tell()
        elapsed = time.perf_counter() - start
        own, children = (after - before for after, before in zip(_cpu(), cpu_before))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"ZIP {written} {elapsed:.2f} {memory.peak_pss:.0f} {memory.peak_rss_sum:.0f} {peak:.0f} {size} "
        f"{available_cpus()} {own:.2f} {children:.2f}"
    )


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process and of its finished children (the renderers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def spread(values: list[float], fmt: str = "{:.1f}") -> str:
    return f"{fmt.format(statistics.median(values))} (min {fmt.format(min(values))}, max {fmt.format(max(values))})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=300, help="certificates for ours and the limit")
    parser.add_argument("--peer-count", type=int, default=30, help="certificates through WeasyPrint")
    parser.add_argument("--zip", type=int, default=1000, help="certificates in the ZIP")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--zip-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.zip_child:
        zip_child(args.zip_child[0], int(args.zip_child[1]))
        return

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        app = make_app(folder)
        seed(app, max(args.count, args.zip))
        docs, _assets = load_docs(app, args.count)
        ours_rates, limit_rates = [], []
        for _ in range(args.repeat):  # alternating, so both see the same minutes of a shared machine
            ours_rates.append(ours(app, args.count))
            limit_rates.append(limit(docs))
        peer_rate = peer(docs[: args.peer_count])
        ours_rate, limit_rate = statistics.median(ours_rates), statistics.median(limit_rates)
        print(
            f"certificates: {args.count} (peer: {args.peer_count}), 2 pages each, fonts embedded; "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; median (min, max) of {args.repeat} runs"
        )
        print(f"ours  (database -> PDF bytes, one process): {spread(ours_rates)} certificates/s")
        if peer_rate is None:
            print("peer  (HTML -> WeasyPrint):    not installed (pip install -e '.[bench]')")
        else:
            print(f"peer  (HTML -> WeasyPrint):    {peer_rate:7.1f} certificates/s")
        print(f"limit (bare reportlab canvas, one process): {spread(limit_rates)} certificates/s")
        if peer_rate:
            print(f"ours / peer:  {ours_rate / peer_rate:.1f}x")
        print(
            f"per CPU-second: ours {spread(CPU_RATES['ours'])}, limit {spread(CPU_RATES['limit'])}, "
            f"ours / limit {statistics.median(CPU_RATES['ours']) / statistics.median(CPU_RATES['limit']):.2f}"
        )
        print(
            f"ours / limit: {ours_rate / limit_rate:.2f} (runs: {', '.join(f'{o / b:.2f}' for o, b in zip(ours_rates, limit_rates))})"
        )
        zips = []
        for _ in range(args.repeat):
            result = subprocess.run(
                [sys.executable, __file__, "--zip-child", str(folder), str(args.zip)],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ},
            )
            zips.append(result.stdout.strip().splitlines()[-1].split()[1:])
        seconds = [float(z[1]) for z in zips]
        pss = [float(z[2]) for z in zips]
        rss_sum = [float(z[3]) for z in zips]
        own_cpu = [float(z[7]) for z in zips]
        render_cpu = [float(z[8]) for z in zips]
        print(
            f"ZIP of {zips[0][0]} certificates on {zips[0][6]} processes: {spread(seconds, '{:.2f}')} s; "
            f"peak memory of all processes together {spread(pss, '{:.0f}')} MB (PSS; the sum of their RSS, "
            f"counting shared pages once per process: {spread(rss_sum, '{:.0f}')} MB); {int(zips[0][5]) / 1e6:.1f} MB"
        )
        print(
            f"ZIP CPU: main process {spread(own_cpu, '{:.2f}')} s, renderers {spread(render_cpu, '{:.2f}')} s in all: "
            f"on {zips[0][6]} free cores about "
            f"{statistics.median([max(o, (o + r) / int(zips[0][6])) for o, r in zip(own_cpu, render_cpu)]):.1f} s"
        )


if __name__ == "__main__":
    main()
