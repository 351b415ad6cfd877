"""/healthz: 200 when the database answers and every migration is applied, else 503."""

from flask_migrate import upgrade

from workshop import create_app
from workshop.extensions import db


def test_healthy_when_the_database_is_at_the_newest_migration(app, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok" and response.json["migrations"] == "current"
    assert response.headers["Cache-Control"] == "no-store"


def test_a_freshly_migrated_database_is_healthy(tmp_path):
    app = create_app(
        {"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.db'}"},
        instance_path=str(tmp_path),
    )
    with app.app_context():
        upgrade()
    assert app.test_client().get("/healthz").status_code == 200
    with app.app_context():
        db.engine.dispose()


def test_unhealthy_when_migrations_are_missing(tmp_path):
    app = create_app(
        {"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'h.db'}"},
        instance_path=str(tmp_path),
    )
    with app.app_context():
        db.create_all()  # tables, but no migration recorded
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "ok" and response.json["migrations"] == "behind"
    with app.app_context():
        db.engine.dispose()


def test_unhealthy_when_the_database_is_unreachable(tmp_path):
    # Nothing listens on port 1: the connection is refused at once.
    app = create_app(
        {
            "CONFIG_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2",
        },
        instance_path=str(tmp_path),
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unreachable"}
