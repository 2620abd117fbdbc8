"""The inscription page's script in headless Chromium: the toggle keeps the browser's history
right, and a server that answers garbage still gets a readable message in the feedback line."""

from __future__ import annotations

import pytest
from playwright.sync_api import Route, expect

from tests.e2e.conftest import OpenTab

pytestmark = pytest.mark.e2e


def test_back_after_toggling_returns_to_the_form_the_page_was_opened_on(
    site_url: str, open_tab: OpenTab
) -> None:
    page = open_tab().page
    page.goto(f"{site_url}/auth/login")
    expect(page.locator("#login-form"), "the login page opens on the login form").to_be_visible()
    page.get_by_role("link", name="Nouveau ici ? Inscrivez-vous").click()
    expect(page.locator("#register-form"), "the toggle shows the register form").to_be_visible()
    page.go_back()
    expect(page.locator("#login-form"), "Back shows the login form again").to_be_visible()
    expect(page.locator("#register-form")).to_be_hidden()
    expect(page.locator("#auth-title")).to_have_text("Connectez-vous à LearnAnything")


def test_a_non_json_error_from_the_server_is_shown_as_a_sentence(site_url: str, open_tab: OpenTab) -> None:
    tab = open_tab()
    page = tab.page
    page.goto(f"{site_url}/auth/login")

    def bad_gateway(route: Route) -> None:
        if route.request.method == "POST":
            route.fulfill(status=502, content_type="text/html", body="<html><h1>502 Bad Gateway</h1></html>")
        else:
            route.continue_()

    page.route("**/auth/login", bad_gateway)
    page.fill("#login-login", "testuser")
    page.fill("#login-password", "etoiles-et-planetes")
    page.locator("#login-form button[type=submit]").click()
    expect(page.locator("#feedback"), "the learner reads what happened, not a script error").to_have_text(
        "Erreur lors de la connexion: Le serveur n'a pas pu répondre. Réessayez dans un instant."
    )
    assert not [line for line in tab.console if line.startswith("pageerror")], tab.console
