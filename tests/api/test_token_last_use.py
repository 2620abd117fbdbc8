"""A token's "last used" date is kept to the minute: a Bearer request writes it only when the
stored value is a minute old or more, so busy API clients do not cost a database write each."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from app import db
from app.auth.models import ApiToken, TokenScope, User
from app.auth.tokens import create_token
from app.types import utcnow


@contextmanager
def token_updates(app: Flask) -> Iterator[list[str]]:
    """Collect the UPDATE statements sent to the api_tokens table while the block runs."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE API_TOKENS"):
            seen.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _token_used_at(
    make_user: Callable[..., User], used_at: datetime | None
) -> tuple[ApiToken, dict[str, str]]:
    token, plaintext = create_token(make_user("lea"), "script", TokenScope.READ)
    token.last_used_at = used_at
    db.session.commit()
    return token, {"Authorization": f"Bearer {plaintext}"}


def test_first_use_of_a_token_is_recorded(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    token, headers = _token_used_at(make_user, None)
    before = utcnow()
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert token.last_used_at is not None, "the first use of a token must be recorded"
    assert token.last_used_at >= before, "and recorded as now"


def test_use_within_a_minute_of_the_last_one_writes_nothing(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    recent = utcnow() - timedelta(seconds=30)
    token, headers = _token_used_at(make_user, recent)
    with token_updates(app) as updates:
        assert client.get("/api/v1/me", headers=headers).status_code == 200
        assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert token.last_used_at == recent, "a use 30 s after the last one keeps the stored date"
    assert updates == [], "and sends no UPDATE to the database"


def test_use_a_minute_after_the_last_one_is_recorded(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    old = utcnow() - timedelta(seconds=61)
    token, headers = _token_used_at(make_user, old)
    before = utcnow()
    with token_updates(app) as updates:
        assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert token.last_used_at is not None and token.last_used_at >= before, (
        "a use 61 s after the last one moves the date to now"
    )
    assert len(updates) == 1, "with one UPDATE"
