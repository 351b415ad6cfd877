"""Configuration classes.

Defaults live here; secrets come from the environment or from ``instance/config.py``
(loaded by ``create_app``). Pick a class with ``BINTEK_CONFIG`` (development, production, testing).
"""

import os


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # None: create_app() fills in a SQLite file inside the instance folder.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    # No pool_pre_ping: connections idle for a while are pinged on checkout instead (core/pool.py).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}

    # CSRF tokens are tied to the login session, not to a clock: a scanner or autosave page
    # stays open for a whole working day.
    WTF_CSRF_TIME_LIMIT = None
    WTF_CSRF_ENABLED = True

    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    LANGUAGES = ("id", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PREFERRED_URL_SCHEME = "http"

    # Flask-Limiter: memory in development, Redis in production (shared by every worker):
    # RATELIMIT_STORAGE_URI, else REDIS_URL (see create_app), else this process's memory.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI")
    # Several deployments (or test runs) may share one Redis: every key starts with this.
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "bintek")
    RATELIMIT_HEADERS_ENABLED = True
    # A whole venue shares one public IP, so the per-IP limit is generous; accounts are
    # throttled on their own (see auth.services).
    LOGIN_IP_LIMIT = "120 per minute"
    LOGIN_ACCOUNT_MAX_FAILURES = 5
    LOGIN_ACCOUNT_WINDOW_SECONDS = 15 * 60

    INVITATION_VALID_DAYS = 7
    PASSWORD_HASH_METHOD = "scrypt"
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_STREAMS = False
    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/svg+xml",
        "text/csv",
        "text/calendar",
        "application/wasm",
    ]
    MIN_PASSWORD_LENGTH = 12

    STORAGE_DIR = os.environ.get("STORAGE_DIR")  # None: instance/storage
    # Electronic signatures (docs/signatures.md): the key the stored signing keys and BSrE secrets
    # are encrypted under (None: derived from SECRET_KEY), and the seconds one BSrE call may take.
    SIGNING_SECRET_KEY = os.environ.get("SIGNING_SECRET_KEY")
    BSRE_TIMEOUT = float(os.environ.get("BSRE_TIMEOUT", "30"))
    # Largest request body; uploads have their own, smaller limits (IMPORT_MAX_BYTES, ...).
    MAX_CONTENT_LENGTH = 30 * 1024 * 1024
    IMPORT_MAX_BYTES = 5 * 1024 * 1024
    # Check-in API: keyed by device token or account, so one venue's phones never share a bucket.
    CHECKIN_API_LIMIT = "1200/minute"
    # Where people keep their ticket on their phone for self check-in.
    TICKET_COOKIE = "bintek_ticket"
    TICKET_COOKIE_DAYS = 120
    # Email of tickets is offered only when MAIL_SERVER is set.
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", True)
    MAIL_FROM = os.environ.get("MAIL_FROM")
    REDIS_URL = os.environ.get("REDIS_URL")  # long jobs run in an RQ worker when set, else in a thread
    # The RQ queue the web process hands jobs to and `make worker` listens on (the tests give each
    # test process its own, so parallel runs never take each other's jobs).
    RQ_QUEUE = os.environ.get("RQ_QUEUE") or "bintek"
    # The address printed in certificate QR codes (https://bintek.example.go.id); when unset, the
    # address of the request (and http://127.0.0.1:5000 on the command line).
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL")
    # Encrypts the Open Badges signing keys at rest (workshop/credentials/keys.py); unset: the
    # SECRET_KEY. Changing it makes the stored keys unreadable (docs/credentials.md).
    CREDENTIALS_SECRET = os.environ.get("CREDENTIALS_SECRET")

    # Proxies in front that set X-Forwarded-For/-Proto/-Host (0: none, the app faces clients).
    # Trust exactly as many as there are, or clients can forge their address.
    PROXY_HOPS = int(os.environ.get("PROXY_HOPS", "0"))
    # One JSON line per request on stderr (method, redacted path, status, ms, account).
    REQUEST_LOG = _env_bool("REQUEST_LOG", True)


class DevelopmentConfig(Config):
    DEBUG = False


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    REQUIRE_REAL_SECRET = True
    # Production runs behind one TLS proxy (README "Production").
    PROXY_HOPS = int(os.environ.get("PROXY_HOPS", "1"))


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"
    RATELIMIT_STORAGE_URI = "memory://"
    REQUEST_LOG = False
    MIN_PASSWORD_LENGTH = 12
    # Real hashing costs a third of a second per password; the suite creates hundreds of accounts.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"


configs = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestingConfig,
}
