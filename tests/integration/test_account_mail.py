"""The mails about an account, read from the real local SMTP server of tests/conftest.py: the
password reset by a single-use expiring link, and a notice after every change of credentials.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

from app import db
from app.auth.models import TokenScope, User
from app.auth.tokens import create_token
from tests.conftest import PASSWORD, AuthActions, Mailbox, SignedIn, csrf_token

NEW_PASSWORD = "une nouvelle phrase de passe solide"
GENERIC_FORGOT = (
    "Si un compte utilise cette adresse, un lien pour choisir un nouveau mot de passe est en route."
)


def ask_reset(client: FlaskClient, address: str) -> str:
    """Fill the forgotten-password form; return the page the person lands on."""
    data = {"csrf_token": csrf_token(client, "/auth/forgot"), "email": address}
    return client.post("/auth/forgot", data=data, follow_redirects=True).get_data(as_text=True)


def choose(client: FlaskClient, path: str, password: str, **extra: str) -> object:
    """Fill the reset form reached by the mailed link."""
    data = {"csrf_token": csrf_token(client, path), "new_password": password, "confirm": password, **extra}
    return client.post(path, data=data)


def test_a_forgotten_password_is_reset_by_the_mailed_link_once(
    app: Flask, make_user: Callable[..., User], mailbox: Mailbox
) -> None:
    make_user("camille")
    phone = app.test_client()
    AuthActions(phone).login("camille")
    client = app.test_client()
    assert GENERIC_FORGOT in ask_reset(client, "Camille@Example.com").replace("&#39;", "'")
    link = mailbox.link("camille@example.com", "/auth/reset/")

    response = choose(client, link, NEW_PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"  # type: ignore[attr-defined]
    assert AuthActions(app.test_client()).login("camille", NEW_PASSWORD).status_code == 302
    assert AuthActions(app.test_client()).login("camille", PASSWORD).status_code == 401
    assert phone.get("/auth/profile").status_code == 302, "a reset ends every session"

    again = client.get(link, follow_redirects=True)
    assert "Ce lien n&#39;est plus valable : demandez-en un nouveau." in again.get_data(as_text=True)
    token = csrf_token(client, "/auth/forgot")
    replay = client.post(
        link,
        data={
            "csrf_token": token,
            "new_password": "encore une autre phrase",
            "confirm": "encore une autre phrase",
        },
    )
    assert replay.headers["Location"] == "/auth/forgot", "the link worked once"
    notices = [m["Subject"] for m in mailbox.to("camille@example.com")]
    assert notices == ["Réinitialisation de votre mot de passe", "Modification de votre compte"]


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client: FlaskClient, mailbox: Mailbox) -> None:
    page = ask_reset(client, "nobody@example.com")
    assert GENERIC_FORGOT in page.replace("&#39;", "'")
    assert mailbox.messages == []


def test_an_expired_reset_link_is_refused(
    app: Flask, make_user: Callable[..., User], mailbox: Mailbox
) -> None:
    make_user("camille")
    client = app.test_client()
    ask_reset(client, "camille@example.com")
    link = mailbox.link("camille@example.com", "/auth/reset/")
    app.config["PASSWORD_RESET_MAX_AGE"] = -1  # an hour later
    response = client.get(link, follow_redirects=True)
    assert "Ce lien n&#39;est plus valable : demandez-en un nouveau." in response.get_data(as_text=True)


def test_a_reset_link_signed_with_another_key_is_refused(
    app: Flask, make_user: Callable[..., User], mailbox: Mailbox
) -> None:
    user = make_user("camille")
    forged = URLSafeTimedSerializer("not-the-secret-key", salt="learnanything-reset").dumps(
        {"uid": user.id, "fp": "0" * 32}
    )
    response = app.test_client().get(f"/auth/reset/{forged}", follow_redirects=True)
    assert "Ce lien n&#39;est plus valable" in response.get_data(as_text=True)


def test_a_reset_can_revoke_the_api_tokens(
    app: Flask, make_user: Callable[..., User], mailbox: Mailbox
) -> None:
    user = make_user("camille")
    _token, plaintext = create_token(user, "script", TokenScope.READ)
    client = app.test_client()
    ask_reset(client, "camille@example.com")
    choose(client, mailbox.link("camille@example.com", "/auth/reset/"), NEW_PASSWORD, revoke_tokens="y")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"}).status_code == 401


def test_a_password_change_is_notified_by_mail(learner: SignedIn, mailbox: Mailbox) -> None:
    client, user = learner.client, learner.user
    AuthActions(client).post(
        "/auth/profile", {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    [notice] = mailbox.to(user.email)
    assert notice["Subject"] == "Modification de votre compte"
    body = mailbox.body(notice)
    assert "votre mot de passe a été changé." in body and NEW_PASSWORD not in body


def test_an_email_change_warns_the_old_address_and_verifies_the_new_one(
    learner: SignedIn, mailbox: Mailbox
) -> None:
    client, user = learner.client, learner.user
    response = AuthActions(client).post_json(
        "/api/v1/me", {"email": "lea.nouvelle@example.com", "current_password": PASSWORD}, method="PATCH"
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    [warning] = mailbox.to("lea@example.com")
    assert "votre adresse email est maintenant lea.nouvelle@example.com." in mailbox.body(warning)
    [verification] = mailbox.to("lea.nouvelle@example.com")
    assert verification["Subject"] == "Confirmez votre adresse email"
    db.session.refresh(user)
    assert user.email_verified_at is None
    client.get(mailbox.link("lea.nouvelle@example.com", "/auth/verify/"))
    db.session.refresh(user)
    assert user.email_verified_at is not None
