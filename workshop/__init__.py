"""Bintek: runs government technical-training workshops from invitation to evidence."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

from config import configs

ROOT = Path(__file__).resolve().parent.parent
# The modules that have every part loaded at app creation: models.py, handlers.py, exports.py
# (workshop/core/exporters.py) and a blueprint. Each of those lists ends with them, in this order,
# so a new module of this kind is added here once.
FULL_MODULES = (
    "credentials",
    "honoraria",
    "minutes",
    "followup",
    "evaluations",
    "signatures",
    "letters",
)
MODEL_MODULES = (
    "auth",
    "events",
    "groups",
    "attendees",
    "agenda",
    "checkin",
    "certificates",
    "jobs",
    "documents",
    "lifecycle",
    *FULL_MODULES,
)
# Modules whose handlers.py connects receivers to the domain signals (workshop/core/signals.py).
HANDLER_MODULES = (
    "agenda",
    "attendees",
    "certificates",
    "checkin",
    "documents",
    "events",
    "groups",
    "jobs",
    *FULL_MODULES,
)


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=instance_path or os.environ.get("BINTEK_INSTANCE_PATH") or str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    config_name = (test_config or {}).get("CONFIG_NAME") or os.environ.get("BINTEK_CONFIG", "development")
    app.config.from_object(configs[config_name])
    app.config.from_pyfile("config.py", silent=True)
    if test_config:
        app.config.from_mapping(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    _configure_secret_key(app)
    _configure_database(app)
    _configure_rate_limits(app)
    from workshop.checkin.fastlane import ScanFastLane

    app.wsgi_app = ScanFastLane(app, app.wsgi_app)  # inside ProxyFix: it sees the client's address
    _configure_proxy(app)
    _configure_url_converters(app)

    from workshop.core import assets, compression, errors, i18n, inputs, labels, logs, security, sessions
    from workshop.extensions import babel, compress, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    compression.init_app(app, compress)
    limiter.init_app(app)
    i18n.init_app(app, babel)
    labels.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    logs.init_app(app)
    inputs.init_app(app)
    assets.init_app(app)
    sessions.init_app(app)

    # Every model module is imported before the first request so the mappers are complete
    # (and Alembic's autogenerate sees every table).
    import importlib

    for module in MODEL_MODULES:
        importlib.import_module(f"workshop.{module}.models")
    for module in HANDLER_MODULES:
        importlib.import_module(f"workshop.{module}.handlers")
    from workshop import demo
    from workshop.agenda import bp as agenda_bp
    from workshop.attendees import bp as attendees_bp
    from workshop.attendees import cli as attendees_cli
    from workshop.auth import bp as auth_bp
    from workshop.auth import cli as auth_cli
    from workshop.certificates import bp as certificates_bp
    from workshop.certificates import cli as certificates_cli
    from workshop.checkin import bp as checkin_bp
    from workshop.checkin import cli as checkin_cli
    from workshop.core import (
        audit,  # noqa: F401  (registers the audit listener)
        exporters,
    )
    from workshop.core.views import bp as core_bp
    from workshop.credentials import cli as credentials_cli
    from workshop.documents import bp as documents_bp
    from workshop.documents import cli as documents_cli
    from workshop.evaluations import cli as evaluations_cli
    from workshop.events import bp as events_bp
    from workshop.followup import agency as _followup_agency  # noqa: F401  (routes)
    from workshop.groups import api as _groups_api  # noqa: F401  (routes)
    from workshop.groups import bp as groups_bp
    from workshop.groups import views as _groups_views  # noqa: F401  (routes)
    from workshop.jobs import bp as jobs_bp
    from workshop.lifecycle import bp as lifecycle_bp
    from workshop.lifecycle import cli as lifecycle_cli
    from workshop.registration import bp as registration_bp
    from workshop.signatures import cli as signatures_cli

    app.register_blueprint(core_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(attendees_bp)
    app.register_blueprint(registration_bp)
    app.register_blueprint(agenda_bp)
    app.register_blueprint(checkin_bp)
    app.register_blueprint(documents_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(jobs_bp)
    app.register_blueprint(groups_bp)
    app.register_blueprint(lifecycle_bp)
    for module in FULL_MODULES:
        app.register_blueprint(importlib.import_module(f"workshop.{module}").bp)

    auth_cli.init_app(app)
    attendees_cli.init_app(app)
    checkin_cli.init_app(app)
    documents_cli.init_app(app)
    certificates_cli.init_app(app)
    lifecycle_cli.init_app(app)
    credentials_cli.init_app(app)
    evaluations_cli.init_app(app)
    signatures_cli.init_app(app)  # adds "sign" to the certificates group
    demo.init_app(app)
    exporters.init_app(app)  # each module's exports.py registers its documents
    warm_up(app)
    return app


def warm_up(app: Flask) -> None:
    """What a process would otherwise do on its first request, done at app creation: gunicorn's
    master loads the app once (preload_app) and forks every worker from it, so a worker that
    replaces one recycled after max_requests starts ready. Configuring the ORM's mappers alone
    took about 95 ms of CPU in each new worker's first request (the p99 of issue 17)."""
    from sqlalchemy.orm import configure_mappers

    from workshop.checkin.services import prepare_hot_path
    from workshop.extensions import db

    configure_mappers()
    with app.app_context():
        prepare_hot_path(db.engine.dialect)


def _configure_secret_key(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if app.config.get("REQUIRE_REAL_SECRET"):
        raise RuntimeError(
            "SECRET_KEY is not set. Production needs a real secret: set the SECRET_KEY environment "
            "variable or put SECRET_KEY = '...' in instance/config.py."
        )
    # First run in development: make a random key once and keep it in the instance folder,
    # so sessions survive restarts and no fixed key ships with the code.
    key_file = Path(app.instance_path) / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()


def _configure_rate_limits(app: Flask) -> None:
    """Rate limits and login throttling live where every worker sees them: Redis when
    configured (RATELIMIT_STORAGE_URI, else REDIS_URL), else this process's memory."""
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config.get("REDIS_URL") or "memory://"


def _configure_url_converters(app: Flask) -> None:
    """<int:...> in every route stops at the largest database integer: /attendees/99999999999999
    is a 404, not a database error (PostgreSQL refuses to compare an int4 with it)."""
    from werkzeug.routing import IntegerConverter

    from workshop.core.db import MAX_DB_INT

    class DatabaseIdConverter(IntegerConverter):
        def __init__(self, url_map, *args, **kwargs):
            kwargs.setdefault("max", MAX_DB_INT)
            super().__init__(url_map, *args, **kwargs)

    app.url_map.converters["int"] = DatabaseIdConverter


def _configure_proxy(app: Flask) -> None:
    """Behind a TLS proxy the client's address, scheme and host come from X-Forwarded-*; trust
    exactly PROXY_HOPS proxies (more would let a client forge its address)."""
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _configure_database(app: Flask) -> None:
    uri = app.config.get("SQLALCHEMY_DATABASE_URI")
    if not uri:
        uri = "sqlite:///" + str(Path(app.instance_path) / "bintek.db")
    elif uri.startswith("postgres://"):
        uri = "postgresql+psycopg://" + uri[len("postgres://") :]
    elif uri.startswith("postgresql://"):
        uri = "postgresql+psycopg://" + uri[len("postgresql://") :]
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    if uri.startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {}
