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
    MAX_CONTENT_LENGTH = 1024 * 1024  # 1 MiB: no form or JSON body here needs more.
    # Seconds a client is asked to wait (Retry-After) when the database cannot be reached.
    OUTAGE_RETRY_AFTER = 30
    # Seconds to wait for PostgreSQL to accept a connection before the request answers 503.
    DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))

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

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    WTF_CSRF_HEADERS = ["X-CSRFToken", "X-CSRF-Token"]

    # Passwords: argon2id with the library's recommended cost.
    PASSWORD_HASH_PARAMS: dict[str, int] = {"time_cost": 3, "memory_cost": 65536, "parallelism": 4}
    PASSWORD_MIN_LENGTH = 12

    # Rate limits (Flask-Limiter). Memory by default; set RATELIMIT_STORAGE_URI=redis://… in production.
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_STORAGE_OPTIONS = _storage_options(RATELIMIT_STORAGE_URI)
    # Redis down: count in this process's memory (a warning is logged, /readyz says "degraded")
    # and go back to Redis once it answers again; a limiter error never becomes a 500.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10 per minute;50 per hour")
    # Per account (the identifier typed), whatever the address: slows guessing spread over many IPs.
    RATELIMIT_LOGIN_ACCOUNT = os.environ.get("RATELIMIT_LOGIN_ACCOUNT", "20 per hour")
    RATELIMIT_REGISTER = os.environ.get("RATELIMIT_REGISTER", "5 per minute;30 per hour")
    RATELIMIT_CONTACT = os.environ.get("RATELIMIT_CONTACT", "5 per minute")
    RATELIMIT_API_WRITE = os.environ.get("RATELIMIT_API_WRITE", "120 per minute")

    # Languages: French first, English second.
    LANGUAGES = ["fr", "en"]
    BABEL_DEFAULT_LOCALE = "fr"
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

    SEED_DEMO_DATA = _env_bool("SEED_DEMO_DATA", True)
    SECURITY_HSTS = False
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))


class DevelopmentConfig(Config):
    """Local development: `flask run`, SQLite file, readable errors."""

    DEBUG = True


class TestingConfig(Config):
    """The test suite: in-memory SQLite unless TEST_DATABASE_URL names another database."""

    TESTING = True
    SECRET_KEY = "testing-secret-key-not-for-production-0123456789"  # noqa: S105 (tests only)
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    # A cheap hash keeps the suite fast; the algorithm stays argon2id.
    PASSWORD_HASH_PARAMS = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
    RATELIMIT_STORAGE_URI = "memory://"
    FSRS_ENABLE_FUZZING = False


class ProductionConfig(Config):
    """Production: refuses to start without a strong SECRET_KEY and an explicit DATABASE_URL."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    SECURITY_HSTS = True
    SEED_DEMO_DATA = _env_bool("SEED_DEMO_DATA", False)

    @classmethod
    def validate(cls, settings: dict[str, object]) -> None:
        """Raise RuntimeError when a production setting is missing or unsafe."""
        secret = str(settings.get("SECRET_KEY") or "")
        if secret in WEAK_SECRET_KEYS or len(secret) < 32:
            raise RuntimeError("Production needs SECRET_KEY: a random value of 32 characters or more.")
        if not os.environ.get("DATABASE_URL") and "DATABASE_URL" not in settings:
            raise RuntimeError("Production needs DATABASE_URL: name the database explicitly.")


config_by_name: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
