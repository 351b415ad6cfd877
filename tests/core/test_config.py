import pytest

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
        create_app({"CONFIG_NAME": "production", "SECRET_KEY": None,
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db"})


def test_production_cookies_are_secure(tmp_path):
    app = create_app({"CONFIG_NAME": "production", "SECRET_KEY": "x" * 64,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]


@pytest.mark.parametrize("given, expected", [
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
])
def test_database_url_uses_psycopg_3(given, expected):
    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": given})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == expected
