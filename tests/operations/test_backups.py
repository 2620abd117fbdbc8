"""`flask backup FILE` copies the SQLite database with SQLite's online backup; `flask restore FILE`
puts such a copy back. A PostgreSQL database is refused with a pointer to pg_dump."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import select

from app import db
from app.auth.models import User
from app.services import accounts
from tests.conftest import fresh_app

PASSWORD = "correct horse battery staple"


def usernames() -> set[str]:
    db.session.expire_all()
    return set(db.session.scalars(select(User.username)))


def test_a_backup_restores_the_database_as_it_was(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'site.sqlite'}"
    with fresh_app(SQLALCHEMY_DATABASE_URI=database, RATELIMIT_ENABLED=False) as app:
        db.session.execute(db.text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
        db.session.commit()
        accounts.register_user("avant", "avant@example.com", PASSWORD)
        runner = app.test_cli_runner()
        copy = tmp_path / "copy.sqlite"

        made = runner.invoke(args=["backup", str(copy)])
        assert made.exit_code == 0, made.output
        assert f"Backup written: {copy}" in made.output

        accounts.register_user("apres", "apres@example.com", PASSWORD)
        assert usernames() == {"avant", "apres"}
        db.session.remove()

        restored = runner.invoke(args=["restore", str(copy), "--yes"])
        assert restored.exit_code == 0, restored.output
        assert usernames() == {"avant"}, "the database is back as it was at the backup"


def test_a_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'site.sqlite'}"
    with fresh_app(SQLALCHEMY_DATABASE_URI=database, RATELIMIT_ENABLED=False) as app:
        existing = tmp_path / "precious.txt"
        existing.write_text("keep me")
        result = app.test_cli_runner().invoke(args=["backup", str(existing)])
        assert result.exit_code == 1
        assert "exists already" in result.output
        assert existing.read_text() == "keep me"


def test_restoring_a_file_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'site.sqlite'}"
    with fresh_app(SQLALCHEMY_DATABASE_URI=database, RATELIMIT_ENABLED=False) as app:
        accounts.register_user("reste", "reste@example.com", PASSWORD)
        stranger = tmp_path / "notes.txt"
        stranger.write_text("not a database at all, just some words that fill a page " * 100)
        result = app.test_cli_runner().invoke(args=["restore", str(stranger), "--yes"])
        assert result.exit_code == 1
        assert "not a SQLite database" in result.output or "not a LearnAnything backup" in result.output
        assert usernames() == {"reste"}, "the database is untouched"


def test_an_in_memory_or_postgresql_database_is_pointed_to_its_own_tools(app: Flask) -> None:
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return  # a file database: covered above
    result = app.test_cli_runner().invoke(args=["backup", "/tmp/never-written.sqlite"])
    assert result.exit_code == 1
    assert "pg_dump" in result.output
    assert not Path("/tmp/never-written.sqlite").exists()
