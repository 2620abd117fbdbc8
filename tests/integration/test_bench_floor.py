"""The benchmark's floor (bench/floor.py) measures what its rows claim: a signed-in kept view costs
the person and the site's key query, a signed-in write four statements and one commit, on the
site's own tables and database settings; a visitor who is not signed in gets nothing."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, func, select, text

from app import create_app, db, seed_file
from app.auth.models import User
from app.models import Attempt, Question, ReviewState
from app.services.seeding import load_seed_file

FLOOR = Path(__file__).resolve().parents[2] / "bench" / "floor.py"


def load_floor() -> ModuleType:
    """bench/floor.py as a module (the bench folder is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_floor", FLOOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def site_database(tmp_path: Path) -> Iterator[str]:
    """The site's tables, seeded, with one more learner, in a database the floor can open too (a
    file for SQLite, the test database otherwise); emptied after."""
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'floor.sqlite'}"
    site = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with site.app_context():
        db.drop_all()
        db.create_all()
        load_seed_file(seed_file(site))
        db.session.add(User(username="ada", email="ada@example.org", password_hash="x"))
        db.session.commit()
        db.session.remove()
    yield url
    with site.app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def floor(site_database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.setenv("DATABASE_URL", site_database)
    monkeypatch.setenv("SECRET_KEY", "floor-test-secret")
    application = load_floor().create_app()
    yield application
    with application.app_context():
        db.engine.dispose()


def statements_of(application: Flask, send: Any) -> list[str]:
    """The SQL statements the floor sends while `send()` runs."""
    seen: list[str] = []
    with application.app_context():
        engine = db.engine

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        send()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return seen


def test_a_signed_in_kept_view_costs_the_person_and_one_key_query(floor: Flask) -> None:
    client = floor.test_client()
    assert client.get("/kept/9450").status_code == 401, "a visitor who is not signed in gets nothing"
    assert client.post("/login/ada").status_code == 200

    responses = []
    sent = statements_of(floor, lambda: responses.append(client.get("/kept/9450")))

    assert responses[0].status_code == 200
    assert len(responses[0].data) == 9450, "the body has the size of the kept dashboard"
    assert len(sent) == 2, f"the person, then the key: {sent}"
    assert "FROM users" in sent[0] and "standings" in sent[1]


def test_a_signed_in_write_runs_four_statements_and_stores_each_answer(floor: Flask) -> None:
    with floor.app_context():
        question_id = db.session.scalar(select(func.min(Question.id)))
    client = floor.test_client()
    first = {"question_id": question_id, "answer": "Jupiter"}
    assert client.post("/write", json=first).status_code == 401
    assert client.post("/login/ada").status_code == 200

    responses = []
    sent = statements_of(floor, lambda: responses.append(client.post("/write", json=first)))
    client.post("/write", json={"question_id": question_id, "answer": "Saturne"})

    assert responses[0].status_code == 201
    assert responses[0].get_json() == {"stored": True}
    assert len(sent) == 4, f"the person, the card, the attempt, the card: {sent}"
    with floor.app_context():
        answers = db.session.scalar(select(ReviewState.reps).where(ReviewState.question_id == question_id))
        attempts = db.session.scalar(
            select(func.count()).select_from(Attempt).where(Attempt.question_id == question_id)
        )
    assert (answers, attempts) == (2, 2), "every write is committed"


def test_the_floor_uses_the_sites_sqlite_settings(floor: Flask) -> None:
    with floor.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's pragmas")
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 1
