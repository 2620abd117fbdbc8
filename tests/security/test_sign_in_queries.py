"""Knowing who makes a request costs one query: the browser's session row comes joined with its
user, and a Bearer token with its owner. "Last seen" and "last used" are written at most once a
minute, so a request right after another one reads and writes nothing else to know its user."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from app.auth.models import TokenScope, User
from app.auth.tokens import create_token
from tests.conftest import SignedIn
from tests.sql_statements import counted_queries

PAGE_PATH = "/api/v1/me"


def user_lookups(statements: list[str], table: str) -> list[str]:
    """The statements that read `table` or the users table."""
    return [s for s in statements if f"FROM {table}" in s or "FROM users" in s]


def test_a_signed_in_browser_request_reads_its_user_in_one_query(learner: SignedIn) -> None:
    assert learner.client.get(PAGE_PATH).status_code == 200  # the first touch of "last seen" is done
    with counted_queries() as statements:
        response = learner.client.get(PAGE_PATH)
    assert response.status_code == 200
    assert response.get_json()["username"] == learner.user.username
    lookups = user_lookups(statements, "user_sessions")
    assert len(lookups) == 1, lookups
    assert "JOIN users" in lookups[0], "the session row must come with its user"
    assert len(statements) == 1, statements  # /me reads nothing more than its user


def test_a_bearer_request_reads_its_token_and_owner_in_one_query(
    app: Flask, make_user: Callable[..., User]
) -> None:
    _token, plaintext = create_token(make_user("lea"), "script", TokenScope.READ)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {plaintext}"}
    assert client.get(PAGE_PATH, headers=headers).status_code == 200  # the first use is recorded
    with counted_queries() as statements:
        response = client.get(PAGE_PATH, headers=headers)
    assert response.status_code == 200
    assert response.get_json()["username"] == "lea"
    assert len(statements) == 1, statements
    assert "JOIN users" in statements[0], "the token row must come with its owner"
