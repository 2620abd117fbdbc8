"""Where the database lives and how its engine is tuned: SQLite folder and pragmas, PostgreSQL
planning, and the packaged folders (migrations, seed data) of an installed or checked-out copy.

`create_app` calls these while it binds the extensions; they hold no application of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db


def ensure_sqlite_folder(app: Flask) -> None:
    """Create the folder of a SQLite database file so the first run needs no manual step."""
    uri: str = app.config["SQLALCHEMY_DATABASE_URI"]
    prefix = "sqlite:///"
    if uri.startswith(prefix) and uri != "sqlite://":
        Path(uri[len(prefix) :]).parent.mkdir(parents=True, exist_ok=True)


SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",  # readers no longer wait for a writer, nor a writer for readers
    "PRAGMA synchronous=NORMAL",  # WAL stays consistent; a commit no longer waits for the disk
    "PRAGMA busy_timeout=5000",  # a writer waits its turn (milliseconds) instead of failing at once
)


P = ParamSpec("P")
R = TypeVar("R")


def rolled_back_on_failure(lookup: Callable[P, R]) -> Callable[P, R]:
    """Roll the session back when `lookup`'s query fails, then let the error go on.

    For the lookups that run inside Flask-Limiter's key and exemption functions (a token, the
    account a login names): the limiter swallows their errors (RATELIMIT_SWALLOW_ERRORS), and the
    failed transaction left behind would turn the request's next query into a 500
    (PendingRollbackError, or "current transaction is aborted"). Rolled back, the next query asks
    the database again, and an outage answers 503 like everywhere else.
    """

    @wraps(lookup)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return lookup(*args, **kwargs)
        except SQLAlchemyError:
            try:
                db.session.rollback()
            except SQLAlchemyError:
                db.session.remove()
            raise

    return guarded


def release_sessions_tolerantly(app: Flask) -> None:
    """End each request's session without letting a dead connection turn its answer into a 500.

    Flask-SQLAlchemy's teardown rolls the session back; when the database ended the connection
    after the answer was made (a restart), that rollback raises from the teardown, past every
    error handler, and the server sends a bare 500 instead of the answer. Registered after
    `db.init_app`, this runs first: it ends the session, and on such a failure invalidates its
    connections (nothing to roll back on a dead one), so the other teardown finds nothing to do.
    """

    @app.teardown_appcontext
    def release_session(_error: BaseException | None) -> None:
        try:
            db.session.remove()
        except SQLAlchemyError:
            db.session().invalidate()  # the scoped session proxies no `invalidate`
            db.session.remove()


def plan_postgresql_per_query(app: Flask) -> None:
    """Let PostgreSQL plan each query with its values rather than reuse a generic plan, while
    parsing a frequent one only once per connection.

    psycopg prepares a statement on the server after five executions, so it is no longer parsed
    on every run (0.1–0.25 ms each for the statements of an answer). PostgreSQL may then switch a
    prepared statement to a generic plan that ignores the values; for the learner's rows looked up
    by a list of ids that plan was four times slower than planning afresh (2.4 ms against 0.6 ms).
    `plan_cache_mode=force_custom_plan` keeps planning each run with its values.
    """
    if not str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql+psycopg"):
        return
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    connect_args = {
        "connect_timeout": app.config["DATABASE_CONNECT_TIMEOUT"],  # an unreachable server fails fast
        **options.get("connect_args", {}),
    }
    # Added to the server settings a deployment may already pass (`-c lock_timeout=…`), not instead.
    given = str(connect_args.get("options") or "")
    connect_args["options"] = f"{given} {CUSTOM_PLANS}".strip()
    options["connect_args"] = connect_args
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


CUSTOM_PLANS = "-c plan_cache_mode=force_custom_plan"


def tune_sqlite_files(app: Flask) -> None:
    """Set the pragmas that let several workers share a SQLite file on every new connection.

    Without them each commit waits for the disk and readers block behind a writer; an in-memory
    database (the test suite) has neither problem, so it is left alone.
    """
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return

    @event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()


def package_folder(app: Flask, packaged: str, checkout: str) -> Path:
    """Find a data folder shipped inside the installed package, or beside it in a source checkout."""
    inside = Path(app.root_path) / packaged
    return inside if inside.exists() else Path(app.root_path).parent / checkout


def seed_file(app: Flask) -> Path:
    """Path of the SQL seed file, installed (app/seed/) or in a checkout (data/)."""
    return package_folder(app, "seed", "data") / "initial_db_data.sql"
