"""Rate limits on the doors attackers knock at: login (per address and per account) and
registration answer 429 with a clear French message and a Retry-After header once the limit is
reached."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from tests.conftest import csrf_token, fresh_app

TOO_MANY = "Trop de tentatives. Merci de patienter avant de réessayer."


@pytest.fixture
def limited_app() -> Iterator[Flask]:
    """An application with rate limits on: 3 logins and 3 registrations a minute."""
    with fresh_app(
        RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute", RATELIMIT_REGISTER="3 per minute"
    ) as application:
        yield application


def test_the_fourth_login_attempt_in_a_minute_is_refused(limited_app: Flask) -> None:
    client = limited_app.test_client()
    token = csrf_token(client, "/auth/login")
    data = {"login-csrf_token": token, "login-login": "camille", "login-password": "wrong password!"}
    statuses = [client.post("/auth/login", data=data).status_code for _ in range(3)]
    assert statuses == [401, 401, 401], "the first three attempts are answered normally"

    blocked = client.post("/auth/login", data=data)
    assert blocked.status_code == 429
    assert TOO_MANY in blocked.get_data(as_text=True)
    assert int(blocked.headers["Retry-After"]) > 0, "the answer says how long to wait"

    as_json = client.post("/auth/login", data=data, headers={"Accept": "application/json"})
    assert as_json.status_code == 429
    assert as_json.get_json()["error"]["message"] == TOO_MANY
    assert "Retry-After" in as_json.headers


@pytest.fixture
def account_limited_app() -> Iterator[Flask]:
    """Rate limits on: 3 login attempts an hour per account, a generous limit per address."""
    with fresh_app(
        RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="100 per minute", RATELIMIT_LOGIN_ACCOUNT="3 per hour"
    ) as application:
        yield application


def test_guessing_one_account_from_many_addresses_is_refused_after_the_account_limit(
    account_limited_app: Flask,
) -> None:
    client = account_limited_app.test_client()
    token = csrf_token(client, "/auth/login")

    def attempt(login: str, address: str, **kwargs: Any) -> Any:
        data = {"login-csrf_token": token, "login-login": login, "login-password": "wrong password!"}
        return client.post("/auth/login", data=data, environ_base={"REMOTE_ADDR": address}, **kwargs)

    spellings = ["camille", " Camille ", "CAMILLE"]
    statuses = [attempt(login, f"203.0.113.{n}").status_code for n, login in enumerate(spellings, 1)]
    assert statuses == [401, 401, 401], "three attempts on the account, from three addresses, are answered"

    blocked = attempt("Camille", "203.0.113.4")
    assert blocked.status_code == 429, (
        "a fourth attempt on the same account, from a fresh address, is refused"
    )
    assert TOO_MANY in blocked.get_data(as_text=True)
    assert int(blocked.headers["Retry-After"]) > 0, "the answer says how long to wait"

    as_json = attempt("camille", "203.0.113.5", headers={"Accept": "application/json"})
    assert as_json.status_code == 429
    assert as_json.get_json()["error"]["message"] == TOO_MANY

    other = attempt("dominique", "203.0.113.4")
    assert other.status_code == 401, "another account is not held back by camille's limit"


def test_the_fourth_registration_in_a_minute_is_refused(limited_app: Flask) -> None:
    client = limited_app.test_client()
    token = csrf_token(client, "/auth/register")
    for number in range(3):
        response = client.post(
            "/auth/register",
            data={
                "register-csrf_token": token,
                "register-username": f"bot{number}",
                "register-email": f"bot{number}@example.com",
                "register-password": "correct horse battery staple",
                "register-privacy": "y",
            },
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    blocked = client.post(
        "/auth/register",
        data={
            "register-csrf_token": token,
            "register-username": "bot9",
            "register-email": "bot9@example.com",
            "register-password": "correct horse battery staple",
        },
    )
    assert blocked.status_code == 429
    assert TOO_MANY in blocked.get_data(as_text=True)
    assert int(blocked.headers["Retry-After"]) > 0


def test_reading_the_login_page_is_not_limited(limited_app: Flask) -> None:
    client = limited_app.test_client()
    statuses = {client.get("/auth/login").status_code for _ in range(6)}
    assert statuses == {200}, "only the POST that checks a password counts"


@pytest.mark.parametrize(
    "settings",
    [
        {"RATELIMIT_LOGIN": "1 per minute", "RATELIMIT_HEADERS_ENABLED": False},  # no limiter headers
        {"RATELIMIT_LOGIN": "1 per second"},  # the window always ends in less than a second
        {"RATELIMIT_LOGIN": "1 per second", "RATELIMIT_STRATEGY": "moving-window"},
    ],
    ids=["headers-off", "fixed-window", "moving-window"],
)
def test_a_429_always_asks_to_wait_one_second_at_least(settings: dict[str, Any]) -> None:
    with fresh_app(RATELIMIT_ENABLED=True, **settings) as application:
        client = application.test_client()
        token = csrf_token(client, "/auth/login")
        data = {"login-csrf_token": token, "login-login": "camille", "login-password": "wrong password!"}
        waits = []
        for _ in range(3):
            client.post("/auth/login", data=data)
            page = client.post("/auth/login", data=data)
            as_json = client.post("/auth/login", data=data, headers={"Accept": "application/json"})
            waits += [r.headers.get("Retry-After") for r in (page, as_json) if r.status_code == 429]
    assert waits, "a second login within the window is refused"
    assert all(wait is not None and int(wait) >= 1 for wait in waits), f"Retry-After values: {waits}"


@pytest.mark.parametrize(
    ("given", "sent"), [("0", "1"), ("0.2", "1"), (None, "1"), ("42", "42"), ("1.5", "2")]
)
def test_retry_after_is_rounded_up_to_one_second_at_least(given: str | None, sent: str) -> None:
    from flask import Response

    from app.errors import retry_after_at_least_one_second

    response = Response("", status=429, headers={"Retry-After": given} if given is not None else {})
    assert retry_after_at_least_one_second(response).headers["Retry-After"] == sent
    fine = Response("", status=200)
    assert "Retry-After" not in retry_after_at_least_one_second(fine).headers, "only 429 answers get one"
