"""An anonymous read does no work it does not need: no query, no write of the rate limiter's
storage, no session written again once the visitor has one; and every protection stays: the
CSRF token is checked on the login form, the login limit still counts in Redis, "strong" session
protection still drops a login copied to another browser, and a remember-me login lives on."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import redis
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from flask.testing import FlaskClient
from flask_wtf.csrf import generate_csrf, validate_csrf
from wtforms import ValidationError

from app.auth.models import User
from app.signing import ReusedSerializerSessionInterface
from app.signing import csrf_token as signed_csrf_token
from tests.conftest import CSRF_META, PASSWORD, AuthActions, csrf_token, fresh_app
from tests.sql_statements import counted_queries

REDIS_URL = "redis://127.0.0.1:6379/13"
REDIS_DB = 13
LOGIN_PAGE = "/auth/login"
ANONYMOUS_READS = [LOGIN_PAGE, "/", "/about", "/privacy", "/healthz"]


def set_cookies(response: Any) -> list[str]:
    """The Set-Cookie headers of a response."""
    return list(response.headers.getlist("Set-Cookie"))


def test_the_anonymous_login_page_sends_no_query(client: FlaskClient) -> None:
    client.get(LOGIN_PAGE)  # the page cache is filled: what every later visitor costs is measured
    fresh = client.application.test_client()
    with counted_queries() as statements:
        response = fresh.get(LOGIN_PAGE)
    assert response.status_code == 200
    assert statements == []


def test_a_first_visit_to_the_login_page_gets_a_session_holding_only_its_csrf_token(
    client: FlaskClient,
) -> None:
    response = client.get(LOGIN_PAGE)
    assert [c.split("=", 1)[0] for c in set_cookies(response)] == ["session"], set_cookies(response)
    serializer = client.application.session_interface.get_signing_serializer(client.application)  # type: ignore[attr-defined]
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert set(serializer.loads(cookie.value)) == {"csrf_token"}


def test_a_returning_anonymous_visitor_gets_no_cookie_written(client: FlaskClient) -> None:
    client.get(LOGIN_PAGE)  # the first visit opens the session that holds the CSRF token
    for path in ANONYMOUS_READS:
        response = client.get(path)
        assert response.status_code == 200, path
        assert set_cookies(response) == [], f"{path} wrote {set_cookies(response)}"


def test_anonymous_reads_without_a_form_open_no_session(client: FlaskClient) -> None:
    for path in ["/api/v1/health", "/healthz", "/static/css/styles.css"]:
        response = client.get(path)
        response.close()
        assert response.status_code == 200, path
        assert set_cookies(response) == [], f"{path} wrote {set_cookies(response)}"


def test_the_login_form_still_needs_its_csrf_token(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    make_user("camille")
    page = client.get(LOGIN_PAGE).get_data(as_text=True)
    token = CSRF_META.search(page)
    assert token is not None
    form = {"login-login": "camille", "login-password": PASSWORD}
    assert client.post(LOGIN_PAGE, data=form).status_code == 400, "a login without the token is refused"
    forged = {**form, "login-csrf_token": token.group(1)[:-2] + "xx"}
    assert client.post(LOGIN_PAGE, data=forged).status_code == 400, "a forged token is refused"
    accepted = client.post(LOGIN_PAGE, data={**form, "login-csrf_token": token.group(1)})
    assert accepted.status_code == 302, "the page's own token opens the session"


def test_every_anonymous_page_carries_the_security_headers(client: FlaskClient) -> None:
    for path in [LOGIN_PAGE, "/about"]:
        headers = client.get(path).headers
        assert headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert headers["Cache-Control"] == "private, no-cache"


def test_flask_reads_the_session_cookie_and_the_site_reads_flasks(app: Flask) -> None:
    stock = SecureCookieSessionInterface().get_signing_serializer(app)
    ours = ReusedSerializerSessionInterface().get_signing_serializer(app)
    assert stock is not None and ours is not None
    short = {"csrf_token": "a" * 40}
    long = {"csrf_token": "a" * 40, "note": "b" * 500}  # long enough to be compressed
    for payload in (short, long):
        assert stock.loads(ours.dumps(payload)) == payload
        assert ours.loads(stock.dumps(payload)) == payload
    assert ours.dumps(long).startswith("."), "a long payload is still compressed"


def test_the_csrf_token_is_the_one_flask_wtf_checks(app: Flask) -> None:
    with app.test_request_context("/auth/login"):
        token = signed_csrf_token()
        validate_csrf(token)  # raises on a token Flask-WTF would refuse
        assert generate_csrf() == token, "one token per request, whoever asks for it"
    with app.test_request_context("/auth/login"), pytest.raises(ValidationError):
        validate_csrf(token)  # another session (this one has no raw token): refused


# --- Rate limiter storage (a real Redis) -------------------------------------------------------


@pytest.fixture
def redis_limited() -> Iterator[Flask]:
    """Limits on, counted in Redis database 13 (emptied first), two logins a minute per address."""
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    connection.flushdb()
    with fresh_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_STORAGE_OPTIONS={},
        RATELIMIT_LOGIN="2 per minute",
    ) as application:
        yield application
    connection.flushdb()


@contextmanager
def redis_commands(database: int) -> Iterator[list[str]]:
    """Every command a client sends Redis on `database` while the block runs (seen through MONITOR;
    the commands a script runs inside Redis are not counted)."""
    seen: list[str] = []
    client = redis.Redis.from_url(REDIS_URL)
    marker = "end-of-watch"
    done = threading.Event()
    marker_client = redis.Redis.from_url(REDIS_URL)
    marker_client.ping()  # connected (and on its database) before the watch: only the marker is seen
    with client.monitor() as monitor:

        def listen() -> None:
            for command in monitor.listen():
                if command.get("db") != database or command.get("client_type") == "lua":
                    continue
                if marker in command["command"]:
                    done.set()
                    return
                seen.append(command["command"])

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        try:
            yield seen
        finally:
            marker_client.echo(marker)  # through the same database: the listener stops once it sees it
            assert done.wait(5), "the Redis monitor never saw the end marker"
            listener.join(5)


def test_anonymous_reads_never_touch_the_rate_limiter_storage(redis_limited: Flask) -> None:
    client = redis_limited.test_client()
    with redis_commands(REDIS_DB) as commands:
        for path in [*ANONYMOUS_READS, LOGIN_PAGE]:
            assert client.get(path).status_code == 200, path
    assert commands == []
    with redis_commands(REDIS_DB) as commands:  # the watch works: a login attempt is counted
        client.post(LOGIN_PAGE, data={"login-csrf_token": csrf_token(client, LOGIN_PAGE)})
    assert commands, "a POST to the login form must reach the limiter's storage"


def test_the_login_limit_is_still_enforced_in_redis(redis_limited: Flask) -> None:
    client = redis_limited.test_client()

    def attempt() -> Any:
        data = {"login-csrf_token": csrf_token(client, LOGIN_PAGE), "login-login": "x", "login-password": "y"}
        return client.post(LOGIN_PAGE, data=data)

    first = attempt()
    assert first.headers["X-RateLimit-Remaining"].isdigit(), "a limited write still says what is left"
    assert "X-RateLimit-Limit" not in client.get(LOGIN_PAGE).headers, "a read is not limited"
    assert attempt().status_code != 429
    assert attempt().status_code == 429


def test_a_limited_write_costs_one_redis_command_and_its_headers_still_count(redis_limited: Flask) -> None:
    redis_limited.config.update(RATELIMIT_CONTACT="4 per minute", WTF_CSRF_ENABLED=False)
    client = redis_limited.test_client()
    form = {"name": "Eve", "email": "eve@example.com", "message": "Bonjour, une question."}
    assert client.post("/contact", data=form).headers["X-RateLimit-Remaining"] == "3"
    with redis_commands(REDIS_DB) as commands:
        second = client.post("/contact", data=form)
    assert len(commands) == 1, f"one script counts the hit and reads the window's end: {commands}"
    assert commands[0].upper().startswith("EVALSHA")
    before = time.time()
    assert (second.headers["X-RateLimit-Limit"], second.headers["X-RateLimit-Remaining"]) == ("4", "2")
    assert before < int(second.headers["X-RateLimit-Reset"]) <= before + 61, "the window ends within a minute"
    assert client.post("/contact", data=form).headers["X-RateLimit-Remaining"] == "1"
    assert client.post("/contact", data=form).headers["X-RateLimit-Remaining"] == "0"
    refused = client.post("/contact", data=form)
    assert refused.status_code == 429
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert 1 <= int(refused.headers["Retry-After"]) <= 61


# --- Session protection and remember-me ---------------------------------------------------------


def test_a_login_copied_to_another_browser_is_dropped(app: Flask, make_user: Callable[..., User]) -> None:
    make_user("camille")
    owner, thief = app.test_client(), app.test_client()
    AuthActions(owner).login("camille")
    cookie = owner.get_cookie("session")
    assert cookie is not None
    thief.set_cookie("session", cookie.value)
    assert owner.get("/dashboard").status_code == 200
    stolen = thief.get("/dashboard", headers={"User-Agent": "another browser"})
    assert stolen.status_code == 302, "strong session protection drops a login from another browser"


def test_a_remember_me_login_survives_the_requests_after_it(
    app: Flask, make_user: Callable[..., User]
) -> None:
    make_user("camille")
    tablet = app.test_client()
    AuthActions(tablet).login("camille", **{"login-remember": "y"})
    tablet.delete_cookie("session")  # the browser was closed: only the remember-me cookie is left
    assert tablet.get("/dashboard").status_code == 200, "the remember-me cookie logs back in"
    second = tablet.get("/dashboard")
    assert second.status_code == 200, "the restored login holds on the next request"
    assert tablet.get_cookie("remember_token") is not None, "and the remember-me cookie is kept"
    assert tablet.get("/dashboard").status_code == 200


# --- The limiter's shortcut for reads holds only while every limit is on a write ----------------

WRITES = {"post", "put", "patch", "delete"}


def test_every_rate_limit_of_the_site_is_on_a_write(app: Flask) -> None:
    """The limiter lets reads through without looking (app/extensions.py): a limit put on a read
    would silently count nothing, so this fails the day one is added."""
    from flask_limiter.util import get_qualified_name

    from app.extensions import limiter

    methods_of_view: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        name = get_qualified_name(app.view_functions[rule.endpoint])
        methods_of_view.setdefault(name, set()).update(m.lower() for m in rule.methods or ())
    manager = limiter.limit_manager
    checked = 0
    for blueprint_limits in manager._blueprint_limits.values():
        for limit in blueprint_limits:
            assert limit.methods and set(limit.methods) <= WRITES, limit
            checked += 1
    for route, limits in manager._decorated_limits.items():
        for limit in limits:
            checked += 1
            if limit.methods:
                assert set(limit.methods) <= WRITES, (route, limit.methods)
            elif route.rsplit(".", 1)[-1] not in WRITES:  # a method view's write method is fine
                methods = methods_of_view.get(route, set()) - {"head", "options"}
                assert methods and methods <= WRITES, (route, methods)
    assert checked >= 10, "the limits were not found where Flask-Limiter keeps them"
