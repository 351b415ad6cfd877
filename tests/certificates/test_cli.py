"""flask certificates issue SLUG [--force] and flask certificates export SLUG OUT.zip."""

import zipfile

from sqlalchemy import select

from tests.certificates.conftest import pdf_text
from workshop.certificates.models import Certificate
from workshop.extensions import db


def test_issue_refuses_before_the_end_without_force_then_issues(app, runner, seeded):
    from workshop.certificates import services
    from workshop.events.models import Event

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == seeded["event"])).scalar_one()
        early = services.is_before_end(event)
    result = runner.invoke(args=["certificates", "issue", seeded["event"]])
    if early:
        assert result.exit_code != 0 and "--force" in result.output
    result = runner.invoke(args=["certificates", "issue", seeded["event"], "--force"])
    assert result.exit_code == 0, result.output
    assert "001/BINTEK-KLA/Bappeda/XI/2026" in result.output or not early
    with app.app_context():
        assert len(db.session.execute(select(Certificate)).scalars().all()) == 3
    again = runner.invoke(args=["certificates", "issue", seeded["event"], "--force"])
    assert "Nobody is due" in again.output


def test_export_writes_every_valid_certificate(app, runner, seeded, tmp_path):
    runner.invoke(args=["certificates", "issue", seeded["event"], "--force"])
    out = tmp_path / "sertifikat.zip"
    result = runner.invoke(args=["certificates", "export", seeded["event"], str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert len(names) == 3
        assert any("Ani Suryani" in pdf_text(archive.read(name))[0] for name in names)


def test_unknown_event(runner, app):
    result = runner.invoke(args=["certificates", "issue", "nope"])
    assert result.exit_code != 0 and "No event" in result.output
