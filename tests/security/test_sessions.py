"""Session security: a fresh session at login, logout by POST only, "log out everywhere", a password
change that ends the other sessions, and `?next=` that never leaves the site.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.auth.models import User
from tests.conftest import PASSWORD, AuthActions, SignedIn, csrf_token

NEW_PASSWORD = "une nouvelle phrase de passe solide"


def is_logged_in(client: FlaskClient) -> bool:
    """True when the profile page opens for this client (an anonymous visitor is sent to login)."""
    response = client.get("/auth/profile")
    assert response.status_code in {200, 302}, f"unexpected status {response.status_code} on /auth/profile"
    return response.status_code == 200


def test_login_starts_a_new_session_without_the_old_data(
    client: FlaskClient, auth: AuthActions, make_user: Callable[..., User]
) -> None:
    make_user("camille")
    with client.session_transaction() as session:
        session["planted_by_attacker"] = "fixation"
    before = client.get_cookie("session")
    assert before is not None
    auth.login("camille")
    after = client.get_cookie("session")
    assert after is not None and after.value != before.value, "the session cookie must change at login"
    with client.session_transaction() as session:
        assert "planted_by_attacker" not in session, "data from before the login must not survive it"
        assert "_user_id" in session


def test_the_chosen_language_survives_the_login(
    client: FlaskClient, auth: AuthActions, make_user: Callable[..., User]
) -> None:
    make_user("camille")
    auth.post("/language", {"lang": "en", "next": "/"})
    assert auth.login("camille").status_code == 302
    page = client.get("/auth/profile").get_data(as_text=True)
    assert '<html lang="en">' in page, "the language picked before logging in is kept after it"


def test_logout_by_get_is_refused(learner: SignedIn) -> None:
    client, _user = learner.client, learner.user
    response = client.get("/auth/logout")
    assert response.status_code == 405, "a link or an <img> must not be able to log anyone out"
    assert "Cette méthode n&#39;est pas permise ici." in response.get_data(as_text=True)
    assert is_logged_in(client), "the GET did not log the user out"


def test_logout_by_post_ends_the_session(learner: SignedIn) -> None:
    client, _user = learner.client, learner.user
    response = AuthActions(client).logout()
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Vous êtes déconnecté." in client.get("/").get_data(as_text=True)
    assert not is_logged_in(client)


def test_logout_without_csrf_token_is_refused(learner: SignedIn) -> None:
    client, _user = learner.client, learner.user
    response = client.post("/auth/logout")
    assert response.status_code == 400
    assert is_logged_in(client), "a cross-site POST cannot log the user out"


def test_log_out_everywhere_ends_every_session_this_one_included(
    app: Flask, make_user: Callable[..., User]
) -> None:
    make_user("camille")
    laptop, phone, tablet = app.test_client(), app.test_client(), app.test_client()
    AuthActions(laptop).login("camille")
    AuthActions(phone).login("camille")
    AuthActions(tablet).login("camille", **{"login-remember": "y"})
    assert is_logged_in(phone) and is_logged_in(tablet)

    response = AuthActions(laptop).post("/auth/logout-everywhere", follow_redirects=True)
    assert response.status_code == 200
    assert "Toutes vos sessions sont fermées, celle-ci comprise." in response.get_data(as_text=True)
    assert not is_logged_in(laptop), "the browser that asked is logged out too: everywhere means everywhere"
    assert not is_logged_in(phone), "the phone's old session cookie no longer works"
    assert not is_logged_in(tablet), "the tablet's old session and remember-me cookies no longer work"


def test_a_remember_me_cookie_alone_logs_back_in_until_log_out_everywhere(
    app: Flask, make_user: Callable[..., User]
) -> None:
    make_user("camille")
    laptop, tablet = app.test_client(), app.test_client()
    AuthActions(laptop).login("camille")
    AuthActions(tablet).login("camille", **{"login-remember": "y"})
    tablet.delete_cookie("session")  # the browser was closed: only the remember cookie is left
    assert is_logged_in(tablet), "the remember-me cookie should restore the session"
    AuthActions(laptop).post("/auth/logout-everywhere")
    tablet.delete_cookie("session")
    assert not is_logged_in(tablet), "after 'log out everywhere' the remember-me cookie is worthless"


def change_password(client: FlaskClient, current: str, new: str) -> object:
    """Submit the profile page's password form."""
    return AuthActions(client).post(
        "/auth/profile",
        {"current_password": current, "new_password": new, "confirm": new},
    )


def test_changing_the_password_needs_the_current_one(learner: SignedIn) -> None:
    client, _user = learner.client, learner.user
    response = change_password(client, "not my password at all", NEW_PASSWORD)
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "Le mot de passe actuel est incorrect." in response.get_data(as_text=True)  # type: ignore[attr-defined]
    other = app_client_login_works(client, "lea", PASSWORD)
    assert other, "the old password still works after a refused change"


def app_client_login_works(client: FlaskClient, login: str, password: str) -> bool:
    """Try the credentials from a brand-new browser of the same application."""
    fresh = client.application.test_client()
    return AuthActions(fresh).login(login, password).status_code == 302


def test_changing_the_password_ends_the_other_sessions(app: Flask, make_user: Callable[..., User]) -> None:
    make_user("camille")
    laptop, phone = app.test_client(), app.test_client()
    AuthActions(laptop).login("camille")
    AuthActions(phone).login("camille")

    response = change_password(laptop, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)  # type: ignore[attr-defined]
    assert "Mot de passe modifié. Vos autres sessions sont fermées." in laptop.get("/auth/profile").get_data(
        as_text=True
    )
    assert is_logged_in(laptop), "the browser that changed the password stays logged in"
    assert not is_logged_in(phone), "every other session ends with the password change"
    assert not app_client_login_works(laptop, "camille", PASSWORD), "the old password no longer works"
    assert app_client_login_works(laptop, "camille", NEW_PASSWORD), "the new password works"


def test_a_weak_new_password_is_refused(learner: SignedIn) -> None:
    client, _user = learner.client, learner.user
    response = change_password(client, PASSWORD, "short")
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "Le mot de passe doit contenir au moins 12 caractères." in response.get_data(as_text=True)  # type: ignore[attr-defined]


def login_with_next(client: FlaskClient, target: str) -> str:
    """Log in from the login page reached with `?next=target`; return where the site sends us."""
    token = csrf_token(client, "/auth/login")
    data = {"login-csrf_token": token, "login-login": "camille", "login-password": PASSWORD}
    response = client.post("/auth/login", query_string={"next": target}, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def test_next_inside_the_site_is_followed(client: FlaskClient, make_user: Callable[..., User]) -> None:
    make_user("camille")
    assert login_with_next(client, "/courses?page=2") == "/courses?page=2"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",
        "http:evil.example",
        "evil.example",
    ],
)
def test_next_leading_outside_the_site_is_ignored(
    client: FlaskClient, make_user: Callable[..., User], target: str
) -> None:
    make_user("camille")
    assert login_with_next(client, target) == "/preferences", f"{target!r} must not be followed"


def test_next_on_the_login_page_of_a_logged_in_user_is_checked_too(learner: SignedIn) -> None:
    client, _user = learner.client, learner.user
    response = client.get("/auth/login", query_string={"next": "//evil.example"})
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard"
    response = client.get("/auth/login", query_string={"next": "/courses"})
    assert response.headers["Location"] == "/courses"


def test_a_protected_page_sends_to_login_and_back(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    make_user("camille")
    response = client.get("/auth/profile")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login?next=/auth/profile"
    assert login_with_next(client, "/auth/profile") == "/auth/profile"


def test_logging_out_also_ends_a_remember_me_login(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    make_user("camille")
    actions = AuthActions(client)
    actions.login("camille", **{"login-remember": "y"})
    assert client.get_cookie("remember_token") is not None, "remember me sets its cookie"
    actions.logout()
    assert client.get_cookie("remember_token") is None, "logging out deletes the remember-me cookie"
    assert not is_logged_in(client), "after logging out, the dashboard must not open again"
