"""Shared fixtures: an application on the Testing config, its database, a client, and logged-in
users of every role.

The database is in-memory SQLite unless TEST_DATABASE_URL names another one (PostgreSQL in CI);
every test starts from empty tables.

Building an application costs about 0.2 s (the API's OpenAPI document and the URL map are built
by `create_app`), more than most tests take; so the `app` fixture builds the default Testing
application once per session and gives each test that application with empty tables, its
configuration restored and its per-application caches cleared. A test that needs its own settings
or adds routes builds a private one with `fresh_app(**overrides)`.

Tests that start processes, browsers or long generated runs are marked `slow` (by path below, or
with `pytestmark = pytest.mark.slow`); `make test-fast` leaves them out.
"""

from __future__ import annotations

import contextvars
import email
import email.policy
import os
import re
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask, current_app, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import delete, inspect, text

from app import create_app, db
from app.auth.models import Role, User
from app.auth.oauth import init_oauth
from app.extensions import limiter
from app.services import accounts
from tests.llm_stand_in import ChatCompletionsStandIn

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


class Mailbox:
    """The mails a real local SMTP server (aiosmtpd) received, parsed, oldest first."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        """Forget what was received (each test starts with an empty mailbox)."""
        with self._lock:
            self.messages.clear()

    def to(self, address: str) -> list[email.message.EmailMessage]:
        """The mails sent to `address`."""
        with self._lock:
            return [m for m in self.messages if address in str(m["To"])]

    def body(self, message: email.message.EmailMessage) -> str:
        """The plain-text body of a mail."""
        part = message.get_body(preferencelist=("plain",))
        assert part is not None, "the mail has a plain-text body"
        return str(part.get_content())

    def link(self, address: str, path: str) -> str:
        """The path of the last link to `path…` mailed to `address`, to open with a test client."""
        for message in reversed(self.to(address)):
            found = re.search(r"https?://[^/\s]+(" + re.escape(path) + r"[^\s]*)", self.body(message))
            if found:
                return found.group(1)
        raise AssertionError(f"no mail to {address} holds a link to {path}")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    """A real SMTP server on a free local port for the whole run, and what it received."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield mailbox, port
    controller.stop()


@pytest.fixture
def mailbox(smtp_server: tuple[Mailbox, int]) -> Mailbox:
    """The SMTP server's mailbox, emptied for this test."""
    box, _port = smtp_server
    box.clear()
    return box


def mail_settings(smtp_server: tuple[Mailbox, int]) -> dict[str, Any]:
    """Settings that send the application's mail to the local SMTP server."""
    return {"MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server[1]}


@pytest.fixture
def llm_server() -> Iterator[ChatCompletionsStandIn]:
    """A real chat-completions server on a free local port (tests/llm_stand_in.py), stopped after the test."""
    server = ChatCompletionsStandIn()
    server.start()
    yield server
    server.stop()


def llm_settings(server: ChatCompletionsStandIn, **overrides: Any) -> dict[str, Any]:
    """Settings that point the site's language model at the local stand-in server."""
    return {"LLM_BASE_URL": server.url, "LLM_MODEL": "stand-in", "LLM_API_KEY": "test", **overrides}


@pytest.fixture
def llm_app(llm_server: ChatCompletionsStandIn, smtp_server: tuple[Mailbox, int]) -> Iterator[Flask]:
    """A private application (empty tables, rate limits off) whose language model is the stand-in."""
    with fresh_app(
        RATELIMIT_ENABLED=False, **mail_settings(smtp_server), **llm_settings(llm_server)
    ) as application:
        yield application


# Whole modules that run processes, browsers or property-based API fuzzing: marked `slow`.
SLOW_PATHS = ("tests/e2e/", "tests/api/test_schemathesis.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under SLOW_PATHS `slow`, so `-m "not slow"` leaves them out."""
    root = config.rootpath
    for item in items:
        relative = item.path.relative_to(root).as_posix() if item.path.is_relative_to(root) else ""
        if relative.startswith(SLOW_PATHS):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def shared_app(smtp_server: tuple[Mailbox, int]) -> Iterator[Flask]:
    """The default Testing application (rate limits off, mail to the local SMTP server), built once
    for the whole session."""
    application = create_app("testing", RATELIMIT_ENABLED=False, **mail_settings(smtp_server))
    application.test_client_class = IsolatedClient
    with application.app_context():
        db.drop_all()
    yield application
    with application.app_context():
        db.drop_all()
        db.engine.dispose()


def _empty_tables() -> None:
    """Delete every row, children first; on PostgreSQL restart the id sequences as a new schema would.

    A test that built a private application on the same PostgreSQL database dropped the tables
    when it ended: there is nothing left to empty, and the next test's setup creates them again.
    """
    tables = db.metadata.sorted_tables
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            if not inspect(connection).has_table(tables[0].name):
                return
            names = ", ".join(connection.dialect.identifier_preparer.quote(t.name) for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                connection.execute(delete(table))


@pytest.fixture
def app(shared_app: Flask) -> Iterator[Flask]:
    """An application with empty tables (rate limits off unless a test turns them on).

    It is the session's one application: its configuration is restored and the caches it keeps
    in `app.extensions` are dropped after each test, so nothing a test changes reaches the next.
    """
    settings = dict(shared_app.config)
    extensions = set(shared_app.extensions)
    # The limiter and the OAuth registry keep their state on the process-wide extension object,
    # and the last application built wins: bind them to this one again (neither adds a hook here).
    limiter.init_app(shared_app)
    init_oauth(shared_app)
    with shared_app.app_context():
        db.create_all()  # checks first: only a test that dropped the tables makes this do work
        try:
            yield shared_app
        finally:
            db.session.remove()
            _empty_tables()
            shared_app.config.clear()
            shared_app.config.update(settings)
            for key in set(shared_app.extensions) - extensions:
                del shared_app.extensions[key]


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Create a ready account (address verified) through the real registration service; `role`,
    `password` and `email` are optional."""
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
        return accounts.register_user(
            name, email or f"{name}@example.com", password, role=role, verified=True
        )

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


@dataclass(frozen=True)
class SignedIn:
    """A test client signed in through the real login form, and the person it is signed in as."""

    client: FlaskClient
    user: User

    @property
    def auth(self) -> AuthActions:
        """Form and JSON helpers (CSRF included) for this person's client."""
        return AuthActions(self.client)


def signed_in(app: Flask, user: User) -> SignedIn:
    """A fresh client of `app` logged in as `user` (whose password is PASSWORD)."""
    client = app.test_client()
    response = AuthActions(client).login(user.email)
    assert response.status_code == 302, f"login of {user.username} failed with {response.status_code}"
    return SignedIn(client, user)


@pytest.fixture
def learner(app: Flask, make_user: Callable[..., User]) -> SignedIn:
    """A client logged in as a learner, and that learner."""
    return signed_in(app, make_user("lea", role=Role.LEARNER))


@pytest.fixture
def other_learner(app: Flask, make_user: Callable[..., User]) -> SignedIn:
    """A second learner, to prove one learner never reaches another's data."""
    return signed_in(app, make_user("oscar", role=Role.LEARNER))


@pytest.fixture
def author(app: Flask, make_user: Callable[..., User]) -> SignedIn:
    """A client logged in as an author, and that author."""
    return signed_in(app, make_user("aurore", role=Role.AUTHOR))


@pytest.fixture
def admin(app: Flask, make_user: Callable[..., User]) -> SignedIn:
    """A client logged in as an admin, and that admin."""
    return signed_in(app, make_user("ada", role=Role.ADMIN))


PRODUCTION_SECRET = "a-long-random-production-secret-key-0123456789abcdef"


@pytest.fixture
def production_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The production configuration on an empty in-memory database (tables created)."""
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    application = create_app(
        "production",
        SECRET_KEY=PRODUCTION_SECRET,
        SQLALCHEMY_DATABASE_URI="sqlite://",
        RATELIMIT_ALLOW_MEMORY=True,  # one process here: in-memory counters are right
    )
    with application.app_context():
        db.create_all()
        yield application
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


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


@contextmanager
def running_worker(application: Flask) -> Iterator[None]:
    """A real huey consumer (one worker thread) serving `application`'s queue, stopped after.

    The consumer installs SIGINT/SIGTERM/SIGHUP handlers for its graceful stop; they are the
    test runner's again once it has stopped.
    """
    from app.jobs import worker

    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer = worker(application, 1, max_delay=0.1)
    consumer.start()
    try:
        yield
    finally:
        consumer.stop(graceful=True)
        for number, handler in handlers.items():
            signal.signal(number, handler)


def worker_settings(folder: Path, **overrides: Any) -> dict[str, Any]:
    """Settings of a site whose jobs run on a worker thread: a queue file of its own in `folder`
    (never a shared one) and, unless TEST_DATABASE_URL names one, a database file there too (an
    in-memory SQLite database is one connection, which two threads cannot share)."""
    settings: dict[str, Any] = {"JOB_QUEUE_URL": f"sqlite:///{folder / 'jobs.sqlite'}"}
    if not os.environ.get("TEST_DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{folder / 'site.sqlite'}"
    return settings | overrides
