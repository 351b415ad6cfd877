"""The demo's letterhead: Kota Serang / Bappeda, with a neutral emblem drawn here (a shield with
a star, a roof and wavy water: no real coat of arms), and the PPTK as the daftar hadir's
"Mengetahui" signatory."""

from __future__ import annotations

import io
import math

from workshop.documents import letterhead
from workshop.events.models import Event
from workshop.extensions import db

KOP = {
    "kop_line1": "PEMERINTAH KOTA SERANG",
    "kop_line2": "BADAN PERENCANAAN PEMBANGUNAN DAERAH",
    "kop_line3": "Jl. Jenderal Sudirman No. 5, Serang, Banten 42111 · Telepon (0254) 200 123",
    "kop_line4": "Pos-el: bappeda@serangkota.go.id · Laman: bappeda.serangkota.go.id",
    "witness_position": "Pejabat Pelaksana Teknis Kegiatan",
    "witness_name": "Dedi Kurniawan, S.T., M.Si.",
    "witness_rank": "Penata Tingkat I (III/d)",
    "witness_nip": "198203142006041003",
}


def emblem_png(size: int = 480) -> bytes:
    """A neutral emblem: a green shield with a gold rim, a five-pointed star, a roof and waves."""
    from PIL import Image, ImageDraw

    scale = 4  # drawn large, then reduced: smooth edges
    s = size * scale
    image = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)

    def shield(inset: float) -> list[tuple[float, float]]:
        left, right, top = s * 0.1 + inset, s * 0.9 - inset, s * 0.06 + inset
        shoulder, tip = s * 0.55, s * 0.95 - inset
        points = [(left, top), (right, top), (right, shoulder)]
        for i in range(1, 20):  # the curved lower edge to the tip and back
            t = i / 20
            points.append(
                (right - (right - s / 2) * t, shoulder + (tip - shoulder) * math.sin(t * math.pi / 2))
            )
        points.append((s / 2, tip))
        for i in range(19, 0, -1):
            t = i / 20
            points.append(
                (left + (s / 2 - left) * t, shoulder + (tip - shoulder) * math.sin(t * math.pi / 2))
            )
        points.append((left, shoulder))
        return points

    draw.polygon(shield(0), fill=(201, 160, 42))
    draw.polygon(shield(s * 0.035), fill=(22, 101, 72))
    # a star
    cx, cy, outer, inner = s / 2, s * 0.27, s * 0.13, s * 0.055
    star = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        star.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(star, fill=(245, 205, 70))
    # a roof over a band
    draw.polygon([(s * 0.27, s * 0.56), (s / 2, s * 0.43), (s * 0.73, s * 0.56)], fill=(250, 250, 245))
    draw.rectangle([s * 0.32, s * 0.56, s * 0.68, s * 0.62], fill=(250, 250, 245))
    # waves
    for row in range(2):
        y0 = s * (0.7 + row * 0.07)
        points = [(s * 0.2 + x, y0 + s * 0.018 * math.sin(x / (s * 0.05))) for x in range(0, int(s * 0.6), 8)]
        draw.line(points, fill=(120, 190, 230), width=int(s * 0.022))
    image = image.resize((size, size), Image.LANCZOS)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def seed_letterhead(event: Event) -> bool:
    """Idempotent: does nothing once the event has a saved letterhead. True when it made one."""
    current = letterhead.get_document_settings(event)
    if db.session.get(type(current), event.id) is not None:
        return False
    letterhead.save_document_settings(event, KOP)
    letterhead.set_logo(event, emblem_png())
    return True
