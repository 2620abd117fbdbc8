"""Languages: French first, English on request (browser header, the language buttons), and a
logged-in person's saved choice beats whatever the browser says."""

from __future__ import annotations

import html
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from app import db
from app.auth.models import User
from tests.conftest import AuthActions

FRENCH_TAGLINE = "Apprends n'importe quoi, à ton rythme."
ENGLISH_TAGLINE = "Learn anything, at your own pace."


def home_text(client: FlaskClient, accept_language: str | None = None) -> str:
    """The home page as text, for a browser that prefers `accept_language`."""
    headers = {"Accept-Language": accept_language} if accept_language else {}
    return html.unescape(client.get("/", headers=headers).get_data(as_text=True))


def test_without_preference_the_site_speaks_french(client: FlaskClient) -> None:
    page = home_text(client)
    assert '<html lang="fr">' in page and FRENCH_TAGLINE in page


def test_an_english_browser_gets_english_pages(client: FlaskClient) -> None:
    page = home_text(client, "en-GB,en;q=0.9")
    assert '<html lang="en">' in page
    assert ENGLISH_TAGLINE in page and "Log in" in page
    assert FRENCH_TAGLINE not in page


def test_a_french_browser_gets_french_pages(client: FlaskClient) -> None:
    page = home_text(client, "fr-FR,fr;q=0.9,en;q=0.5")
    assert FRENCH_TAGLINE in page and "Se connecter" in page


def test_an_unsupported_browser_language_falls_back_to_french(client: FlaskClient) -> None:
    assert FRENCH_TAGLINE in home_text(client, "de-DE,ja;q=0.8")


def test_error_pages_follow_the_language_too(client: FlaskClient) -> None:
    response = client.get("/missing", headers={"Accept-Language": "en"})
    assert "This page does not exist." in html.unescape(response.get_data(as_text=True))
    api = client.get("/api/v1/missing", headers={"Accept-Language": "en"})
    assert api.get_json()["error"]["message"] == "This page does not exist."


def test_the_language_button_switches_and_the_choice_sticks(client: FlaskClient) -> None:
    response = AuthActions(client).post("/language", {"lang": "en", "next": "/about"})
    assert response.status_code == 302 and response.headers["Location"] == "/about"
    assert ENGLISH_TAGLINE in home_text(client, "fr-FR"), "the button's choice beats the browser's header"
    AuthActions(client).post("/language", {"lang": "fr", "next": "/"})
    assert FRENCH_TAGLINE in home_text(client, "en")


def test_an_unknown_language_is_ignored(client: FlaskClient) -> None:
    response = AuthActions(client).post("/language", {"lang": "xx", "next": "/"})
    assert response.status_code == 302
    assert FRENCH_TAGLINE in home_text(client)


def test_the_language_switch_does_not_redirect_off_site(client: FlaskClient) -> None:
    response = AuthActions(client).post("/language", {"lang": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_a_logged_in_users_choice_wins_over_the_browser(app: Flask, make_user: Callable[..., User]) -> None:
    user = make_user("camille")
    laptop = app.test_client()
    AuthActions(laptop).login("camille")
    AuthActions(laptop).post("/language", {"lang": "en", "next": "/"})
    db.session.refresh(user)
    assert user.locale == "en", "the choice is saved on the account"

    phone = app.test_client()  # another device, whose browser asks for French
    AuthActions(phone).login("camille")
    assert ENGLISH_TAGLINE in home_text(phone, "fr-FR,fr"), "the account's language wins over the browser"
