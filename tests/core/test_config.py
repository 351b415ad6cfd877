import pytest

from tests.conftest import redis_url
from workshop import create_app


def test_first_run_writes_a_random_secret_key_and_keeps_it(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    settings = {"CONFIG_NAME": "development", "SECRET_KEY": None, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    app = create_app(settings, instance_path=str(tmp_path))
    key_file = tmp_path / "secret_key"
    stored = key_file.read_text().strip()
    assert app.config["SECRET_KEY"] == stored and len(stored) >= 64
    assert key_file.stat().st_mode & 0o077 == 0  # readable by the owner only
    assert create_app(settings, instance_path=str(tmp_path)).config["SECRET_KEY"] == stored
    other = tmp_path / "other"
    assert create_app(settings, instance_path=str(other)).config["SECRET_KEY"] != stored


def test_production_without_a_secret_refuses_to_start(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(
            {
                "CONFIG_NAME": "production",
                "SECRET_KEY": None,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db",
            }
        )


def test_production_cookies_are_secure(tmp_path):
    app = create_app(
        {
            "CONFIG_NAME": "production",
            "SECRET_KEY": "x" * 64,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db",
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]


@pytest.mark.parametrize(
    "given, expected",
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_database_url_uses_psycopg_3(given, expected):
    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": given})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == expected


def test_one_proxy_hop_gives_the_client_address_and_https(tmp_path):
    app = create_app(
        {"CONFIG_NAME": "testing", "PROXY_HOPS": 1, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db"}
    )

    @app.route("/_whoami")
    def whoami():
        from flask import request

        return {"ip": request.remote_addr, "scheme": request.scheme}

    seen = (
        app.test_client()
        .get(
            "/_whoami",
            headers={"X-Forwarded-For": "203.0.113.9, 10.0.0.5", "X-Forwarded-Proto": "https"},
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
        )
        .json
    )
    # One hop: the address the proxy saw (the last one), not what the client claimed before it.
    assert seen == {"ip": "10.0.0.5", "scheme": "https"}


def test_without_a_proxy_forwarded_headers_are_ignored(tmp_path):
    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db"})
    assert app.config["PROXY_HOPS"] == 0
    production = create_app(
        {
            "CONFIG_NAME": "production",
            "SECRET_KEY": "x" * 64,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/q.db",
        }
    )
    assert production.config["PROXY_HOPS"] == 1


def test_rate_limits_use_redis_when_redis_url_is_set(tmp_path):
    app = create_app(
        {
            "CONFIG_NAME": "development",
            "SECRET_KEY": "x" * 64,
            "RATELIMIT_STORAGE_URI": None,
            "REDIS_URL": redis_url(),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db",
        }
    )
    assert app.config["RATELIMIT_STORAGE_URI"] == redis_url()
    local = create_app(
        {
            "CONFIG_NAME": "development",
            "SECRET_KEY": "x" * 64,
            "RATELIMIT_STORAGE_URI": None,
            "REDIS_URL": None,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db",
        }
    )
    assert local.config["RATELIMIT_STORAGE_URI"] == "memory://"
