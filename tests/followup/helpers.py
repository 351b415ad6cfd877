"""An event whose two cluster groups adopted their RTL: three rows for three agencies (one named
with an alias, one with a partner after a comma), each followed up with two checkpoints."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

from PIL import Image

from tests.conftest import make_attendee, make_event, make_user
from workshop.core.db import utcnow
from workshop.extensions import db


@dataclass
class Followed:
    slug: str
    token: str  # the link of Dinas Kesehatan
    other_token: str  # the link of Dinas Sosial
    reports: dict  # activity -> report id at the first checkpoint
    checkpoints: list[int]
    organiser_id: int


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 50, 50)).save(out, "PNG")
    return out.getvalue()


def followed_event(app, organiser=None) -> Followed:
    from workshop.followup import services
    from workshop.groups.models import Group, RtlRow

    with app.app_context():
        organiser = organiser or make_user("panitia@serang.go.id", "Siti Panitia")
        event = make_event(
            organiser,
            slug="kla-followed",
            starts_on=date.today() - timedelta(days=3),
            ends_on=date.today() - timedelta(days=2),
        )
        make_attendee(event)  # of "Dinas Kesehatan Kota Serang": the event knows that institution
        rows = {
            "I": [("Sosialisasi akta kelahiran", "Dinkes", 4, 9_000_000)],
            "II": [
                ("Pelatihan pengasuhan", "Dinas Sosial Kota Serang", 10, 14_000_000),
                ("Konseling pranikah", "DP3AKB, Dinas Kesehatan", 7, 5_000_000),
            ],
        }
        for position, (cluster, items) in enumerate(rows.items()):
            group = Group(
                event_id=event.id,
                name=f"Klaster {cluster}",
                cluster=cluster,
                position=position,
                adopted_at=utcnow(),
                chair_name="Ketua",
                output_status="locked",
            )
            db.session.add(group)
            db.session.flush()
            for n, (activity, responsible, indicator, budget) in enumerate(items):
                db.session.add(
                    RtlRow(
                        event_id=event.id,
                        group_id=group.id,
                        client_id=f"{cluster}-{n}",
                        position=n,
                        activity=activity,
                        responsible=responsible,
                        kla_indicator=indicator,
                        budget=budget,
                        target="Warga",
                    )
                )
        db.session.flush()
        checkpoints = services.set_up(event)
        agencies = {a.name: a for a in services.agencies_of(event)}
        until = date.today() + timedelta(days=30)
        token = services.issue_link(agencies["Dinas Kesehatan"], event, until)
        other = services.issue_link(agencies["Dinas Sosial"], event, until)
        reports = services.reports_by_row(checkpoints[0])
        by_activity = {line.rtl.activity: reports[line.row.id].id for line in services.lines(event)}
        db.session.commit()
        return Followed(event.slug, token, other, by_activity, [c.id for c in checkpoints], organiser.id)
