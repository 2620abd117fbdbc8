"""Configuration classes for LearnAnything (re-exported by the top-level `config.py`).

Values come from the environment (a `.env` file is loaded first by python-dotenv), so the same
code runs on a laptop, in CI and in production. `create_app` picks a class by name.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from dotenv import find_dotenv, load_dotenv

# `.env` in the working directory (or a parent) is read before any class below is built.
load_dotenv(find_dotenv(usecwd=True))

# The site's languages, each named in itself; the first is the default and the messages' source.
LANGUAGE_NAMES: dict[str, str] = {"fr": "Français", "en": "English"}

WEAK_SECRET_KEYS = {"", "dev", "change-me", "secret", "changeme", "dev-only-secret-key"}


def _env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean from the environment ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _default_sqlite_url() -> str:
    """The zero-config database: a SQLite file in the instance folder of the working directory."""
    instance = Path(os.environ.get("LEARNANYTHING_INSTANCE", Path.cwd() / "instance"))
    return f"sqlite:///{instance / 'learnanything.sqlite'}"


def _default_job_queue_url() -> str:
    """The zero-config job queue: a SQLite file beside the database, in the instance folder."""
    instance = Path(os.environ.get("LEARNANYTHING_INSTANCE", Path.cwd() / "instance"))
    return f"sqlite:///{instance / 'jobs.sqlite'}"


def _storage_options(uri: str) -> dict[str, object]:
    """Redis answers within a second or is treated as down (its client would otherwise wait long)."""
    if uri.startswith(("redis://", "rediss://", "redis+")):
        return {"socket_connect_timeout": 1, "socket_timeout": 1}
    return {}


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-secret-key")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or _default_sqlite_url()
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {"pool_pre_ping": True}
    # Flask-Compress: text responses (pages, JSON, CSS, JS, SVG) leave compressed (zstd, br or gzip,
    # as the browser accepts). Streamed bodies (downloads) pass as they are; the static files are
    # read whole first (app/static_assets.py), so they are compressed too.
    COMPRESS_STREAMS = False
    MAX_CONTENT_LENGTH = 1024 * 1024  # 1 MiB: no form or JSON body here needs more…
    # …but an author's image upload, which gets its own limit (app/routes/studio.py).
    MAX_IMAGE_BYTES = int(os.environ.get("MAX_IMAGE_BYTES", 2 * 1024 * 1024))
    # A whole course file (GIFT, Aiken, CSV, JSON with its images) may be larger than a form.
    MAX_COURSE_FILE_BYTES = int(os.environ.get("MAX_COURSE_FILE_BYTES", 10 * 1024 * 1024))
    UPLOAD_FOLDER = os.environ.get(
        "UPLOAD_FOLDER",
        str(Path(os.environ.get("LEARNANYTHING_INSTANCE", Path.cwd() / "instance")) / "uploads"),
    )
    # Seconds a client is asked to wait (Retry-After) when the database cannot be reached.
    OUTAGE_RETRY_AFTER = 30
    # Seconds to wait for PostgreSQL to accept a connection before the request answers 503.
    DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))

    # Bytes of the learner views (the dashboard, the course trees) each process keeps
    # (app/learner_views.py); 0 keeps none.
    LEARNER_VIEW_CACHE_BYTES = int(os.environ.get("LEARNER_VIEW_CACHE_BYTES", 32 * 1024 * 1024))

    # Logs: one line per record with the request id; LOG_FORMAT=json for log collectors.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

    # Sessions and cookies: HttpOnly and SameSite=Lax always, Secure in production.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    PERMANENT_SESSION_LIFETIME = timedelta(days=7)
    # Server-side sessions (app/auth/user_sessions.py): a session that is not remembered ends after
    # SESSION_IDLE_TIMEOUT without a request and, whatever happens, SESSION_ABSOLUTE_LIFETIME after
    # the login; a remembered one lives REMEMBER_COOKIE_DURATION. Sensitive actions need the password
    # entered within REAUTH_WINDOW (seconds in the environment).
    SESSION_IDLE_TIMEOUT = timedelta(seconds=int(os.environ.get("SESSION_IDLE_TIMEOUT", 30 * 60)))
    SESSION_ABSOLUTE_LIFETIME = timedelta(seconds=int(os.environ.get("SESSION_ABSOLUTE_LIFETIME", 12 * 3600)))
    REAUTH_WINDOW = timedelta(seconds=int(os.environ.get("REAUTH_WINDOW", 5 * 60)))

    # Mail (Flask-Mailman): real SMTP settings; development writes mails to the console instead.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", False)
    MAIL_TIMEOUT = 10
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "LearnAnything <no-reply@localhost>")
    # How long the links mailed to people stay valid, in seconds.
    EMAIL_VERIFICATION_MAX_AGE = int(os.environ.get("EMAIL_VERIFICATION_MAX_AGE", 48 * 3600))
    PASSWORD_RESET_MAX_AGE = int(os.environ.get("PASSWORD_RESET_MAX_AGE", 3600))
    LOGIN_UNLOCK_MAX_AGE = int(os.environ.get("LOGIN_UNLOCK_MAX_AGE", 24 * 3600))

    # Logins, lockouts, credential, role, token, two-factor and session changes are logged on the
    # `learnanything.security` logger at this level.
    SECURITY_LOG_LEVEL = os.environ.get("SECURITY_LOG_LEVEL", "INFO")

    # Two-factor authentication: admins must enrol before any admin page when this is on.
    REQUIRE_ADMIN_2FA = _env_bool("REQUIRE_ADMIN_2FA", False)
    TOTP_ISSUER = os.environ.get("TOTP_ISSUER", "LearnAnything")

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    WTF_CSRF_HEADERS = ["X-CSRFToken", "X-CSRF-Token"]

    # Passwords: argon2id with the library's recommended cost.
    PASSWORD_HASH_PARAMS: dict[str, int] = {"time_cost": 3, "memory_cost": 65536, "parallelism": 4}
    PASSWORD_MIN_LENGTH = 12
    PASSWORD_MIN_SCORE = 3  # zxcvbn's estimate, 0 (guessed at once) to 4 (very hard to guess)

    # Rate limits (Flask-Limiter). Memory by default; set RATELIMIT_STORAGE_URI=redis://… in production.
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_STORAGE_OPTIONS = _storage_options(RATELIMIT_STORAGE_URI)
    # Redis down: count in this process's memory (a warning is logged, /readyz says "degraded")
    # and go back to Redis once it answers again; a limiter error never becomes a 500.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_HEADERS_ENABLED = True
    # A single-process deployment may keep counters in memory, but must say so (production check).
    RATELIMIT_ALLOW_MEMORY = _env_bool("RATELIMIT_ALLOW_MEMORY", False)
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10 per minute;50 per hour")
    # Login attempts are also counted per account (the account the identifier resolves to, whatever
    # spelling is typed): tightly per (account, address), loosely per account whatever the address.
    # The owner is mailed an unlock link when the loose limit holds their account back.
    RATELIMIT_LOGIN_ACCOUNT_ADDRESS = os.environ.get("RATELIMIT_LOGIN_ACCOUNT_ADDRESS", "5 per 15 minutes")
    RATELIMIT_LOGIN_ACCOUNT = os.environ.get("RATELIMIT_LOGIN_ACCOUNT", "30 per hour")
    # Every other password or code check of a signed-in person (confirm, change password, delete the
    # account, two-factor), per person; and the answer form of the learning page.
    RATELIMIT_PASSWORD_CHECK = os.environ.get("RATELIMIT_PASSWORD_CHECK", "5 per minute;30 per hour")
    RATELIMIT_TWO_FACTOR = os.environ.get("RATELIMIT_TWO_FACTOR", "5 per minute;30 per hour")
    RATELIMIT_ANSWER = os.environ.get("RATELIMIT_ANSWER", "60 per minute")
    # "Explique-moi autrement" per learner (page and API together): each may cost a model request.
    RATELIMIT_EXPLANATION = os.environ.get("RATELIMIT_EXPLANATION", "10 per minute;60 per day")
    RATELIMIT_PASSWORD_RESET = os.environ.get("RATELIMIT_PASSWORD_RESET", "3 per 15 minutes;10 per day")
    RATELIMIT_REGISTER = os.environ.get("RATELIMIT_REGISTER", "5 per minute;30 per hour")
    RATELIMIT_CONTACT = os.environ.get("RATELIMIT_CONTACT", "5 per minute")
    RATELIMIT_API_WRITE = os.environ.get("RATELIMIT_API_WRITE", "120 per minute")
    # Course generations started per person (pages and API together): each costs model tokens.
    RATELIMIT_GENERATION = os.environ.get("RATELIMIT_GENERATION", "5 per hour")

    # Languages: LANGUAGE_NAMES above, French first.
    LANGUAGES = list(LANGUAGE_NAMES)
    BABEL_DEFAULT_LOCALE = LANGUAGES[0]
    BABEL_DEFAULT_TIMEZONE = "UTC"

    # Google sign-in (OpenID Connect) appears only when both values are set.
    GOOGLE_CLIENT_ID = os.environ.get("GOOGLE_CLIENT_ID", "")
    GOOGLE_CLIENT_SECRET = os.environ.get("GOOGLE_CLIENT_SECRET", "")
    GOOGLE_DISCOVERY_URL = os.environ.get(
        "GOOGLE_DISCOVERY_URL", "https://accounts.google.com/.well-known/openid-configuration"
    )

    # The REST API and its OpenAPI document (flask-smorest).
    API_TITLE = "LearnAnything API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    API_PAGE_MAX = 100

    # Spaced review: FSRS fuzzing spreads due dates; tests turn it off for exact dates.
    FSRS_ENABLE_FUZZING = True

    # Course generation (app/services/generation/): any OpenAI-compatible chat-completions server.
    # Without LLM_BASE_URL the feature stays visible but off, and says how to turn it on.
    LLM_BASE_URL = os.environ.get("LLM_BASE_URL") or None
    LLM_API_KEY = os.environ.get("LLM_API_KEY", "")
    LLM_MODEL = os.environ.get("LLM_MODEL", "gpt-4o-mini")
    LLM_TIMEOUT = float(os.environ.get("LLM_TIMEOUT", "60"))  # seconds per request
    LLM_TOKEN_BUDGET = int(os.environ.get("LLM_TOKEN_BUDGET", "200000"))  # tokens per generation
    # How many times an invalid answer (not JSON, breaking the schema or a question rule) is asked again.
    LLM_MAX_RETRIES_INVALID = int(os.environ.get("LLM_MAX_RETRIES_INVALID", "2"))

    SEED_DEMO_DATA = _env_bool("SEED_DEMO_DATA", True)
    SECURITY_HSTS = False
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    # Client addresses (or networks) that may read /metrics without a token, comma-separated.
    METRICS_ALLOW = os.environ.get("METRICS_ALLOW", "127.0.0.1,::1")

    # Background jobs (huey, app/jobs.py): by default a SQLite file `jobs.sqlite` in the instance folder
    # (no server; `make run` starts a worker beside the site); `redis://host:6379/1` in production
    # (run `learnanything worker`); `sqlite:///path/jobs.sqlite` names another file.
    JOB_QUEUE_URL = os.environ.get("JOB_QUEUE_URL") or _default_job_queue_url()
    # Threads of one `learnanything worker` process (each runs one generation at a time).
    JOB_WORKERS = int(os.environ.get("JOB_WORKERS", "2"))
    # A running job's worker writes a heartbeat this often; a job silent for four heartbeats lost its
    # worker (killed, or its machine down) and is ended as failed, so its author can start it again.
    JOB_HEARTBEAT_SECONDS = float(os.environ.get("JOB_HEARTBEAT_SECONDS", "15"))


class DevelopmentConfig(Config):
    """Local development: `flask run`, SQLite file, readable errors."""

    DEBUG = True
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "console")  # mails are printed, not sent


class TestingConfig(Config):
    """The test suite: in-memory SQLite unless TEST_DATABASE_URL names another database."""

    TESTING = True
    SECRET_KEY = "testing-secret-key-not-for-production-0123456789"  # noqa: S105 (tests only)
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    # A cheap hash keeps the suite fast; the algorithm stays argon2id.
    PASSWORD_HASH_PARAMS = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
    RATELIMIT_STORAGE_URI = "memory://"
    FSRS_ENABLE_FUZZING = False
    # The tests' `app` fixture points these at a real SMTP server it starts (tests/conftest.py);
    # applications built otherwise keep the mails in memory.
    MAIL_BACKEND = "locmem"
    MAIL_DEFAULT_SENDER = "LearnAnything <no-reply@learnanything.test>"
    # Jobs wait in memory and run only where a test starts a worker on its own queue (tests/conftest.py).
    JOB_QUEUE_URL = "memory://"
    # No language model unless a test points the site at the local stand-in (tests/llm_stand_in.py).
    LLM_BASE_URL = None


class ProductionConfig(Config):
    """Production: refuses to start without a strong SECRET_KEY and an explicit DATABASE_URL."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    # `__Host-` cookies are Secure, for the whole site (path /) and never for a parent domain.
    SESSION_COOKIE_NAME = "__Host-session"
    REMEMBER_COOKIE_NAME = "__Host-remember_token"
    SECURITY_HSTS = True
    SEED_DEMO_DATA = _env_bool("SEED_DEMO_DATA", False)
    REQUIRE_ADMIN_2FA = _env_bool("REQUIRE_ADMIN_2FA", True)

    @classmethod
    def validate(cls, settings: dict[str, object]) -> None:
        """Raise RuntimeError when a production setting is missing or unsafe."""
        secret = str(settings.get("SECRET_KEY") or "")
        if secret in WEAK_SECRET_KEYS or len(secret) < 32:
            raise RuntimeError("Production needs SECRET_KEY: a random value of 32 characters or more.")
        if not os.environ.get("DATABASE_URL") and "DATABASE_URL" not in settings:
            raise RuntimeError("Production needs DATABASE_URL: name the database explicitly.")
        storage = str(settings.get("RATELIMIT_STORAGE_URI") or "")
        if storage.startswith("memory://") and not settings.get("RATELIMIT_ALLOW_MEMORY"):
            raise RuntimeError(
                "Production needs RATELIMIT_STORAGE_URI (redis://…): counters kept in memory are per "
                "process. Set RATELIMIT_ALLOW_MEMORY=1 only for a single-process deployment."
            )


config_by_name: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
