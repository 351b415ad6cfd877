"""Name tags: seconds to render N tags (A4, 8 per page, vector QR), against a fair baseline in the
same run (alternating): a bare canvas drawing, for each tag, its name and institution in the same
embedded fonts (DejaVu Sans and Bold) and its QR with the same vector drawing, on the same pages
with the same compression: what reportlab and the QR cost without the layout (fitting, frames,
cutting marks). Prints medians with the minimum.

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

    from reportlab.lib.units import mm

    from workshop.core.pdf import FONT, FONT_BOLD, register_fonts
    from workshop.core.qr import draw_qr

    def baseline() -> None:
        register_fonts()
        canvas = Canvas(io.BytesIO(), pagesize=A4, pageCompression=1)
        width, height = A4
        for page in range((len(tags) + 7) // 8):
            for n, tag in enumerate(tags[page * 8 : (page + 1) * 8]):
                x, y = (n % 2) * width / 2 + 10 * mm, height - (n // 2 + 1) * height / 4 + 10 * mm
                canvas.setFont(FONT_BOLD, 14)
                canvas.drawString(x, y + 40 * mm, tag.name)
                canvas.setFont(FONT, 9)
                canvas.drawString(x, y + 33 * mm, tag.institution)
                draw_qr(canvas, tag.ticket_url, x, y, 28 * mm)
            canvas.showPage()
        canvas.save()

    def run(fn, times_: int) -> list[float]:
        times = []
        for _ in range(times_):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return times

    base, ours = [], []
    for _ in range(args.repeat):  # alternating: both see the same minutes of a shared machine
        base += run(baseline, 1)
        ours += run(lambda: render_nametags(tags, "Bintek KLA"), 1)
    try:
        import _rl_accel  # noqa: F401

        accel = "yes"
    except ImportError:
        accel = "no"
    print(f"tags={args.tags} rl_accel={accel}")
    print(
        f"baseline (same fonts, text and QR, bare canvas): median {statistics.median(base):.2f} s (min {min(base):.2f})"
    )
    print(
        f"name tags:                                       median {statistics.median(ours):.2f} s (min {min(ours):.2f})"
    )
    print(
        f"ratio: {statistics.median(ours) / statistics.median(base):.2f}x baseline (medians; minimums {min(ours) / min(base):.2f}x)"
    )


if __name__ == "__main__":
    main()
