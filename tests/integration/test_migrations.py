"""The checked-in migrations build exactly the schema the models describe, and go down and up
again cleanly: on a temporary SQLite file, and on TEST_DATABASE_URL (PostgreSQL in CI) when set."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

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


def test_the_stored_standings_migration_computes_the_rows_of_existing_learners(migrated_app: Flask) -> None:
    from app import seed_file
    from app.auth.models import User
    from app.models import Course, Question, Topic
    from app.services import standings
    from app.services.course_structure import course_structure
    from app.services.courses import course_standings
    from app.services.seeding import load_seed_file
    from app.types import utcnow

    upgrade(revision="983034896dac")  # the revision before stored standings: masteries only
    load_seed_file(seed_file(migrated_app))
    learner = db.session.scalar(select(User).where(User.username == "testuser"))
    course = db.session.scalar(select(Course).where(Course.slug == "astronomie"))
    assert learner is not None and course is not None
    leaves = {
        topic.slug: topic for topic in db.session.scalars(select(Topic).where(Topic.course_id == course.id))
    }
    answered = [leaves["planetes"], leaves["trous-noirs"]]
    now = utcnow()
    with db.engine.begin() as connection:
        for step, leaf in enumerate(answered, start=4):
            connection.execute(
                text(
                    "INSERT INTO masteries (user_id, topic_id, tier, step, updated_at) "
                    "VALUES (:user, :topic, 1, :step, :now)"
                ),
                {"user": learner.id, "topic": leaf.id, "step": step, "now": now},
            )
            two = list(db.session.scalars(select(Question.id).where(Question.topic_id == leaf.id)))[:2]
            for days, question_id in zip((30, 400), two, strict=True):
                connection.execute(
                    text(
                        "INSERT INTO review_states (user_id, question_id, state, stability, difficulty, due, "
                        "last_review, reps, lapses) VALUES (:user, :question, 2, 1.0, 5.0, :due, :last, 1, 0)"
                    ),
                    {"user": learner.id, "question": question_id, "due": now, "last": now - timedelta(days)},
                )
    db.session.remove()

    upgrade()

    learner = db.session.get(User, learner.id)
    course = db.session.get(Course, course.id)
    assert learner is not None and course is not None
    structure = course_structure(course)
    expected, started = standings.recompute_from_history(structure, learner.id, utcnow())
    shown = course_standings(course, learner, utcnow())
    assert shown.standings == expected and shown.started == started, "the migrated rows are the rule's"
    assert shown.started >= {leaf.id for leaf in answered}
    assert any(expected[leaf.id].step < step for step, leaf in enumerate(answered, start=4)), (
        "months without review lowered a leaf: the migration applied forgetting"
    )
    stored = standings.read_rows(learner.id, course.id)
    assert stored[0].seen == 4 and stored[0].revision == structure.revision
