"""Database connections tuned for several workers: SQLite files get WAL and a busy timeout (memory
is left alone), PostgreSQL plans every query with its values."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from app import create_app, db

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")


def test_a_sqlite_file_uses_wal_normal_sync_and_a_busy_timeout(tmp_path: Path) -> None:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'site.sqlite'}")
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        db.engine.dispose()


def test_an_in_memory_database_keeps_its_defaults() -> None:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "memory"
        db.engine.dispose()


def test_postgresql_statements_are_planned_with_their_values() -> None:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    connect_args = app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]
    assert "prepare_threshold" not in connect_args, "psycopg prepares a statement run again and again"
    assert connect_args["options"] == "-c plan_cache_mode=force_custom_plan"
    assert connect_args["connect_timeout"] == 5, "an unreachable server fails fast (503), not after minutes"
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True, "other options are kept"


def test_server_settings_given_by_a_deployment_are_kept_beside_the_custom_plans() -> None:
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none",
        SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"options": "-c lock_timeout=300"}},
    )
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["options"]
    assert options == "-c lock_timeout=300 -c plan_cache_mode=force_custom_plan"


def test_other_databases_keep_the_driver_defaults(tmp_path: Path) -> None:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'site.sqlite'}")
    assert "connect_args" not in app.config["SQLALCHEMY_ENGINE_OPTIONS"]


@pytest.mark.skipif(
    not POSTGRES_URL.startswith("postgresql"), reason="needs TEST_DATABASE_URL=postgresql+psycopg://…"
)
def test_a_prepared_postgresql_statement_is_still_planned_with_its_values() -> None:
    """A statement run often is prepared (parsed once per connection), and every run of it is
    planned with its values: PostgreSQL's generic plan of a learner's rows was four times slower."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=POSTGRES_URL)
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.execute(text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"
            prepared = "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%la-probe%'"
            for _ in range(6):
                connection.execute(text("SELECT 1 /* la-probe */ WHERE 1 = :one"), {"one": 1})
            assert connection.execute(text(prepared)).scalar() == 1, "run six times, it is prepared"
        db.engine.dispose()
