"""The checked-in migrations build exactly the schema the models describe, and go down and up
again cleanly: on a temporary SQLite file, and on TEST_DATABASE_URL (PostgreSQL in CI) when set."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app import create_app, db

DATABASES = [pytest.param("sqlite-file", id="sqlite-file")]
if os.environ.get("TEST_DATABASE_URL"):
    DATABASES.append(pytest.param("test-database-url", id="test-database-url"))


def _empty(application: Flask) -> None:
    """Drop every table, Alembic's version table included."""
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(params=DATABASES)
def migrated_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    """An application on an empty database (left empty afterwards), not built by create_all."""
    if request.param == "sqlite-file":
        uri = f"sqlite:///{tmp_path / 'migrations.sqlite'}"
    else:
        uri = os.environ["TEST_DATABASE_URL"]
    application = create_app("testing", SQLALCHEMY_DATABASE_URI=uri, RATELIMIT_ENABLED=False)
    with application.app_context():
        _empty(application)
        try:
            yield application
        finally:
            db.session.remove()
            _empty(application)
            db.engine.dispose()


def schema_differences() -> list[object]:
    """What Alembic autogenerate would still write: the models against the live database."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "render_as_batch": True})
        return list(compare_metadata(context, db.metadata))


def table_names() -> set[str]:
    """Tables in the database right now."""
    return set(inspect(db.engine).get_table_names())


def test_migrations_build_the_schema_of_the_models(migrated_app: Flask) -> None:
    upgrade()
    assert {"users", "alembic_version"} <= table_names()
    differences = schema_differences()
    assert differences == [], f"models and migrations differ; add a revision: {differences}"


def test_migrations_go_down_to_nothing_and_up_again(migrated_app: Flask) -> None:
    upgrade()
    downgrade(revision="base")
    assert table_names() <= {"alembic_version"}, f"left after downgrade: {table_names()}"
    upgrade()
    assert schema_differences() == [], "the second upgrade builds the same schema"
