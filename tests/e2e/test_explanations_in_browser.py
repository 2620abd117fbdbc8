""" "Explique-moi autrement" in headless Chromium, against a site whose language model is the local
chat-completions stand-in (tests/llm_stand_in.py): after a wrong answer the learner presses the
button and reads the explanation under the question without a reload; the page with the buttons and
the explanation passes axe-core; without JavaScript the form posts and the explanation has a page
of its own. Skipped where Chromium is not installed."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import current_app
from playwright.sync_api import Page, expect

from app import seed_file
from app.services import accounts
from app.services.preferences import update_preferences
from app.services.seeding import load_seed_file
from tests.e2e.conftest import OpenTab, no_csp_refusal
from tests.e2e.test_accessibility import DESKTOP, PASSWORD, assert_accessible
from tests.live_server import served_site
from tests.llm_stand_in import ChatCompletionsStandIn

pytestmark = pytest.mark.e2e
expect.set_options(timeout=10_000)

WRITTEN = "Compte-les sur tes doigts : **huit planètes**, de Mercure à Neptune."
HOW_MANY = "#lesson li.question:has-text('Combien y a-t-il de planètes')"


@pytest.fixture(scope="module")
def model() -> Iterator[ChatCompletionsStandIn]:
    """The stand-in model, writing WRITTEN for every request."""
    server = ChatCompletionsStandIn()
    server.default = lambda _request: WRITTEN
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def explaining_site(tmp_path_factory: pytest.TempPathFactory, model: ChatCompletionsStandIn) -> Iterator[str]:
    """A seeded site of its own whose language model is the stand-in; yields its base URL."""

    def prepare() -> None:
        load_seed_file(seed_file(current_app))
        for name in ("lucie", "noe"):
            user = accounts.register_user(name, f"{name}@example.com", PASSWORD, verified=True)
            update_preferences(user, learning_style="auditory")

    folder = tmp_path_factory.mktemp("explaining-site")
    with served_site(
        folder, "explaining-site", prepare, LLM_BASE_URL=model.url, LLM_MODEL="stand-in", LLM_API_KEY="test"
    ) as url:
        yield url


def log_in(page: Page, site: str, login: str) -> None:
    """Sign in through the form."""
    page.goto(f"{site}/auth/login")
    page.fill("#login-login", login)
    page.fill("#login-password", PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/(dashboard|preferences)$"))


def test_after_a_wrong_answer_the_explanation_appears_under_the_question(
    open_tab: OpenTab, explaining_site: str, model: ChatCompletionsStandIn
) -> None:
    tab = open_tab(viewport=DESKTOP)
    page = tab.page
    log_in(page, explaining_site, "lucie@example.com")
    page.goto(f"{explaining_site}/courses/astronomie/topics/planetes#lesson")
    question = page.locator(HOW_MANY)
    question.locator("input[type=text]").fill("neuf")
    question.locator(".answer-form button[type=submit]").click()
    expect(question.locator(".verdict")).to_be_visible()
    asked = len(model.requests)
    question.get_by_role("button", name="Explique-moi autrement").click()
    explanation = question.locator(".explain-area .explanation-written")
    expect(explanation).to_contain_text("huit planètes")
    expect(explanation.locator("strong")).to_have_text("huit planètes")
    assert len(model.requests) == asked + 1
    assert "neuf" in model.requests[-1]["messages"][1]["content"], "the wrong answer went with the request"
    assert_accessible(page, "a leaf with Explique-moi autrement and an explanation shown")
    no_csp_refusal(tab)


def test_without_javascript_the_explanation_has_a_page_of_its_own(
    open_tab: OpenTab, explaining_site: str, model: ChatCompletionsStandIn
) -> None:
    tab = open_tab(viewport=DESKTOP)
    page = tab.page
    page.route("**/*.js*", lambda route: route.abort())
    log_in(page, explaining_site, "noe@example.com")
    page.goto(f"{explaining_site}/courses/astronomie/topics/planetes#lesson")
    question = page.locator(HOW_MANY)
    question.locator("input[type=text]").fill("neuf")
    question.locator(".answer-form button[type=submit]").click()
    question = page.locator(HOW_MANY)
    expect(question.locator(".verdict")).to_be_visible()
    assert_accessible(page, "a leaf without scripts, with Explique-moi autrement")
    question.get_by_role("button", name="Explique-moi autrement").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Explique-moi autrement")
    expect(page.locator(".explanation-written")).to_contain_text("huit planètes")
    expect(page.get_by_text("Ta réponse : neuf")).to_be_visible()
    assert_accessible(page, "the explanation page")
    page.get_by_role("link", name="Revenir à la question").click()
    expect(page.locator(HOW_MANY)).to_be_visible()
