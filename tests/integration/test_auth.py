"""Registration and login, as a person sees them: the HTML forms (POST + redirect) and the page
script's fetch variant (the same form fields, `Accept: application/json`, the token in X-CSRFToken).

Registration answers the same generic message whatever the address, and mails the verification
link (read here from the real local SMTP server of tests/conftest.py); login waits for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app import db
from app.auth.models import User
from tests.conftest import PASSWORD, AuthActions, Mailbox, csrf_token

JSON_HEADERS = {"Accept": "application/json"}
GENERIC_LOGIN_FAILURE = "Identifiants incorrects."
GENERIC_REGISTRATION = (
    "Si cette adresse peut être utilisée, un message est en route. "
    "Ouvrez le lien qu'il contient pour activer votre compte."
)


def register_form(client: FlaskClient, username: str, email: str, password: str, **kwargs: Any) -> Any:
    """Submit the inscription page's register form as a browser without JavaScript does."""
    data = {
        "register-csrf_token": csrf_token(client, "/auth/register"),
        "register-username": username,
        "register-email": email,
        "register-password": password,
        "register-privacy": "y",
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
        "register-privacy": "y",
    }
    return client.post("/auth/register", data=data, headers={**JSON_HEADERS, "X-CSRFToken": token})


def verify(client: FlaskClient, mailbox: Mailbox, address: str) -> None:
    """Open the verification link mailed to `address`, as its owner does."""
    response = client.get(mailbox.link(address, "/auth/verify/"), follow_redirects=True)
    assert "Adresse confirmée ! Vous pouvez maintenant vous connecter." in response.get_data(as_text=True)


def login_fetch(client: FlaskClient, login: str, password: str, path: str = "/auth/login") -> Any:
    """Submit the login form as inscription.js does."""
    token = csrf_token(client, "/auth/login")
    data = {"login-csrf_token": token, "login-login": login, "login-password": password}
    return client.post(path, data=data, headers={**JSON_HEADERS, "X-CSRFToken": token})


def user_named(username: str) -> User | None:
    """The stored account with this username, if any."""
    return db.session.scalar(select(User).where(User.username == username))


# --- registration ---------------------------------------------------------------------------------


def test_register_form_creates_the_account_and_sends_to_login(client: FlaskClient, mailbox: Mailbox) -> None:
    response = register_form(client, "camille", "Camille@Example.com", PASSWORD, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert response.request.path == "/auth/login", "after registering, the person lands on the login form"
    assert GENERIC_REGISTRATION.replace("'", "&#39;") in page
    user = user_named("camille")
    assert user is not None, "the account was not stored"
    assert user.email == "camille@example.com", "emails are stored lower-cased"
    assert user.password_hash and PASSWORD not in user.password_hash, "the password is stored hashed"
    assert user.email_verified_at is None and user.privacy_accepted_at is not None
    [message] = mailbox.to("camille@example.com")
    assert message["Subject"] == "Confirmez votre adresse email"


def test_register_fetch_answers_json_with_the_next_page(client: FlaskClient) -> None:
    response = register_fetch(client, "camille", "camille@example.com", PASSWORD)
    assert response.status_code == 202, response.get_data(as_text=True)
    assert response.get_json() == {"message": GENERIC_REGISTRATION, "next": "/auth/login"}
    assert user_named("camille") is not None


def test_registration_needs_the_privacy_box_ticked(client: FlaskClient) -> None:
    token = csrf_token(client, "/auth/register")
    data = {
        "register-csrf_token": token,
        "register-username": "camille",
        "register-email": "camille@example.com",
        "register-password": PASSWORD,
    }
    response = client.post("/auth/register", data=data, headers=JSON_HEADERS)
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "privacy": ["Acceptez la page « Vos données » pour créer un compte."]
    }
    assert user_named("camille") is None


def test_login_waits_for_the_address_to_be_verified(client: FlaskClient, mailbox: Mailbox) -> None:
    register_fetch(client, "camille", "camille@example.com", PASSWORD)
    refused = login_fetch(client, "camille", PASSWORD)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["message"] == (
        "Confirmez d'abord votre adresse email : nous venons de vous renvoyer le lien."
    )
    assert len(mailbox.to("camille@example.com")) == 2, "the link was mailed again"
    wrong = login_fetch(client, "camille", "not the password at all")
    assert wrong.status_code == 401, "without the password nothing says the account is unverified"

    verify(client, mailbox, "camille@example.com")
    assert login_fetch(client, "camille", PASSWORD).status_code == 200


def test_a_forged_verification_link_does_nothing(client: FlaskClient, mailbox: Mailbox) -> None:
    register_fetch(client, "camille", "camille@example.com", PASSWORD)
    link = mailbox.link("camille@example.com", "/auth/verify/")
    response = client.get(link[:-3] + "abc", follow_redirects=True)
    assert "Ce lien n&#39;est plus valable." in response.get_data(as_text=True)
    user = user_named("camille")
    assert user is not None and user.email_verified_at is None


def test_registering_a_taken_email_answers_the_same_and_mails_its_owner(
    client: FlaskClient, make_user: Callable[..., User], mailbox: Mailbox
) -> None:
    # The attack: register with someone's address to learn whether they have an account.
    make_user("camille", email="camille@example.com")
    response = register_fetch(client, "someone-else", "CAMILLE@Example.COM", PASSWORD)
    fresh = register_fetch(client, "nobody", "nobody@example.com", PASSWORD)
    assert response.status_code == fresh.status_code == 202, response.get_data(as_text=True)
    assert response.get_json() == fresh.get_json(), "a taken address answers exactly like a free one"

    page = register_form(client, "someone-else", "Camille@example.com", PASSWORD, follow_redirects=True)
    assert GENERIC_REGISTRATION.replace("'", "&#39;") in page.get_data(as_text=True)
    assert user_named("someone-else") is None, "no second account was created"
    owner_mail = mailbox.to("camille@example.com")
    assert [m["Subject"] for m in owner_mail] == ["Votre adresse a déjà un compte"] * 2
    assert "/auth/forgot" in mailbox.body(owner_mail[0])


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


@pytest.mark.parametrize("password", ["motdepasse123", "azertyuiop12", "soleil-soleil-soleil"])
def test_a_password_that_would_be_guessed_quickly_is_refused(client: FlaskClient, password: str) -> None:
    response = register_fetch(client, "camille", "camille@example.com", password)
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.get_json()["error"]["fields"]["password"] == [
        "Ce mot de passe serait vite deviné. Ajoutez quelques mots peu courants, "
        "par exemple une phrase de quatre mots sans rapport entre eux."
    ]
    assert user_named("camille") is None


def test_a_common_password_is_refused(client: FlaskClient) -> None:
    response = register_fetch(client, "camille", "camille@example.com", "password1234")
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.get_json()["error"]["fields"]["password"] == [
        "Ce mot de passe est trop courant ; choisissez-en un autre."
    ]
    assert user_named("camille") is None


def test_a_200_character_passphrase_is_accepted_and_never_truncated(
    client: FlaskClient, mailbox: Mailbox
) -> None:
    passphrase = ("les étoiles filantes traversent le ciel d'août " * 5)[:200]
    assert len(passphrase) == 200
    assert register_fetch(client, "camille", "camille@example.com", passphrase).status_code == 202
    verify(client, mailbox, "camille@example.com")

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
