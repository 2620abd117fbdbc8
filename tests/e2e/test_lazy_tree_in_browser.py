"""A large course in headless Chromium: a branch sent closed is opened on the page, its children
come from the API and show with the learner's standings, the focus stays on the branch, and the
strict CSP blocks nothing. Skipped, with the reason, where Chromium is not installed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app import db
from app.models import Question, Topic
from app.services import accounts, learning
from app.types import utcnow
from tests.big_course import add_big_course
from tests.e2e.conftest import OpenTab, log_in, no_csp_refusal
from tests.e2e.test_accessibility import assert_accessible
from tests.live_server import served_site

pytestmark = pytest.mark.e2e
expect.set_options(timeout=10_000)

EMAIL = "arbre@example.com"
PASSWORD = "une phrase de passe bien longue"


@pytest.fixture(scope="module")
def big_course_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site of its own with the generated course and a learner who answered right on leaf
    b4-s5-l2, then on b5-s4-l0 (their current branch): b4-s5 is sent closed."""

    def prepare() -> None:
        user = accounts.register_user("arbre", EMAIL, PASSWORD, verified=True)
        course = add_big_course()
        now = utcnow()
        for minutes, slug in enumerate(("b4-s5-l2", "b5-s4-l0")):
            question = db.session.scalar(
                select(Question).join(Topic).where(Topic.course_id == course.id, Topic.slug == slug)
            )
            assert question is not None
            learning.submit_answer(user, question.id, question.answers[0], now + timedelta(minutes=minutes))

    with served_site(tmp_path_factory.mktemp("lazy-tree"), "lazy-tree-site", prepare) as url:
        yield url


def test_opening_a_closed_branch_shows_its_children_with_their_standings(
    big_course_site: str, open_tab: OpenTab
) -> None:
    tab = open_tab()
    page = tab.page
    log_in(page, big_course_site, EMAIL, PASSWORD)
    page.goto(f"{big_course_site}/courses/grand-cours")
    branch = page.locator("summary.node", has_text="Sous-branche 4.5")
    leaf = page.locator("a.node[href*='/topics/b4-s5-l2']")
    expect(leaf).to_have_count(0)  # not sent with the first page

    branch.focus()
    page.keyboard.press("Enter")  # opens the <details>, as a click would
    expect(leaf).to_be_visible()
    expect(leaf).not_to_have_class(re.compile(r"standing-t1-s1\b"))  # answered right: above the start
    expect(page.locator("a.node[href*='/topics/b4-s5-l3']")).to_have_class(re.compile(r"standing-t1-s1\b"))
    expect(page.locator("a.node[href*='/topics/b4-s5-l'][data-topic-id]")).to_have_count(10)
    expect(branch).to_be_focused()
    expect(branch.locator("xpath=..")).to_have_attribute("open", "")
    expect(page.locator("details[data-children-of] summary", has_text="Sous-branche 4.5")).to_have_count(0)
    assert_accessible(page, "a large course with a branch loaded by the script")

    leaf.click()  # a loaded leaf opens its lesson and quiz like any other
    expect(page.locator("#lesson .lesson-title")).to_have_text("Feuille 4.5.2")
    no_csp_refusal(tab)


def test_without_javascript_the_closed_branch_is_a_link(big_course_site: str, open_tab: OpenTab) -> None:
    tab = open_tab(java_script_enabled=False)
    page = tab.page
    log_in(page, big_course_site, EMAIL, PASSWORD)
    page.goto(f"{big_course_site}/courses/grand-cours")
    page.locator("summary.node", has_text="Sous-branche 4.5").click()
    page.get_by_role("link", name="Afficher les thèmes de « Sous-branche 4.5 »").click()
    expect(page).to_have_url(re.compile(r"\?open=\d+#node-\d+$"))
    expect(page.locator("a.node[href*='/topics/b4-s5-l2']")).to_be_visible()
