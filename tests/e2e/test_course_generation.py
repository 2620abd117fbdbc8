"""Generating a course as an author lives it, in headless Chromium, scripts on, against the local
chat-completions stand-in and a real job worker.

The author asks the studio for a course on volcanoes, watches the job page count the steps (its
script follows the API), opens the draft, rewrites a question, publishes; a learner then answers
that question. Never a CSP refusal. Skipped, with the reason, where Chromium is not installed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from app import create_app, db, seed_file
from app.auth.models import Role
from app.services import accounts
from app.services.seeding import load_seed_file
from tests.conftest import llm_settings, running_worker, worker_settings
from tests.e2e.conftest import OpenTab, log_in, no_csp_refusal
from tests.e2e.test_accessibility import assert_accessible
from tests.generated_course import scripted_author
from tests.live_server import serving
from tests.llm_stand_in import ChatCompletionsStandIn

pytestmark = pytest.mark.e2e
expect.set_options(timeout=30_000)

AUTHOR = "volcanologue@example.com"
PASSWORD = "une phrase de passe bien longue"
NEW_PROMPT = "Sous un volcan, comment appelle-t-on la roche fondue ?"


@pytest.fixture
def generating_site(
    tmp_path: Path, llm_server: ChatCompletionsStandIn, chromium_executable: str
) -> Iterator[str]:
    """A seeded site pointed at the stand-in, with a worker on its own queue file; its base URL."""

    def patient_author(request: dict[str, Any]) -> str | None:
        time.sleep(0.4)  # a model takes its time: the job page has steps to show
        return scripted_author(request)

    llm_server.default = patient_author
    settings = worker_settings(
        tmp_path,
        **llm_settings(llm_server, LLM_TIMEOUT=5),
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/site.db",  # a file the server's threads share
        UPLOAD_FOLDER=str(tmp_path / "uploads"),
        RATELIMIT_ENABLED=False,  # every create_app rebinds the one limiter: keep the others' off
        WTF_CSRF_SSL_STRICT=False,
    )
    app = create_app("testing", **settings)
    with app.app_context():
        db.create_all()
        load_seed_file(seed_file(app))
        accounts.register_user("volcanologue", AUTHOR, PASSWORD, role=Role.AUTHOR, verified=True)
    try:
        with serving(app, "e2e-generation") as url, running_worker(app):
            yield url
    finally:
        with app.app_context():
            db.drop_all()
            db.engine.dispose()


def test_an_author_generates_a_course_reviews_it_and_publishes_it_and_a_learner_answers_it(
    open_tab: OpenTab, generating_site: str
) -> None:
    site = generating_site
    tab = open_tab()
    page = tab.page
    log_in(page, site, AUTHOR, PASSWORD)

    page.get_by_role("link", name="Studio", exact=True).click()
    page.get_by_role("link", name="Générer un cours").click()
    assert_accessible(page, "the generation form")
    page.fill("#subject", "Les volcans")
    page.fill("#level", "élèves de 5e")
    page.fill("#topics", "2")
    page.fill("#questions_per_topic", "2")
    page.get_by_role("button", name="Générer le brouillon").click()

    page.wait_for_url(re.compile(r".*/studio/generations/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Génération : Les volcans")
    steps = page.locator("[data-field='steps']")
    expect(steps, "the script shows the steps as they are done").to_have_text(re.compile(r"^[1-5] / 6$"))
    expect(page.locator("[data-field='status']")).to_have_text("En cours")
    expect(page.locator("[data-field='tokens']")).not_to_have_text("0")
    assert_accessible(page, "a running generation's page")

    draft_link = page.get_by_role("link", name="Ouvrir le brouillon dans le studio")
    expect(draft_link, "the page shows the outcome once the job is done").to_be_visible()
    expect(page.locator("[data-field='status']")).to_have_text("Terminée")
    expect(steps).to_have_text("6 / 6")
    assert_accessible(page, "a finished generation's page")
    draft_link.click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Brouillon")
    page.locator(".studio-tree").get_by_role("link", name="Notion 1").click()
    page.locator(".studio-questions > li").first.get_by_role("link").click()
    page.fill("#prompt", NEW_PROMPT)
    page.get_by_role("button", name="Enregistrer la question").click()
    expect(page.locator(".flash-success")).to_have_text("Question enregistrée.")
    page.locator(".breadcrumb").get_by_role("link", name="Les volcans").click()
    page.get_by_role("button", name="Publier le cours").click()
    expect(page.locator(".flash-success")).to_have_text("Le cours est publié : tout le monde peut le suivre.")
    no_csp_refusal(tab)

    learner_tab = open_tab()
    learner = learner_tab.page
    log_in(learner, site, "testuser", "etoiles-et-planetes")
    learner.goto(f"{site}/courses")
    learner.get_by_role("link", name="Les volcans").first.click()
    learner.locator("a.node", has_text="Notion 1").first.click()
    item = learner.locator("#lesson li.question").filter(has_text=NEW_PROMPT)
    expect(item, "the learner sees the question as the author rewrote it").to_have_count(1)
    item.get_by_role("textbox").fill("le magma")
    item.get_by_role("button", name="Vérifier", exact=True).click()
    expect(item.locator(".answer-feedback .verdict")).to_have_class(re.compile(r"\bverdict-correct\b"))
    no_csp_refusal(learner_tab)
