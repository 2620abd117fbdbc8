"""CSRF: every state-changing request made with the session cookie needs the token, whether it is a
plain form (the token in a hidden field) or a script's fetch (the token in X-CSRFToken)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from app.auth.models import TokenScope, User
from app.auth.tokens import create_token
from tests.conftest import PASSWORD, SignedIn, csrf_token

CSRF_MESSAGE = "Le jeton de sécurité (CSRF) est manquant ou invalide. Rechargez la page et réessayez."


def test_the_testing_configuration_keeps_csrf_on(app: Flask) -> None:
    assert app.config.get("WTF_CSRF_ENABLED", True) is True, "tests must exercise the real CSRF check"


def test_a_form_post_without_token_is_refused_with_a_clear_page(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    response = client.post("/auth/login", data={"login-login": "camille", "login-password": PASSWORD})
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert CSRF_MESSAGE.replace("'", "&#39;") in page, "the page must say why the form was refused"


def test_a_form_post_with_a_forged_token_is_refused(client: FlaskClient) -> None:
    response = client.post(
        "/contact",
        data={"csrf_token": "forged", "name": "Eve", "email": "eve@example.com", "message": "Bonjour à tous"},
    )
    assert response.status_code == 400
    assert CSRF_MESSAGE.replace("'", "&#39;") in response.get_data(as_text=True)


def test_a_token_from_another_session_is_refused(app: Flask, client: FlaskClient) -> None:
    stolen = csrf_token(app.test_client(), "/contact")
    response = client.post(
        "/contact",
        data={"csrf_token": stolen, "name": "Eve", "email": "eve@example.com", "message": "Bonjour à tous"},
    )
    assert response.status_code == 400, "a token is only good for the session it was issued to"


def test_a_json_api_post_with_the_session_cookie_but_no_header_is_refused(
    learner: SignedIn,
) -> None:
    client, _user = learner.client, learner.user
    response = client.post("/api/v1/health", json={"anything": 1})
    assert response.status_code == 400
    assert response.get_json() == {
        "error": {"status": 400, "title": "Bad Request", "message": CSRF_MESSAGE}
    }, "the API answers the JSON error envelope"


def test_a_json_api_post_with_the_header_passes_the_csrf_check(learner: SignedIn) -> None:
    client, _user = learner.client, learner.user
    token = csrf_token(client)
    response = client.post("/api/v1/health", json={"anything": 1}, headers={"X-CSRFToken": token})
    # The health resource only answers GET: reaching the router (405) proves CSRF let the request in.
    assert response.status_code == 405, response.get_data(as_text=True)
    assert response.get_json()["error"]["status"] == 405


def test_a_page_fetch_with_the_header_is_accepted(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    make_user("camille")
    token = csrf_token(client, "/auth/login")
    response = client.post(
        "/auth/login",
        data={"login-login": "camille", "login-password": PASSWORD},
        headers={"X-CSRFToken": token, "Accept": "application/json"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["message"] == "Connexion réussie!"


def test_a_bearer_token_request_needs_no_csrf_token(app: Flask, make_user: Callable[..., User]) -> None:
    user = make_user("camille")
    _token, plaintext = create_token(user, "script", TokenScope.WRITE)
    client = app.test_client()
    response = client.post("/api/v1/health", json={}, headers={"Authorization": f"Bearer {plaintext}"})
    assert response.status_code == 405, "API clients with a token are not asked for a CSRF token"


def test_a_bearer_header_outside_the_api_does_not_skip_csrf(client: FlaskClient) -> None:
    response = client.post(
        "/contact",
        data={"name": "Eve", "email": "eve@example.com", "message": "Bonjour à tous"},
        headers={"Authorization": "Bearer la_whatever"},
    )
    assert response.status_code == 400, "only /api requests may authenticate with a Bearer token"
