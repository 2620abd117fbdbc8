"""Shared fixtures: an application on the Testing config, its database, a client, and logged-in
users of every role.

The database is in-memory SQLite unless TEST_DATABASE_URL names another one (PostgreSQL in CI);
every test starts from empty tables.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask, current_app, has_app_context
from flask.testing import FlaskClient

from app import create_app, db
from app.auth.models import Role, User
from app.services import accounts

PASSWORD = "correct horse battery staple"
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in its own application context, as in production.

    The `app` fixture keeps an application context open for the test's own code; Flask would let
    requests reuse it, so `g` (the logged-in user, the CSRF token, the locale) and the database
    session would leak from one request, and one client, to the next. After each request the
    test's session is expired, so objects it holds show what the request stored.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        def one_request() -> Any:
            response = super(IsolatedClient, self).open(*args, **kwargs)
            self._context_stack.close()  # end the request's contexts here, where they were pushed
            return response

        response = contextvars.Context().run(one_request)
        if has_app_context() and current_app._get_current_object() is self.application:  # type: ignore[attr-defined]
            db.session.expire_all()
        return response


@contextmanager
def fresh_app(**overrides: Any) -> Iterator[Flask]:
    """A Testing application with `overrides`, empty tables and isolated clients, torn down after."""
    application = create_app("testing", **overrides)
    application.test_client_class = IsolatedClient
    with application.app_context():
        db.drop_all()
        db.create_all()
        yield application
        db.session.remove()
        db.drop_all()
        db.engine.dispose()  # close pooled connections now, not at garbage collection


@pytest.fixture
def app() -> Iterator[Flask]:
    """A fresh application with empty tables (rate limits off unless a test turns them on)."""
    with fresh_app(RATELIMIT_ENABLED=False) as application:
        yield application


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Create a user through the real registration service; `role` and `password` are optional."""
    counter = {"n": 0}

    def factory(
        username: str | None = None,
        *,
        role: Role = Role.LEARNER,
        password: str = PASSWORD,
        email: str | None = None,
    ) -> User:
        counter["n"] += 1
        name = username or f"user{counter['n']}"
        return accounts.register_user(name, email or f"{name}@example.com", password, role=role)

    return factory


def csrf_token(client: FlaskClient, path: str = "/") -> str:
    """The CSRF token a page gives this client's session (read from the page's meta tag)."""
    page = client.get(path)
    match = CSRF_META.search(page.get_data(as_text=True))
    assert match, f"no csrf-token meta tag on {path} (status {page.status_code})"
    return match.group(1)


@dataclass
class AuthActions:
    """Log a test client in and out through the real forms, CSRF included."""

    client: FlaskClient

    def login(self, login: str, password: str = PASSWORD, **extra: Any) -> Any:
        token = csrf_token(self.client, "/auth/login")
        data = {"login-csrf_token": token, "login-login": login, "login-password": password, **extra}
        return self.client.post("/auth/login", data=data)

    def logout(self) -> Any:
        return self.client.post("/auth/logout", data={"csrf_token": csrf_token(self.client)})

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """POST a form with this session's CSRF token."""
        return self.client.post(path, data={"csrf_token": csrf_token(self.client), **(data or {})}, **kwargs)

    def post_json(self, path: str, payload: Any = None, method: str = "POST") -> Any:
        """Send JSON as the pages' scripts do: session cookie plus the X-CSRFToken header."""
        token = csrf_token(self.client)
        return self.client.open(path, method=method, json=payload, headers={"X-CSRFToken": token})


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    """Login/logout helpers for the default client."""
    return AuthActions(client)


def _logged_in(app: Flask, make_user: Callable[..., User], role: Role, name: str) -> tuple[FlaskClient, User]:
    client = app.test_client()
    user = make_user(name, role=role)
    response = AuthActions(client).login(user.email)
    assert response.status_code == 302, f"login of {name} failed with {response.status_code}"
    return client, user


@pytest.fixture
def learner(app: Flask, make_user: Callable[..., User]) -> tuple[FlaskClient, User]:
    """A client logged in as a learner, and that learner."""
    return _logged_in(app, make_user, Role.LEARNER, "lea")


@pytest.fixture
def other_learner(app: Flask, make_user: Callable[..., User]) -> tuple[FlaskClient, User]:
    """A second learner, to prove one learner never reaches another's data."""
    return _logged_in(app, make_user, Role.LEARNER, "oscar")


@pytest.fixture
def author(app: Flask, make_user: Callable[..., User]) -> tuple[FlaskClient, User]:
    """A client logged in as an author."""
    return _logged_in(app, make_user, Role.AUTHOR, "aurore")


@pytest.fixture
def admin(app: Flask, make_user: Callable[..., User]) -> tuple[FlaskClient, User]:
    """A client logged in as an admin."""
    return _logged_in(app, make_user, Role.ADMIN, "ada")


@pytest.fixture
def seeded(app: Flask) -> None:
    """The initial data of data/initial_db_data.sql (the astronomy and mathematics courses…)."""
    from app import seed_file
    from app.services.seeding import load_seed_file

    load_seed_file(seed_file(app))


@pytest.fixture
def astronomy(seeded: None) -> Any:
    """The seeded astronomy course."""
    from sqlalchemy import select

    from app.models import Course

    return db.session.scalar(select(Course).where(Course.slug == "astronomie"))
