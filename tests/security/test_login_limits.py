"""Limits that limit: the per-account login limit follows the account, not the spelling typed; a
tight (account, address) limit and a looser per-account one slow guessers without locking the
owner out (the owner is mailed an unlock link); every other password check is limited too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.auth.models import User
from app.services import accounts
from tests.conftest import PASSWORD, AuthActions, Mailbox, csrf_token, fresh_app, mail_settings

TOO_MANY = "Trop de tentatives. Merci de patienter avant de réessayer."


@pytest.fixture
def limited(smtp_server: tuple[Mailbox, int], mailbox: Mailbox) -> Iterator[Flask]:
    """Limits on: 3 tries an hour per account, 2 a minute per (account, address), many per address."""
    with fresh_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_LOGIN="100 per minute",
        RATELIMIT_LOGIN_ACCOUNT="3 per hour",
        RATELIMIT_LOGIN_ACCOUNT_ADDRESS="2 per minute",
        RATELIMIT_PASSWORD_CHECK="3 per minute",
        RATELIMIT_ANSWER="3 per minute",
        **mail_settings(smtp_server),
    ) as application:
        yield application


def owner(application: Flask) -> User:
    """The account under attack: testuser, whose address is testuser@example.com."""
    return accounts.register_user("testuser", "testuser@example.com", PASSWORD, verified=True)


WRONG = "wrong password!"


def attempt(client: FlaskClient, login: str, address: str, password: str = WRONG) -> Any:
    """One login try from `address`."""
    data = {
        "login-csrf_token": csrf_token(client, "/auth/login"),
        "login-login": login,
        "login-password": password,
    }
    return client.post("/auth/login", data=data, environ_base={"REMOTE_ADDR": address})


def test_the_email_spelling_no_longer_bypasses_a_limit_on_the_username(limited: Flask) -> None:
    owner(limited)
    client = limited.test_client()
    # The attack: the per-account counter was keyed on the text typed, so switching from the
    # username to the email (or changing its case) gave a fresh allowance.
    statuses = [
        attempt(client, login, f"198.51.100.{n}").status_code
        for n, login in enumerate(["testuser", "TestUser@Example.com", " TESTUSER "], 1)
    ]
    assert statuses == [401, 401, 401]
    blocked = attempt(client, "testuser@example.com", "198.51.100.9")
    assert blocked.status_code == 429, "every spelling of the account draws on one allowance"
    assert TOO_MANY in blocked.get_data(as_text=True)


def test_unknown_identifiers_are_counted_by_their_normalised_form(limited: Flask) -> None:
    client = limited.test_client()
    statuses = [
        attempt(client, login, f"198.51.100.{n}").status_code
        for n, login in enumerate(["nobody", "NOBODY ", "Nobody"], 1)
    ]
    assert statuses == [401, 401, 401]
    assert attempt(client, "nobody", "198.51.100.9").status_code == 429


def test_one_address_is_held_back_on_an_account_before_the_account_is(limited: Flask) -> None:
    owner(limited)
    guesser, owner_browser = limited.test_client(), limited.test_client()
    assert [attempt(guesser, "testuser", "203.0.113.66").status_code for _ in range(2)] == [401, 401]
    assert attempt(guesser, "testuser", "203.0.113.66").status_code == 429, (
        "the tight (account, address) limit"
    )
    response = attempt(owner_browser, "testuser", "192.0.2.10", PASSWORD)
    assert response.status_code == 302, "the owner, from their own address, still gets in"


def test_the_owner_held_back_by_the_account_limit_is_mailed_an_unlock_link(
    limited: Flask, mailbox: Mailbox
) -> None:
    owner(limited)
    guesser, owner_browser = limited.test_client(), limited.test_client()
    for n in range(3):
        attempt(guesser, "testuser", f"203.0.113.{n}")
    assert attempt(guesser, "testuser", "203.0.113.50").status_code == 429
    blocked = attempt(owner_browser, "testuser", "192.0.2.10", PASSWORD)
    assert blocked.status_code == 429, "the account limit holds everyone back, the owner too…"

    [mail] = mailbox.to("testuser@example.com")  # one mail, however many refusals
    assert mail["Subject"] == "Connexion bloquée sur votre compte"
    link = mailbox.link("testuser@example.com", "/auth/unlock/")
    opened = owner_browser.get(link, follow_redirects=True)
    assert "Ce navigateur peut de nouveau se connecter à votre compte." in opened.get_data(as_text=True)
    assert attempt(owner_browser, "testuser", "192.0.2.10", PASSWORD).status_code == 302, "…until the link"
    assert attempt(guesser, "testuser", "203.0.113.51").status_code == 429, "the guesser is still refused"


def test_a_forged_unlock_cookie_does_nothing(limited: Flask) -> None:
    owner(limited)
    client = limited.test_client()
    for n in range(3):
        attempt(client, "testuser", f"203.0.113.{n}")
    client.set_cookie("login_unlock", "1.forged", path="/auth/")
    assert attempt(client, "testuser", "203.0.113.60", PASSWORD).status_code == 429


def signed_in(application: Flask) -> tuple[FlaskClient, AuthActions]:
    owner(application)
    client = application.test_client()
    actions = AuthActions(client)
    assert actions.login("testuser").status_code == 302
    return client, actions


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/auth/confirm", {"password": "wrong password!"}),
        (
            "/auth/profile",
            {"current_password": "wrong password!", "new_password": "x" * 20, "confirm": "x" * 20},
        ),
        ("/auth/delete-account", {"password": "wrong password!", "sure": "y"}),
    ],
)
def test_every_password_check_of_a_signed_in_person_is_limited(
    limited: Flask, path: str, fields: dict[str, str]
) -> None:
    _client, actions = signed_in(limited)
    statuses = [actions.post(path, fields).status_code for _ in range(3)]
    assert 429 not in statuses, statuses
    blocked = actions.post(path, fields)
    assert blocked.status_code == 429, f"the fourth password guess on {path} is refused"
    assert TOO_MANY in blocked.get_data(as_text=True)


def test_the_api_password_checks_are_limited(limited: Flask) -> None:
    _client, actions = signed_in(limited)
    body = {"current_password": "wrong password!", "new_password": "une phrase de passe toute neuve"}
    statuses = [actions.post_json("/api/v1/me/password", body, method="PUT").status_code for _ in range(4)]
    assert statuses == [422, 422, 422, 429]


def test_the_answer_form_is_limited(limited: Flask) -> None:
    from app import seed_file
    from app.services.seeding import load_seed_file

    load_seed_file(seed_file(limited))  # its testuser, whose password the README gives
    client = limited.test_client()
    actions = AuthActions(client)
    assert actions.login("testuser", "etoiles-et-planetes").status_code == 302
    path = "/courses/astronomie/questions/1/answer"
    statuses = [actions.post(path, {"q1-answer": "Mars"}).status_code for _ in range(4)]
    assert statuses[-1] == 429 and 429 not in statuses[:3], statuses
