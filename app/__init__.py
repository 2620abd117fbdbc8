"""LearnAnything application factory.

`create_app` is the only place that wires the application: configuration, extensions, blueprints,
error handlers, CLI commands and security headers, each in its own `register_*` step.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from .config import ProductionConfig, config_by_name
from .database import (
    ensure_sqlite_folder,
    package_folder,
    plan_postgresql_per_query,
    release_sessions_tolerantly,
    seed_file,
    tune_sqlite_files,
)
from .extensions import db

__all__ = ["create_app", "db", "seed_file"]


def create_app(config_name: str | None = None, **overrides: Any) -> Flask:
    """Build a LearnAnything application for `config_name` (development, testing, production).

    Without a name, FLASK_CONFIG chooses, then development. Keyword overrides win over the class
    (handy in tests: `create_app("testing", RATELIMIT_ENABLED=True)`).
    """
    name = config_name or os.environ.get("FLASK_CONFIG", "development")
    if name not in config_by_name:
        raise ValueError(f"Unknown configuration {name!r}; expected one of {sorted(config_by_name)}")

    app = Flask(__name__, instance_path=str(Path.cwd() / "instance"))
    app.config.from_object(config_by_name[name])
    app.config["CONFIG_NAME"] = name
    app.config.update(overrides)
    if name == "production":
        ProductionConfig.validate(app.config)
    ensure_sqlite_folder(app)
    _trust_proxy(app)

    register_observability(app)
    register_metrics(app)
    register_body_limit(app)
    register_extensions(app)
    register_jobs(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_security(app)
    register_template_helpers(app)
    register_static_assets(app)
    register_cli(app)
    return app


def _trust_proxy(app: Flask) -> None:
    """Behind N reverse proxies, take the client address and scheme from their X-Forwarded-* headers.

    Rate limits key on the client address, so this must match the deployment exactly.
    """
    hops = int(app.config.get("TRUSTED_PROXIES", 0))
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


def register_observability(app: Flask) -> None:
    """Request ids and log lines first, so every later hook and every log record has the id."""
    from .observability import register_observability as register

    register(app)


def register_metrics(app: Flask) -> None:
    """Prometheus counters: every request (timed from its first hook), the database pool."""
    from .metrics import register_metrics as register

    register(app)


def register_body_limit(app: Flask) -> None:
    """Oversized bodies are refused (413) before the rate limiter, the API guard or a view runs."""
    from .security import register_body_limit as register

    register(app)


def register_extensions(app: Flask) -> None:
    """Bind the single extension instances of `extensions.py` to this application."""
    from . import models  # noqa: F401  (every model is registered before Alembic looks)
    from .auth.oauth import init_oauth
    from .auth.session import configure_login
    from .extensions import api, babel, compress, csrf, limiter, mail, migrate
    from .i18n import select_timezone, selected_locale
    from .metrics import watch_database_pool
    from .signing import install_signing

    plan_postgresql_per_query(app)
    db.init_app(app)
    release_sessions_tolerantly(app)
    tune_sqlite_files(app)
    watch_database_pool(app)
    migrate.init_app(
        app,
        db,
        directory=str(package_folder(app, "migrations", "migrations")),
        render_as_batch=True,  # SQLite can only ALTER tables by copying them
        compare_type=True,
    )
    csrf.init_app(app)
    install_signing(app)  # after Flask-WTF, whose `csrf_token` template global it replaces
    limiter.init_app(app)
    mail.init_app(app)
    compress.init_app(app)
    babel.init_app(app, locale_selector=selected_locale, timezone_selector=select_timezone)
    configure_login(app)
    init_oauth(app)
    api.init_app(app)


def register_jobs(app: Flask) -> None:
    """The background-job queue (huey) named by JOB_QUEUE_URL, with its tasks bound to `app`."""
    from .jobs import register_jobs as register

    register(app)


def register_blueprints(app: Flask) -> None:
    """Mount the site's pages, the account pages, the admin pages, the authoring studio, the course
    images, the metrics and the versioned JSON API."""
    from .routes import account  # noqa: F401  (adds the profile pages to auth's blueprint)
    from .routes.admin import bp as admin_bp
    from .routes.api import register_api
    from .routes.auth import bp as auth_bp
    from .routes.generation import bp as generation_bp
    from .routes.learning import bp as learning_bp
    from .routes.main import bp as main_bp
    from .routes.media import bp as media_bp
    from .routes.metrics import bp as metrics_bp
    from .routes.studio import bp as studio_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(learning_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(studio_bp, url_prefix="/studio")
    app.register_blueprint(generation_bp, url_prefix="/studio")
    app.register_blueprint(media_bp)
    app.register_blueprint(metrics_bp)
    register_api(app)


def register_error_handlers(app: Flask) -> None:
    """One error handler turns every error into an HTML page, or the JSON envelope under /api."""
    from .errors import register_error_handlers as register

    register(app)


def register_security(app: Flask) -> None:
    """CSRF on every state-changing request and security headers on every response."""
    from .security import register_security as register

    register(app)


def register_template_helpers(app: Flask) -> None:
    """Filters and globals the templates share (labels for enums, the language switcher…)."""
    from .templating import register_template_helpers as register

    register(app)


def register_static_assets(app: Flask) -> None:
    """`static_url` for templates, and a year of caching for the fingerprinted static files."""
    from .static_assets import register_static_assets as register

    register(app)


def register_cli(app: Flask) -> None:
    """`flask seed`, `flask create-admin` and friends."""
    from .cli import register_commands

    register_commands(app)
