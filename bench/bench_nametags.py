"""Name tags: seconds to render N tags (A4, 8 per page, vector QR), against a baseline of the same
number of pages with only text drawn (what reportlab itself costs), in the same run.

    .venv/bin/python bench/bench_nametags.py --tags 1000
"""

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tags", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from workshop.attendees.nametags import NameTag, render_nametags

    tags = [
        NameTag(
            name=f"Dr. Ré Ölsen-Putri Ma'ruf, S.Pd.I., M.Si. {i}",
            institution="Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
            role="peserta",
            ticket_url=f"https://bintek.serangkota.go.id/t/{i:032d}",
            reg_label=f"{i:03d}",
            group="Klaster III – Kesehatan Dasar dan Kesejahteraan",
        )
        for i in range(args.tags)
    ]

    def baseline() -> None:
        canvas = Canvas(io.BytesIO(), pagesize=A4)
        for page in range((len(tags) + 7) // 8):
            for tag in tags[page * 8 : (page + 1) * 8]:
                canvas.drawString(50, 50, tag.name)
            canvas.showPage()
        canvas.save()

    def run(fn) -> list[float]:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return times

    base = run(baseline)
    ours = run(lambda: render_nametags(tags, "Bintek KLA"))
    try:
        import _rl_accel  # noqa: F401

        accel = "yes"
    except ImportError:
        accel = "no"
    print(f"tags={args.tags} rl_accel={accel}")
    print(f"baseline (text only): median {statistics.median(base):.2f} s")
    print(f"name tags:            median {statistics.median(ours):.2f} s (min {min(ours):.2f})")
    print(f"ratio: {statistics.median(ours) / statistics.median(base):.1f}x baseline")


if __name__ == "__main__":
    main()
