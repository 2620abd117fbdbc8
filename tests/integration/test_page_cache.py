"""The cached inscription page: rendered once per language and form, yet each visitor still gets
their own CSRF token, and anything personal (flashed messages, form errors) bypasses the cache."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from app import page_cache
from app.auth.models import User
from tests.conftest import CSRF_META, PASSWORD, csrf_token

HIDDEN_TOKEN = re.compile(r'name="(?:login-|register-)?csrf_token" type="hidden" value="([^"]+)"')


def _tokens(page: str) -> set[str]:
    return set(CSRF_META.findall(page)) | set(HIDDEN_TOKEN.findall(page))


def test_the_login_page_is_rendered_once_then_served_from_the_cache(app: Flask) -> None:
    first = app.test_client().get("/auth/login").get_data(as_text=True)
    assert len(app.extensions[page_cache.EXTENSION_KEY]) == 1
    second = app.test_client().get("/auth/login").get_data(as_text=True)
    assert len(app.extensions[page_cache.EXTENSION_KEY]) == 1, "the second visitor reuses the page"
    assert page_cache.TOKEN_MARKER not in second
    (first_token,), (second_token,) = _tokens(first), _tokens(second)
    assert first.replace(first_token, "") == second.replace(second_token, ""), "same page but the token"


def test_each_visitor_gets_their_own_csrf_token_in_every_form(app: Flask) -> None:
    pages = [app.test_client().get("/auth/login").get_data(as_text=True) for _ in range(2)]
    tokens = [_tokens(page) for page in pages]
    assert all(len(found) == 1 for found in tokens), "meta tag and hidden fields carry one token"
    assert tokens[0] != tokens[1], "a cached page must not hand out another session's token"


def test_the_token_of_a_cached_page_logs_in(client: FlaskClient, make_user: Callable[..., User]) -> None:
    make_user("camille")
    app_client = client.application.test_client()
    app_client.get("/auth/login")  # fills the cache with another session's page
    token = csrf_token(client, "/auth/login")
    response = client.post(
        "/auth/login", data={"login-csrf_token": token, "login-login": "camille", "login-password": PASSWORD}
    )
    assert response.status_code == 302


def test_flashed_messages_still_show_on_a_cached_page(client: FlaskClient) -> None:
    client.get("/auth/login")  # cached
    token = csrf_token(client, "/")
    client.post("/auth/logout", data={"csrf_token": token})
    page = client.get("/auth/login").get_data(as_text=True)
    assert "Vous êtes déconnecté." in page
    assert "Vous êtes déconnecté." not in client.get("/auth/login").get_data(as_text=True)


def test_form_errors_are_never_cached(client: FlaskClient, app: Flask) -> None:
    token = csrf_token(client, "/auth/login")
    refused = client.post(
        "/auth/login", data={"login-csrf_token": token, "login-login": "", "login-password": ""}
    )
    assert refused.status_code == 422
    page = app.test_client().get("/auth/login").get_data(as_text=True)
    assert "has-error" not in page and "Vérifiez les champs" not in page


def test_each_language_and_form_has_its_own_page(app: Flask) -> None:
    french = app.test_client().get("/auth/login").get_data(as_text=True)
    english = app.test_client().get("/auth/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    register = app.test_client().get("/auth/register").get_data(as_text=True)
    assert '<html lang="fr">' in french and '<html lang="en">' in english
    assert 'data-mode="register"' in register and 'data-mode="login"' in french
    assert len(app.extensions[page_cache.EXTENSION_KEY]) == 3


def test_a_query_string_bypasses_the_cache(app: Flask) -> None:
    page = app.test_client().get("/auth/login?next=/courses").get_data(as_text=True)
    assert "next=%2Fcourses" in page or "next=/courses" in page
    assert not app.extensions.get(page_cache.EXTENSION_KEY)
