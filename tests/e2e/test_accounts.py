"""The account's life in headless Chromium, with the mails read from the local SMTP server: sign up,
open the verification link, sign in; turn on two-factor by scanning (reading) the QR page's key and
sign in with a code; reset a forgotten password by the mailed link. No CSP refusal on the way.
"""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime

import pyotp
import pytest
from playwright.sync_api import Page, expect

from tests.conftest import Mailbox
from tests.e2e.conftest import OpenTab, Tab

pytestmark = pytest.mark.e2e

PASSWORD = "une phrase de passe bien longue"
NEW_PASSWORD = "des girafes jouent du piano le mardi"
PRIVACY = "J'ai lu la page « Vos données » et j'accepte que mes données soient traitées ainsi."
expect.set_options(timeout=10_000)
_names = itertools.count(1)


def new_username(prefix: str) -> str:
    """A username no other test of this run has taken."""
    return f"{prefix}{next(_names)}"


def no_csp_refusal(tab: Tab) -> None:
    assert not tab.csp_refusals(), f"the strict CSP refused something: {tab.csp_refusals()}"


def sign_up_and_verify(page: Page, site_url: str, mailbox: Mailbox, username: str) -> None:
    """Register, then open the link of the mail that arrived."""
    page.goto(f"{site_url}/auth/register")
    page.fill("#register-username", username)
    page.fill("#register-email", f"{username}@example.com")
    page.fill("#register-password", PASSWORD)
    page.get_by_label(PRIVACY).check()
    page.locator("#register-form").get_by_role("button", name="S'inscrire", exact=True).click()
    expect(page.locator("#feedback")).to_contain_text(
        "Si cette adresse peut être utilisée, un message est en route."
    )
    page.goto(site_url + mailbox.link(f"{username}@example.com", "/auth/verify/"))
    expect(page.locator(".flash")).to_contain_text(
        "Adresse confirmée ! Vous pouvez maintenant vous connecter."
    )


def log_in(page: Page, site_url: str, login: str, password: str) -> None:
    """Fill the login form (the page script posts it and follows where the server says)."""
    page.goto(f"{site_url}/auth/login")
    page.fill("#login-login", login)
    page.fill("#login-password", password)
    page.locator("#login-form").get_by_role("button", name="Se connecter", exact=True).click()


def test_sign_up_read_the_mail_and_sign_in(site_url: str, open_tab: OpenTab, site_mailbox: Mailbox) -> None:
    tab = open_tab()
    page = tab.page
    username = new_username("courrier")
    sign_up_and_verify(page, site_url, site_mailbox, username)
    log_in(page, site_url, username, PASSWORD)
    page.wait_for_url("**/preferences")
    no_csp_refusal(tab)


def test_enrol_two_factor_and_sign_in_with_a_code(
    site_url: str, open_tab: OpenTab, site_mailbox: Mailbox
) -> None:
    tab = open_tab()
    page = tab.page
    username = new_username("deuxfacteurs")
    sign_up_and_verify(page, site_url, site_mailbox, username)
    log_in(page, site_url, username, PASSWORD)
    page.wait_for_url("**/preferences")

    page.goto(f"{site_url}/auth/profile")
    page.get_by_role("link", name="Activer la double authentification").click()
    page.wait_for_url("**/auth/two-factor/setup")
    expect(page.locator(".qr-code svg"), "the QR code is drawn").to_be_visible()
    secret = page.locator("#totp-secret").inner_text()
    totp = pyotp.TOTP(secret)
    page.fill("#code", totp.now())
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Double authentification activée")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    no_csp_refusal(tab)

    other = open_tab()
    log_in(other.page, site_url, username, PASSWORD)
    other.page.wait_for_url("**/auth/two-factor")
    # The enrolment spent the current code: the next step's is accepted (clock drift).
    other.page.fill("#code", totp.at(datetime.now(UTC), counter_offset=1))
    other.page.get_by_role("button", name="Valider").click()
    other.page.wait_for_url(re.compile(r"/(dashboard|preferences)$"))
    no_csp_refusal(other)


def test_reset_a_forgotten_password(site_url: str, open_tab: OpenTab, site_mailbox: Mailbox) -> None:
    tab = open_tab()
    page = tab.page
    username = new_username("oublieux")
    sign_up_and_verify(page, site_url, site_mailbox, username)

    page.goto(f"{site_url}/auth/login")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    page.fill("#email", f"{username}@example.com")
    page.get_by_role("button", name="Envoyer le lien").click()
    expect(page.locator(".flash")).to_contain_text("Si un compte utilise cette adresse")

    page.goto(site_url + site_mailbox.link(f"{username}@example.com", "/auth/reset/"))
    page.fill("#new_password", NEW_PASSWORD)
    page.fill("#confirm", NEW_PASSWORD)
    page.get_by_role("button", name="Changer le mot de passe").click()
    expect(page.locator(".flash")).to_contain_text("Mot de passe changé.")

    log_in(page, site_url, username, NEW_PASSWORD)
    page.wait_for_url("**/preferences")
    no_csp_refusal(tab)
