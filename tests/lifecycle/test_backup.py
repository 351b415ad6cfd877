"""flask backup OUT / flask restore IN: a SQLite backup taken while the app runs, restored into
an empty database, holds the data; restoring over data needs --force; PostgreSQL points at
pg_dump."""

import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text

from tests.conftest import PG_URL, make_attendee, make_event, make_user, pg_url
from workshop import create_app
from workshop.attendees.models import Attendee
from workshop.extensions import db


def _app(path):
    return create_app(
        {"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"},
        instance_path=str(path.parent),
    )


def test_backup_wipe_restore_round_trip(tmp_path):
    app = _app(tmp_path / "live.db")
    with app.app_context():
        upgrade()
        event = make_event(make_user("panitia@serang.go.id"), slug="kla-serang")
        make_attendee(event)
        db.session.commit()
    runner = app.test_cli_runner()
    backup = tmp_path / "backup.db"
    result = runner.invoke(args=["backup", str(backup)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["backup", str(backup)]).exit_code != 0  # never overwrites silently

    # Refused over a database that holds data.
    refused = runner.invoke(args=["restore", str(backup)])
    assert refused.exit_code != 0 and "--force" in refused.output

    # Wipe: every row gone, then the restore brings them back.
    with app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        assert db.session.execute(select(Attendee)).first() is None
        db.session.remove()
    result = runner.invoke(args=["restore", str(backup)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        person = db.session.execute(select(Attendee)).scalar_one()
        assert person.full_name == "Muh. Ma'ruf, S.Pd.I." and person.phone == "+6281234567890"
        assert db.session.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        db.session.remove()
        db.engine.dispose()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    app = _app(tmp_path / "live.db")
    with app.app_context():
        upgrade()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    result = app.test_cli_runner().invoke(args=["restore", str(junk)])
    assert result.exit_code != 0 and "not a SQLite backup" in result.output
    with app.app_context():
        db.engine.dispose()


@pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")
def test_postgresql_backups_point_at_pg_dump(tmp_path):
    app = create_app(
        {"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": pg_url()}, instance_path=str(tmp_path)
    )
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "x.db")])
    assert result.exit_code != 0 and "pg_dump" in result.output
