"""Database connections tuned for several workers: SQLite files get WAL and a busy timeout (memory
is left alone), PostgreSQL plans every query with its values."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from app import create_app, db


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
    assert connect_args["prepare_threshold"] is None
    assert connect_args["connect_timeout"] == 5, "an unreachable server fails fast (503), not after minutes"
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True, "other options are kept"


def test_other_databases_keep_the_driver_defaults(tmp_path: Path) -> None:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'site.sqlite'}")
    assert "connect_args" not in app.config["SQLALCHEMY_ENGINE_OPTIONS"]
