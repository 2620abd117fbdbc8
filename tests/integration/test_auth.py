"""Registration and login, as a person sees them: the HTML forms (POST + redirect) and the page
script's fetch variant (the same form fields, `Accept: application/json`, the token in X-CSRFToken).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app import db
from app.auth.models import User
from tests.conftest import PASSWORD, AuthActions, csrf_token

JSON_HEADERS = {"Accept": "application/json"}
GENERIC_LOGIN_FAILURE = "Identifiants incorrects."


def register_form(client: FlaskClient, username: str, email: str, password: str, **kwargs: Any) -> Any:
    """Submit the inscription page's register form as a browser without JavaScript does."""
    data = {
        "register-csrf_token": csrf_token(client, "/auth/register"),
        "register-username": username,
        "register-email": email,
        "register-password": password,
    }
    return client.post("/auth/register", data=data, **kwargs)


def register_fetch(client: FlaskClient, username: str, email: str, password: str) -> Any:
    """Submit the register form as inscription.js does: FormData, Accept JSON, X-CSRFToken."""
    token = csrf_token(client, "/auth/register")
    data = {
        "register-csrf_token": token,
        "register-username": username,
        "register-email": email,
        "register-password": password,
    }
    return client.post("/auth/register", data=data, headers={**JSON_HEADERS, "X-CSRFToken": token})


def login_fetch(client: FlaskClient, login: str, password: str, path: str = "/auth/login") -> Any:
    """Submit the login form as inscription.js does."""
    token = csrf_token(client, "/auth/login")
    data = {"login-csrf_token": token, "login-login": login, "login-password": password}
    return client.post(path, data=data, headers={**JSON_HEADERS, "X-CSRFToken": token})


def user_named(username: str) -> User | None:
    """The stored account with this username, if any."""
    return db.session.scalar(select(User).where(User.username == username))


# --- registration ---------------------------------------------------------------------------------


def test_register_form_creates_the_account_and_sends_to_login(client: FlaskClient) -> None:
    response = register_form(client, "camille", "Camille@Example.com", PASSWORD, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert response.request.path == "/auth/login", "after registering, the person lands on the login form"
    assert "Inscription réussie! Vous pouvez maintenant vous connecter." in page
    user = user_named("camille")
    assert user is not None, "the account was not stored"
    assert user.email == "camille@example.com", "emails are stored lower-cased"
    assert user.password_hash and PASSWORD not in user.password_hash, "the password is stored hashed"


def test_register_fetch_answers_json_with_the_next_page(client: FlaskClient) -> None:
    response = register_fetch(client, "camille", "camille@example.com", PASSWORD)
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json() == {
        "message": "Inscription réussie! Vous pouvez maintenant vous connecter.",
        "next": "/auth/login",
    }
    assert user_named("camille") is not None


def test_duplicate_email_is_refused_whatever_its_case(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    make_user("camille", email="camille@example.com")
    response = register_fetch(client, "someone-else", "CAMILLE@Example.COM", PASSWORD)
    assert response.status_code == 409, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["message"] == "Cette adresse email est déjà utilisée."
    assert error["fields"] == {"email": ["Cette adresse email est déjà utilisée."]}

    page = register_form(client, "someone-else", "Camille@example.com", PASSWORD)
    assert page.status_code == 409
    assert "Cette adresse email est déjà utilisée." in page.get_data(as_text=True)


def test_duplicate_username_is_refused_whatever_its_case(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    make_user("camille")
    response = register_fetch(client, "CAMILLE", "other@example.com", PASSWORD)
    assert response.status_code == 409, response.get_data(as_text=True)
    assert response.get_json()["error"]["fields"] == {"username": ["Ce nom d'utilisateur est déjà pris."]}
    page = register_form(client, "Camille", "other@example.com", PASSWORD)
    assert "Ce nom d&#39;utilisateur est déjà pris." in page.get_data(as_text=True)
    assert len(db.session.scalars(select(User)).all()) == 1, "no second account was created"


@pytest.mark.parametrize("email", ["not-an-email", "camille@", "@example.com", "camille@exa mple.com"])
def test_invalid_email_is_refused(client: FlaskClient, email: str) -> None:
    response = register_fetch(client, "camille", email, PASSWORD)
    assert response.status_code == 422, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert "email" in error["fields"], f"the email field should be blamed, got {error}"
    page = register_form(client, "camille", email, PASSWORD)
    assert page.status_code == 422
    assert "Vérifiez les champs du formulaire." in page.get_data(as_text=True)
    assert user_named("camille") is None


def test_password_under_twelve_characters_is_refused(client: FlaskClient) -> None:
    response = register_fetch(client, "camille", "camille@example.com", "Short-pw-11")
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.get_json()["error"]["fields"]["password"] == [
        "Le mot de passe doit contenir au moins 12 caractères."
    ]
    page = register_form(client, "camille", "camille@example.com", "Short-pw-11")
    assert "Le mot de passe doit contenir au moins 12 caractères." in page.get_data(as_text=True)
    assert user_named("camille") is None


def test_a_common_password_is_refused(client: FlaskClient) -> None:
    response = register_fetch(client, "camille", "camille@example.com", "password1234")
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.get_json()["error"]["fields"]["password"] == [
        "Ce mot de passe est trop courant ; choisissez-en un autre."
    ]
    assert user_named("camille") is None


def test_a_200_character_passphrase_is_accepted_and_never_truncated(client: FlaskClient) -> None:
    passphrase = ("les étoiles filantes traversent le ciel d'août " * 5)[:200]
    assert len(passphrase) == 200
    assert register_fetch(client, "camille", "camille@example.com", passphrase).status_code == 201

    prefix = login_fetch(client, "camille", passphrase[:199])
    assert prefix.status_code == 401, "the 199-character prefix must not open the account"
    full = login_fetch(client, "camille", passphrase)
    assert full.status_code == 200, full.get_data(as_text=True)
    assert full.get_json()["message"] == "Connexion réussie!"


# --- login ----------------------------------------------------------------------------------------


def test_login_by_email_with_the_form_goes_to_preferences_the_first_time(
    client: FlaskClient, auth: AuthActions, make_user: Callable[..., User]
) -> None:
    make_user("camille")
    response = auth.login("CAMILLE@example.com")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"] == "/preferences", "the first login leads to the preferences"
    assert client.get("/auth/profile").status_code == 200, "the session is logged in"


def test_later_logins_go_to_the_dashboard(
    client: FlaskClient, auth: AuthActions, make_user: Callable[..., User]
) -> None:
    make_user("camille")
    auth.login("camille")
    auth.logout()
    response = auth.login("camille")
    assert response.headers["Location"] == "/dashboard", "a returning learner lands on the dashboard"


def test_login_by_username_with_fetch_answers_json(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    make_user("camille")
    response = login_fetch(client, "Camille", PASSWORD)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json() == {"message": "Connexion réussie!", "next": "/preferences"}
    assert client.get("/auth/profile").status_code == 200


def test_wrong_password_and_unknown_user_get_the_same_answer(
    client: FlaskClient, auth: AuthActions, make_user: Callable[..., User]
) -> None:
    make_user("camille")
    wrong = login_fetch(client, "camille", "not the right password")
    unknown = login_fetch(client, "nobody-here", "not the right password")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json(), "the answers must not tell which part was wrong"
    assert wrong.get_json()["error"]["message"] == GENERIC_LOGIN_FAILURE

    wrong_page = auth.login("camille", "not the right password")
    unknown_page = auth.login("nobody@example.com", "not the right password")
    assert wrong_page.status_code == unknown_page.status_code == 401
    for page in (wrong_page, unknown_page):
        assert GENERIC_LOGIN_FAILURE in page.get_data(as_text=True)
    assert client.get("/auth/profile").status_code == 302, "nobody is logged in"


def test_remember_me_sets_a_remember_cookie(
    client: FlaskClient, auth: AuthActions, make_user: Callable[..., User]
) -> None:
    make_user("camille")
    auth.login("camille", **{"login-remember": "y"})
    cookie = client.get_cookie("remember_token")
    assert cookie is not None, "ticking 'Se souvenir de moi' must set the remember cookie"
    assert cookie.http_only, "the remember cookie is HttpOnly"


def test_without_remember_me_there_is_no_remember_cookie(
    client: FlaskClient, auth: AuthActions, make_user: Callable[..., User]
) -> None:
    make_user("camille")
    auth.login("camille")
    assert client.get_cookie("remember_token") is None


def test_an_inactive_account_cannot_log_in(
    client: FlaskClient, auth: AuthActions, make_user: Callable[..., User]
) -> None:
    user = make_user("camille")
    user.active = False
    db.session.commit()
    response = auth.login("camille")
    assert response.status_code == 401
    assert GENERIC_LOGIN_FAILURE in response.get_data(as_text=True)
    assert client.get("/auth/profile").status_code == 302, "the inactive account is not logged in"


def test_the_inscription_page_shows_both_forms(client: FlaskClient) -> None:
    page = client.get("/auth/register").get_data(as_text=True)
    assert 'id="register-form"' in page and 'id="login-form"' in page
    assert "Rejoignez LearnAnything" in page
    login_page = client.get("/auth/login").get_data(as_text=True)
    assert "Connectez-vous à LearnAnything" in login_page
