"""The follow-up module's rows of the authorisation matrix (see tests/matrix.py).

Organiser pages and actions: organisers (and admins) only; the actions answer with a redirect back
(the matrix sends no form fields). The agency's link pages answer whoever holds a valid link (the
link is the key: no account); with any other token they answer 404 (tests/followup/test_followup.py).
The autosave (PATCH) gets no JSON body from the matrix: 400."""

from tests.groups.routes import ORGANISER_POST
from tests.matrix import ORGANISERS_ONLY

PREFIX = "/manage/events/{event}/followup"

ROUTES = {
    "followup.manage": ("GET", f"{PREFIX}/", ORGANISERS_ONLY),
    "followup.setup": ("POST", f"{PREFIX}/setup", ORGANISER_POST),
    "followup.checkpoint_add": ("POST", f"{PREFIX}/checkpoints", ORGANISER_POST),
    "followup.checkpoint_move": ("POST", f"{PREFIX}/checkpoints/{{followup_checkpoint}}", ORGANISER_POST),
    "followup.checkpoint_delete": (
        "POST",
        f"{PREFIX}/checkpoints/{{followup_checkpoint}}/delete",
        ORGANISER_POST,
    ),
    "followup.row_agency": ("POST", f"{PREFIX}/rows/{{followup_row}}/agency", ORGANISER_POST),
    "followup.link_create": ("POST", f"{PREFIX}/agencies/{{followup_agency}}/link", ORGANISER_POST),
    "followup.link_revoke": ("POST", f"{PREFIX}/agencies/{{followup_agency}}/revoke", ORGANISER_POST),
    "followup.monitoring_page": ("GET", f"{PREFIX}/monitoring", ORGANISERS_ONLY),
    "followup.report_pdf_view": (
        "GET",
        f"{PREFIX}/checkpoints/{{followup_checkpoint}}/report.pdf",
        ORGANISERS_ONLY,
    ),
    "followup.report_docx_view": (
        "GET",
        f"{PREFIX}/checkpoints/{{followup_checkpoint}}/report.docx",
        ORGANISERS_ONLY,
    ),
    "followup.evidence_file": ("GET", f"{PREFIX}/evidence/{{followup_evidence}}", ORGANISERS_ONLY),
    "followup.agency_page": ("GET", "/f/{followup_token}", {"*": 200}),
    "followup.agency_save": ("PATCH", "/api/followup/{followup_token}/reports/{followup_report}", {"*": 400}),
    "followup.agency_evidence_add": (
        "POST",
        "/f/{followup_token}/reports/{followup_report}/evidence",
        {"*": 302},
    ),
    "followup.agency_evidence": ("GET", "/f/{followup_token}/evidence/{followup_evidence}", {"*": 200}),
    "followup.agency_evidence_delete": (
        "POST",
        "/f/{followup_token}/evidence/{followup_evidence}/delete",
        {"*": 302},
    ),
}


def extra_url_values(app, world) -> dict:
    """Group I's RTL row (tests/groups/routes.py) names Dinas Kesehatan and is adopted; the
    follow-up is set up, Dinas Kesehatan has a link and one evidence photo."""
    import io
    from datetime import date, timedelta

    from sqlalchemy import select

    from tests.followup.helpers import png_bytes
    from workshop.core.db import utcnow
    from workshop.events.models import Event
    from workshop.extensions import db
    from workshop.followup import evidence, services
    from workshop.groups.models import Group, RtlRow

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        row = db.session.execute(select(RtlRow).where(RtlRow.event_id == event.id)).scalars().first()
        row.responsible = "Dinas Kesehatan Kota Serang"
        db.session.get(Group, row.group_id).adopted_at = utcnow()
        db.session.flush()
        checkpoints = services.set_up(event)
        line = services.lines(event)[0]
        token = services.issue_link(line.agency, event, date.today() + timedelta(days=30))
        report = services.reports_by_row(checkpoints[0])[line.row.id]
        item = evidence.add_evidence(report, io.BytesIO(png_bytes()), "foto.png")
        db.session.commit()
        return {
            "followup_checkpoint": checkpoints[-1].id,
            "followup_row": line.row.id,
            "followup_agency": line.agency.id,
            "followup_token": token,
            "followup_report": report.id,
            "followup_evidence": item.id,
        }
