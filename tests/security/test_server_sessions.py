"""Server-side sessions (ASVS V3): every login opens a `user_sessions` row, and a cookie is worth
something only while its row is live. Each test first plays the attack the row defeats: a cookie
copied before logout, a remember-me cookie kept after logout, a session left open for hours.

Time is moved by changing the row's dates in the database, as the passing hours would.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app import db
from app.auth.models import ApiToken, TokenScope, User, UserSession
from app.auth.tokens import create_token
from app.auth.user_sessions import digest
from app.types import utcnow
from tests.conftest import PASSWORD, AuthActions, SignedIn

NEW_PASSWORD = "une nouvelle phrase de passe solide"


@pytest.fixture
def bearer_of(app: Flask) -> Callable[[User], dict[str, str]]:
    """The Authorization header of a fresh write token of a user."""

    def make(user: User) -> dict[str, str]:
        _token, plaintext = create_token(user, "script", TokenScope.WRITE)
        return {"Authorization": f"Bearer {plaintext}"}

    return make


def is_logged_in(client: FlaskClient) -> bool:
    """True when the profile page opens for this client."""
    return client.get("/auth/profile").status_code == 200


def copy_cookies(source: FlaskClient, target: FlaskClient, *names: str) -> None:
    """Give `target` the same cookies as `source`, as a thief who copied them would."""
    for name in names:
        cookie = source.get_cookie(name)
        assert cookie is not None, f"{name} cookie missing"
        target.set_cookie(name, cookie.value)


def rows_of(user: User) -> list[UserSession]:
    """The person's session rows, oldest first."""
    return list(
        db.session.scalars(select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id))
    )


def test_a_cookie_copied_before_logout_is_refused_after_it(
    app: Flask, make_user: Callable[..., User]
) -> None:
    make_user("camille")
    browser, thief = app.test_client(), app.test_client()
    actions = AuthActions(browser)
    actions.login("camille")
    copy_cookies(browser, thief, "session")
    assert is_logged_in(thief), "the copied cookie works while the session is open (the attack)"

    actions.logout()
    assert not is_logged_in(thief), "after logout the copied cookie is refused: the row is revoked"


def test_a_remember_cookie_alone_is_refused_after_logout(app: Flask, make_user: Callable[..., User]) -> None:
    make_user("camille")
    browser, thief = app.test_client(), app.test_client()
    actions = AuthActions(browser)
    actions.login("camille", **{"login-remember": "y"})
    copy_cookies(browser, thief, "remember_token")
    assert is_logged_in(thief), "a copied remember-me cookie logs in while its session lives (the attack)"

    actions.logout()
    other = app.test_client()
    other.set_cookie("remember_token", thief.get_cookie("remember_token").value)  # type: ignore[union-attr]
    assert not is_logged_in(other), "after logout the remember-me cookie alone is refused"


def test_the_cookie_holds_a_random_id_whose_digest_only_is_stored(
    client: FlaskClient, auth: AuthActions, make_user: Callable[..., User]
) -> None:
    user = make_user("camille")
    auth.login("camille")
    with client.session_transaction() as session:
        session_id = session["_user_id"]
    [row] = rows_of(user)
    assert row.session_hash == digest(session_id) and session_id not in row.session_hash
    assert session_id != str(user.id) and len(session_id) >= 40, "not the user id: a long random value"


def test_an_idle_session_ends_after_the_idle_timeout(
    client: FlaskClient, auth: AuthActions, make_user: Callable[..., User]
) -> None:
    user = make_user("camille")
    auth.login("camille")
    [row] = rows_of(user)
    row.last_seen_at = utcnow() - timedelta(minutes=29)
    db.session.commit()
    assert is_logged_in(client), "29 minutes of silence is within the 30-minute idle timeout"
    row.last_seen_at = utcnow() - timedelta(minutes=31)
    db.session.commit()
    assert not is_logged_in(client), "31 minutes without a request end a session that is not remembered"


def test_a_remembered_session_survives_idleness_but_not_its_thirty_days(
    client: FlaskClient, auth: AuthActions, make_user: Callable[..., User]
) -> None:
    user = make_user("camille")
    auth.login("camille", **{"login-remember": "y"})
    [row] = rows_of(user)
    row.last_seen_at = utcnow() - timedelta(days=3)
    row.created_at = utcnow() - timedelta(days=29)
    db.session.commit()
    assert is_logged_in(client), "a remembered session is not ended by idleness"
    row.created_at = utcnow() - timedelta(days=30, minutes=1)
    db.session.commit()
    assert not is_logged_in(client), "REMEMBER_COOKIE_DURATION (30 days) bounds it"


def test_an_active_session_ends_at_its_absolute_lifetime(
    client: FlaskClient, auth: AuthActions, make_user: Callable[..., User]
) -> None:
    user = make_user("camille")
    auth.login("camille")
    [row] = rows_of(user)
    row.created_at = utcnow() - timedelta(hours=12, minutes=1)
    row.last_seen_at = utcnow()
    db.session.commit()
    assert not is_logged_in(client), "12 hours after the login the session ends, however busy"


def test_last_seen_is_written_at_most_once_a_minute(
    client: FlaskClient, auth: AuthActions, make_user: Callable[..., User]
) -> None:
    user = make_user("camille")
    auth.login("camille")
    [row] = rows_of(user)
    first = row.last_seen_at
    client.get("/auth/profile")
    db.session.refresh(row)
    assert row.last_seen_at == first, "a second request within the minute writes nothing"
    row.last_seen_at = first - timedelta(minutes=2)
    db.session.commit()
    client.get("/auth/profile")
    db.session.refresh(row)
    assert row.last_seen_at > first - timedelta(minutes=1), "after a minute the date moves"


def test_the_profile_lists_the_sessions_and_revokes_another_one(
    app: Flask, make_user: Callable[..., User]
) -> None:
    user = make_user("camille")
    laptop, phone = app.test_client(), app.test_client()
    AuthActions(laptop).login("camille")
    phone.environ_base["HTTP_USER_AGENT"] = "Telephone/1.0"
    AuthActions(phone).login("camille")
    page = laptop.get("/auth/profile").get_data(as_text=True)
    assert "Telephone/1.0" in page and "(cette session)" in page
    phone_row = rows_of(user)[1]

    response = AuthActions(laptop).post(f"/auth/sessions/{phone_row.id}/revoke", follow_redirects=True)
    assert "Session fermée." in response.get_data(as_text=True)
    assert not is_logged_in(phone), "the revoked browser is logged out"
    assert is_logged_in(laptop)
    assert "Telephone/1.0" not in laptop.get("/auth/profile").get_data(as_text=True)


def test_another_persons_session_cannot_be_revoked(learner: SignedIn, other_learner: SignedIn) -> None:
    client, _user = learner.client, learner.user
    other_client, other = other_learner.client, other_learner.user
    [row] = rows_of(other)
    response = AuthActions(client).post(f"/auth/sessions/{row.id}/revoke")
    assert response.status_code == 404
    assert is_logged_in(other_client)


def change_password(client: FlaskClient, **extra: str) -> object:
    """Submit the profile page's password form."""
    return AuthActions(client).post(
        "/auth/profile",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD, **extra},
    )


def test_a_password_change_keeps_the_api_tokens_unless_asked(
    app: Flask, make_user: Callable[..., User], bearer_of: Callable[[User], dict[str, str]]
) -> None:
    user = make_user("camille")
    headers = bearer_of(user)
    laptop = app.test_client()
    AuthActions(laptop).login("camille")
    change_password(laptop)
    assert laptop.get("/api/v1/me", headers=headers).status_code == 200, "tokens survive by default"


def test_a_password_change_revokes_the_api_tokens_when_the_box_is_ticked(
    app: Flask, make_user: Callable[..., User], bearer_of: Callable[[User], dict[str, str]]
) -> None:
    user = make_user("camille")
    headers = bearer_of(user)
    laptop = app.test_client()
    AuthActions(laptop).login("camille")
    change_password(laptop, revoke_tokens="y")
    assert laptop.get("/api/v1/me", headers=headers).status_code == 401, (
        "a stolen token dies with the password"
    )
    assert is_logged_in(laptop)
    live = db.session.scalars(select(ApiToken).where(ApiToken.revoked_at.is_(None))).all()
    assert live == []


def test_log_out_everywhere_can_revoke_the_api_tokens_too(
    app: Flask, make_user: Callable[..., User], bearer_of: Callable[[User], dict[str, str]]
) -> None:
    user = make_user("camille")
    headers = bearer_of(user)
    laptop = app.test_client()
    AuthActions(laptop).login("camille")
    AuthActions(laptop).post("/auth/logout-everywhere", {"revoke_tokens": "y"})
    assert laptop.get("/api/v1/me", headers=headers).status_code == 401
    assert not is_logged_in(laptop)


# --- re-authentication --------------------------------------------------------------------------


def make_stale(user: User) -> None:
    """Move every session's last password entry six minutes back (REAUTH_WINDOW is five)."""
    for row in rows_of(user):
        row.reauthenticated_at = utcnow() - timedelta(minutes=6)
    db.session.commit()


def test_creating_a_token_with_a_stale_login_asks_for_the_password_again(
    learner: SignedIn,
) -> None:
    client, user = learner.client, learner.user
    make_stale(user)
    actions = AuthActions(client)
    response = actions.post("/auth/tokens", {"name": "script", "scope": "read", "days": "30"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/confirm?next=/auth/profile"
    assert db.session.scalars(select(ApiToken)).all() == [], "no token before the password"

    wrong = actions.post("/auth/confirm?next=/auth/profile", {"password": "not my password at all"})
    assert wrong.status_code == 422
    assert "Le mot de passe est incorrect." in wrong.get_data(as_text=True)
    confirmed = actions.post("/auth/confirm?next=/auth/profile", {"password": PASSWORD})
    assert confirmed.status_code == 302 and confirmed.headers["Location"] == "/auth/profile"
    created = actions.post("/auth/tokens", {"name": "script", "scope": "read", "days": "30"})
    assert created.status_code == 201
    assert "Voici votre nouveau jeton." in created.get_data(as_text=True)


def test_the_api_refuses_a_token_creation_with_a_stale_login(learner: SignedIn) -> None:
    client, user = learner.client, learner.user
    actions = AuthActions(client)
    fresh = actions.post_json("/api/v1/tokens", {"name": "script", "scope": "read"})
    assert fresh.status_code == 201, "right after the login the password is recent"
    make_stale(user)
    stale = actions.post_json("/api/v1/tokens", {"name": "script", "scope": "read"})
    assert stale.status_code == 403
    assert stale.get_json()["error"]["message"] == (
        "Confirmez d'abord votre mot de passe (page /auth/confirm) : cette action demande "
        "une authentification de moins de 5 minutes."
    )


def test_the_confirm_page_returns_only_inside_the_site(learner: SignedIn) -> None:
    client, _user = learner.client, learner.user
    response = AuthActions(client).post("/auth/confirm?next=//evil.example", {"password": PASSWORD})
    assert response.headers["Location"] == "/auth/profile"
