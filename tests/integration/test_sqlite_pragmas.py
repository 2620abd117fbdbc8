"""A SQLite file is opened with the pragmas that let several workers share it; memory is left alone."""

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
