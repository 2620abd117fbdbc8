"""Errors as people and API clients see them: French HTML pages, the JSON envelope under /api,
the right status, and never a stack trace."""

from __future__ import annotations

import html
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.services import accounts
from tests.conftest import PASSWORD, AuthActions, csrf_token, fresh_app

TRACE_MARKERS = ("Traceback", 'File "', "werkzeug", "sqlalchemy", "RuntimeError")


def assert_no_trace(body: str) -> None:
    """No internal detail leaks into a response body."""
    for marker in TRACE_MARKERS:
        assert marker not in body, f"the response leaks {marker!r}"


def test_an_unknown_page_is_a_french_404_page(client: FlaskClient) -> None:
    response = client.get("/cette-page-n-existe-pas")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = html.unescape(response.get_data(as_text=True))
    assert "Cette page n'existe pas." in page
    assert "Retour à l'accueil" in page
    assert_no_trace(page)


def test_a_wrong_method_is_a_french_405_page_with_allow(client: FlaskClient) -> None:
    response = client.delete("/about", headers={"X-CSRFToken": csrf_token(client)})
    assert response.status_code == 405
    assert "Cette méthode n'est pas permise ici." in html.unescape(response.get_data(as_text=True))
    assert "GET" in response.headers["Allow"]


def test_an_unknown_api_path_answers_the_json_envelope(client: FlaskClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json() == {
        "error": {"status": 404, "title": "Not Found", "message": "Cette page n'existe pas."}
    }


def test_a_wrong_method_under_the_api_answers_the_json_envelope(client: FlaskClient) -> None:
    response = client.put("/api/v1/health", headers={"X-CSRFToken": csrf_token(client)}, json={})
    assert response.status_code == 405
    assert response.get_json()["error"] == {
        "status": 405,
        "title": "Method Not Allowed",
        "message": "Cette méthode n'est pas permise ici.",
    }


def test_a_page_asked_for_json_answers_the_envelope(client: FlaskClient) -> None:
    response = client.get("/nowhere", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404


def test_a_too_large_form_is_refused_with_413(client: FlaskClient) -> None:
    token = csrf_token(client, "/contact")
    huge = "x" * (1024 * 1024 + 10)
    response = client.post(
        "/contact", data={"csrf_token": token, "name": "Eve", "email": "eve@example.com", "message": huge}
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "Le contenu envoyé est trop volumineux." in page
    assert_no_trace(page)


def test_a_too_large_json_body_under_the_api_is_refused_with_413(client: FlaskClient) -> None:
    token = csrf_token(client)
    response = client.post(
        "/api/v1/health",
        data=b'{"x": "' + b"y" * (1024 * 1024 + 10) + b'"}',
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["message"] == "Le contenu envoyé est trop volumineux."


@pytest.fixture
def failing_app() -> Iterator[Flask]:
    """A private application with one extra page that fails the way a bug would."""

    def broken() -> str:
        raise RuntimeError("secret detail: connection string postgresql://user:pw@db/prod")

    with fresh_app(RATELIMIT_ENABLED=False) as app:
        app.add_url_rule("/broken-for-test", "broken_for_test", broken)
        app.add_url_rule("/api/v1/broken-for-test", "api_broken_for_test", broken)
        yield app


def test_an_unexpected_error_is_a_french_500_page_without_details(
    failing_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = failing_app.test_client()
    response = client.get("/broken-for-test")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Une erreur inattendue est survenue. Nous avons été prévenus." in page
    assert "secret detail" not in page and "postgresql://" not in page
    assert_no_trace(page)
    assert "Unhandled error on GET /broken-for-test" in caplog.text, "the error is logged for the team"


def test_an_unexpected_api_error_is_a_json_500_without_details(failing_app: Flask) -> None:
    client = failing_app.test_client()
    accounts.register_user("lea", "lea@example.com", PASSWORD, verified=True)
    login = AuthActions(client).login("lea@example.com")  # only logged-in clients reach a resource
    assert login.status_code == 302, f"login failed with {login.status_code}"
    response = client.get("/api/v1/broken-for-test")
    assert response.status_code == 500
    body = response.get_json()
    assert body["error"]["status"] == 500
    assert "secret detail" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    ["/admin/users/abc/role", "/auth/login?next=%00", "/static/../app/config.py", "/%ff", "/contact?%zz=1"],
)
def test_odd_urls_never_give_a_500(client: FlaskClient, path: str) -> None:
    response = client.get(path, buffered=True)
    assert response.status_code < 500, f"{path} gave {response.status_code}"
