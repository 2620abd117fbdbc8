"""Every page and state passes axe-core's WCAG 2.2 AA rules (and its best practices), in headless
Chromium: anonymous pages, the inscription page with its errors shown, the learner's pages, each tab
of the learning session, the tree open and closed, a quiz answered; in French and in English, on a
phone and on a desktop; with JavaScript and without. A second test walks the whole journey with the
keyboard only (register, open a quiz, answer, move to the next tab): no mouse, no click.

axe-core comes from the `axe-playwright-python` package (it ships `axe.min.js`); it is evaluated in
the page by Playwright, which the page's CSP does not govern. Skipped where Chromium is not installed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from app import create_app, db
from app.services import accounts
from tests.conftest import Mailbox
from tests.e2e.conftest import OpenTab, Tab

pytestmark = pytest.mark.e2e
expect.set_options(timeout=10_000)

PASSWORD = "une phrase de passe bien longue"
# The rules of WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices (landmarks,
# heading order, one main, a page-has-heading-one…).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
_names = itertools.count(1)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it stands now."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation and the first elements at fault, for the assertion message."""
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    return "\n".join(lines)


def assert_accessible(page: Page, state: str) -> None:
    """Fail with every axe violation of `state` listed; on a phone-sized window (what 200 % zoom of
    a small desktop window gives), fail too when the page scrolls sideways (WCAG 1.4.10 Reflow)."""
    violations = axe_violations(page)
    assert violations == [], f"{state} ({page.url}) breaks WCAG 2.2 AA:\n{describe(violations)}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if page.viewport_size and page.viewport_size["width"] <= PHONE["width"]:
        assert overflow <= 0, f"{state} ({page.url}) scrolls sideways by {overflow}px on a phone"


@pytest.fixture
def learner_login(site_url: str, site_folder: Path) -> Iterator[str]:
    """A confirmed learner in the site's database; yields the address to log in with."""
    name = f"lecteur{next(_names)}"
    # RATELIMIT_ENABLED=False as the site has it: the limiter is one instance, and binding it to
    # this second application must not switch its limits back on for the running site.
    app = create_app(
        "testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{site_folder}/e2e.db", RATELIMIT_ENABLED=False
    )
    with app.app_context():
        accounts.register_user(name, f"{name}@example.com", PASSWORD, verified=True)
        db.engine.dispose()
    yield f"{name}@example.com"


def log_in(page: Page, site_url: str, login: str) -> None:
    """Log in through the page's form and wait for the next page."""
    page.goto(f"{site_url}/auth/login")
    page.fill("#login-login", login)
    page.fill("#login-password", PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_url("**/preferences")


def open_in(open_tab: OpenTab, language: str, viewport: dict[str, int], *, scripts: bool = True) -> Tab:
    """A browser tab speaking `language` ("fr" or "en") at the size of a phone or a desktop.

    Without `scripts`, the site's scripts are refused at the network (every one is a file of
    /static/js or /static/api-docs): the page is what a browser without JavaScript shows, and axe,
    evaluated by Playwright, can still run in it (it cannot where JavaScript is switched off).
    """
    locale = "fr-FR" if language == "fr" else "en-US"
    tab = open_tab(locale=locale, viewport=viewport)
    if not scripts:
        tab.page.route("**/*.js*", lambda route: route.abort())
    return tab


ANONYMOUS_PAGES = ["/", "/about", "/contact", "/privacy", "/auth/register", "/auth/login", "/auth/forgot"]
LEARNER_PAGES = ["/preferences", "/courses", "/dashboard", "/auth/profile", "/auth/tokens", "/studio"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_anonymous_pages_and_inscription_errors_pass_axe(
    open_tab: OpenTab, site_url: str, language: str, viewport: dict[str, int]
) -> None:
    tab = open_in(open_tab, language, viewport)
    page = tab.page
    for path in ANONYMOUS_PAGES:
        page.goto(site_url + path)
        assert_accessible(page, f"the page {path}")
    page.goto(f"{site_url}/no-such-page")
    assert_accessible(page, "the 404 page")

    # A refused registration, with scripts: every field error beside its field.
    page.goto(f"{site_url}/auth/register")
    page.fill("#register-email", "not an address")
    page.locator("#register-form button[type=submit]").click()
    expect(page.locator("#register-form .field-errors").first, "the errors should show").to_be_visible()
    assert_accessible(page, "the inscription page with its errors shown")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_inscription_errors_without_scripts_pass_axe(open_tab: OpenTab, site_url: str, language: str) -> None:
    page = open_in(open_tab, language, PHONE, scripts=False).page
    page.goto(f"{site_url}/auth/register")
    page.fill("#register-email", "not an address")
    page.locator("#register-form button[type=submit]").click()
    expect(page.locator("#register-form .field-errors").first, "the errors should show").to_be_visible()
    assert_accessible(page, "the inscription page with its errors shown, without scripts")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_learner_pages_and_every_session_state_pass_axe(
    open_tab: OpenTab, site_url: str, learner_login: str, language: str, viewport: dict[str, int]
) -> None:
    tab = open_in(open_tab, language, viewport)
    page = tab.page
    log_in(page, site_url, learner_login)
    for path in LEARNER_PAGES:
        page.goto(site_url + path)
        assert_accessible(page, f"the page {path}")

    page.goto(f"{site_url}/courses/astronomie")
    tabs = page.get_by_role("tab")
    expect(tabs, "the session shows four tabs").to_have_count(4)
    assert_accessible(page, "the session, Cours tab, tree closed")
    for index in range(1, 4):
        tabs.nth(index).click()
        expect(tabs.nth(index)).to_have_attribute("aria-selected", "true")
        assert_accessible(page, f"the session, tab {index + 1}")
    tabs.first.click()

    leaf = page.locator("a.node[href*='/topics/planetes']")
    branches = page.locator("details:has(a.node[href*='/topics/planetes']) > summary")
    folders = page.locator("details:has(a.node[href*='/topics/planetes'])")
    for index in range(branches.count()):
        if folders.nth(index).get_attribute("open") is None:
            branches.nth(index).click()
    expect(leaf, "opening the branches shows the leaf").to_be_visible()
    assert_accessible(page, "the session with branches of the tree open")
    leaf.click()
    expect(page.locator("#lesson .quiz"), "the leaf's quiz should open").to_be_visible()
    assert_accessible(page, "the session with a lesson and its quiz open")
    question = page.locator("#lesson .question").first
    question.locator("input[type=text]").fill("8")
    question.locator("button[type=submit]").click()
    expect(question.locator(".verdict"), "the answer's feedback should show").to_be_visible()
    assert_accessible(page, "the session with a quiz answered")
    assert tab.csp_refusals() == [], f"the CSP blocked something: {tab.csp_refusals()}"
    crashes = [line for line in tab.console if line.startswith("pageerror:")]
    assert crashes == [], f"a page script threw: {crashes}"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_session_without_scripts_passes_axe(
    open_tab: OpenTab, site_url: str, learner_login: str, language: str
) -> None:
    page = open_in(open_tab, language, DESKTOP, scripts=False).page
    page.goto(f"{site_url}/auth/login")
    page.fill("#login-login", learner_login)
    page.fill("#login-password", PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.goto(f"{site_url}/courses/astronomie/topics/planetes#lesson")
    assert_accessible(page, "the session without scripts, a lesson open")
    page.locator("#lesson .question input[type=text]").first.fill("8")
    page.locator("#lesson .question button[type=submit]").first.click()
    expect(page.locator(".verdict").first, "the answer's feedback should show").to_be_visible()
    assert_accessible(page, "the session without scripts, a quiz answered")


def press_until_focused(page: Page, selector: str, *, key: str = "Tab", limit: int = 80) -> None:
    """Press `key` until the element matching `selector` has the focus (a keyboard user's Tab walk)."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{limit} presses of {key} never reached {selector}")


def test_a_keyboard_alone_registers_answers_a_quiz_and_moves_between_tabs(
    open_tab: OpenTab, site_url: str, site_mailbox: Mailbox
) -> None:
    page = open_in(open_tab, "fr", DESKTOP).page
    name = f"clavier{next(_names)}"
    page.goto(f"{site_url}/auth/register")

    # The skip link comes first and leads to the content.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link"), "the first Tab reaches the skip link").to_be_focused()

    press_until_focused(page, "#register-username")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(f"{name}@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    press_until_focused(page, "#register-privacy")
    page.keyboard.press("Space")
    press_until_focused(page, "#register-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#login-form"), "after signing up the login form shows").to_be_visible()

    page.goto(site_url + site_mailbox.link(f"{name}@example.com", "/auth/verify/"))
    press_until_focused(page, "#login-login")
    page.keyboard.type(f"{name}@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/preferences")

    page.goto(f"{site_url}/courses/astronomie")
    # The tree: open each branch on the way to the leaf with Enter, then open the leaf.
    branches = page.locator("details:has(a.node[href*='/topics/planetes'])")
    for index in range(branches.count()):
        if branches.nth(index).get_attribute("open") is None:
            press_until_focused(
                page, f"summary#{branches.nth(index).locator('> summary').get_attribute('id')}"
            )
            page.keyboard.press("Enter")
    press_until_focused(page, "a.node[href*='/topics/planetes']")
    page.keyboard.press("Enter")
    answer = page.locator("#lesson .question input[type=text]").first
    expect(answer, "opening the leaf moves the focus to the first answer").to_be_focused()
    page.keyboard.type("8")  # how many planets
    page.keyboard.press("Enter")
    feedback = page.locator("#lesson .question .verdict").first
    expect(feedback, "the answer is checked").to_contain_text("Excellent travail")

    # The tabs: one stop in the Tab order, arrow keys move and show the panel.
    press_until_focused(page, "[role=tab][aria-selected=true]", key="Shift+Tab")
    page.keyboard.press("ArrowRight")
    exercises = page.get_by_role("tab", name="Exercices")
    expect(exercises, "ArrowRight moves to the next tab").to_be_focused()
    expect(exercises).to_have_attribute("aria-selected", "true")
    expect(page.locator("#exercices"), "its panel shows").to_be_visible()
    page.keyboard.press("End")
    expect(page.get_by_role("tab", name="Ressources"), "End reaches the last tab").to_be_focused()
    expect(page.locator("#ressources")).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name="Cours"), "ArrowRight wraps to the first tab").to_be_focused()
    page.keyboard.press("Home")
    expect(page.locator("#cours")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.locator("#cours"), "Tab from the tabs goes into the panel").to_be_focused()


def test_a_refused_registration_marks_every_field_and_focuses_the_first(
    open_tab: OpenTab, site_url: str
) -> None:
    page = open_in(open_tab, "fr", DESKTOP).page
    page.goto(f"{site_url}/auth/register")
    page.fill("#register-username", "a")
    page.fill("#register-email", "pas une adresse")
    page.fill("#register-password", "une phrase de passe bien longue")
    page.locator("#register-form button[type=submit]").click()
    for name in ("username", "email"):
        field = page.locator(f"#register-{name}")
        expect(field, f"the {name} field should be marked invalid").to_have_attribute("aria-invalid", "true")
        expect(page.locator(f"#register-{name}-errors"), f"the {name} error shows beside it").to_be_visible()
    expect(page.locator("#register-username"), "the focus moves to the first field at fault").to_be_focused()
    expect(page.locator("#register-privacy-errors"), "the unticked consent is named too").to_be_visible()

    page.fill("#register-username", "quelquun")
    page.locator("#register-form button[type=submit]").click()
    expect(page.locator("#register-username-errors"), "a fixed field loses its error").to_have_count(0)
    expect(page.locator("#register-email"), "the focus moves to the next field at fault").to_be_focused()
