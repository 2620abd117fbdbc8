"""Fixtures for the browser tests: the real site on a real HTTP server, and headless Chromium.

The site runs in a thread on its own seeded SQLite file (never the function-scoped in-memory `app`
of tests/conftest.py, which a second thread could not share). Chromium is Debian's package, driven
by Playwright's sync API; where it is not installed every test here is skipped with the reason.
Each page records its console messages, so a test can prove the strict CSP blocked nothing, and a
failed test leaves a screenshot of every page it opened in tests/e2e/artifacts/ (git-ignored).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from flask import current_app

from app import create_app, db, seed_file
from app.services.seeding import load_seed_file
from tests.conftest import Mailbox, mail_settings
from tests.live_server import served_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_MISSING = "Chromium not installed: apt-get install chromium"
# How Chromium words a Content-Security-Policy refusal in the console: older builds say "Refused to
# execute inline script because it violates…", Chromium 156 says "Executing inline script violates
# the following Content Security Policy directive… The action has been blocked."
CSP_REFUSAL = re.compile(r"Refused to|Content Security Policy|violates the following", re.IGNORECASE)


def is_csp_refusal(text: str) -> bool:
    """Whether a console line is Chromium refusing something because of the CSP."""
    return CSP_REFUSAL.search(text) is not None


REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


def find_chromium() -> str | None:
    """Debian's Chromium, found on PATH or at its usual place, or None when it is not installed."""
    for candidate in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the test item, so a fixture can tell whether the test failed."""
    report: pytest.TestReport = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """The Chromium binary the tests drive; skips every browser test when there is none."""
    path = find_chromium()
    if path is None:
        pytest.skip(CHROMIUM_MISSING)
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    return path


@pytest.fixture(scope="session")
def site_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the site under test keeps its SQLite file (`e2e.db`) and its uploads: a test may add
    rows there itself, such as an author account no page can create."""
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="session")
def site_url(site_folder: Path, smtp_server: tuple[Mailbox, int]) -> Iterator[str]:
    """The base URL of the whole site, served by werkzeug in a daemon thread on a seeded SQLite file;
    its mail goes to the local SMTP server of tests/conftest.py (`site_mailbox` reads it)."""
    with served_site(
        site_folder,
        "e2e-site",
        lambda: load_seed_file(seed_file(current_app)),
        database="e2e.db",
        UPLOAD_FOLDER=str(site_folder / "uploads"),
        **mail_settings(smtp_server),
    ) as url:
        yield url


AUTHOR_EMAIL = "autrice@example.com"
AUTHOR_PASSWORD = "une phrase de passe bien longue"


@pytest.fixture(scope="session")
def author_account(site_url: str, site_folder: Path) -> str:
    """An author in the site's database, made once for the run (the role is granted by an admin or
    `flask set-role`, never by a page); returns the author's login."""
    from app.auth.models import Role
    from app.services import accounts

    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{site_folder}/e2e.db",
        RATELIMIT_ENABLED=False,  # every create_app rebinds the one limiter: keep the live site's off
    )
    with app.app_context():
        accounts.register_user("autrice", AUTHOR_EMAIL, AUTHOR_PASSWORD, role=Role.AUTHOR, verified=True)
        db.engine.dispose()
    return AUTHOR_EMAIL


def log_in(page: Page, site_url: str, login: str, password: str) -> None:
    """Sign in through the login form and wait for the page it leads to."""
    page.goto(f"{site_url}/auth/login")
    page.fill("#login-login", login)
    page.fill("#login-password", password)
    page.locator("#login-form").get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_url(re.compile(r".*/(dashboard|preferences)$"))


@pytest.fixture
def site_mailbox(smtp_server: tuple[Mailbox, int]) -> Mailbox:
    """What the site mailed during the run (tests tell their mails apart by the address)."""
    return smtp_server[0]


@pytest.fixture(scope="session")
def browser(chromium_executable: str) -> Iterator[Browser]:
    """One headless Chromium for the whole run; each test opens its own contexts (cookie jars)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_executable, headless=True)
        try:
            yield instance
        finally:
            instance.close()


@dataclass
class Tab:
    """A browser page and everything its console said (CSP refusals, script errors)."""

    page: Page
    console: list[str] = field(default_factory=list)

    def csp_refusals(self) -> list[str]:
        """The console lines in which Chromium refused something because of the CSP."""
        return [line for line in self.console if is_csp_refusal(line)]


OpenTab = Callable[..., Tab]


def no_csp_refusal(tab: Tab) -> None:
    """Assert Chromium refused nothing because of the Content-Security-Policy, and no script crashed."""
    assert tab.csp_refusals() == [], f"the CSP blocked something on the pages visited: {tab.csp_refusals()}"
    crashes = [line for line in tab.console if line.startswith("pageerror:")]
    assert crashes == [], f"a page script threw: {crashes}"


@pytest.fixture
def open_tab(browser: Browser, request: pytest.FixtureRequest) -> Iterator[OpenTab]:
    """Open a page in a fresh browser context (keyword arguments go to `new_context`).

    The context is closed after the test; if the test failed, each page is saved as a screenshot
    named after the test first.
    """
    opened: list[tuple[BrowserContext, Tab]] = []

    def open_(**context_options: Any) -> Tab:
        options: dict[str, Any] = {"locale": "fr-FR", "viewport": {"width": 1100, "height": 900}}
        options.update(context_options)
        context = browser.new_context(**options)
        page = context.new_page()
        page.set_default_timeout(10_000)
        tab = Tab(page)
        page.on("console", lambda message: tab.console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: tab.console.append(f"pageerror: {error}"))
        opened.append((context, tab))
        return tab

    yield open_

    reports = request.node.stash.get(REPORTS, {})
    failed = any(report.failed for report in reports.values())
    for number, (context, tab) in enumerate(opened, start=1):
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            try:
                tab.page.screenshot(path=str(ARTIFACTS / f"{name}-{number}.png"), full_page=True)
            except Exception as error:  # a crashed page must not hide the test's own failure
                print(f"no screenshot of page {number}: {error}")
        context.close()
