"""A question bank imported from the studio, as an author and then a learner live it, in headless
Chromium, scripts on.

The author uploads data/sample-bank/sample.gift on /studio/import, reads the preview (questions per
topic, nothing written yet), imports and publishes the course; a learner opens it, picks the right
option of a choice question and types the answer of a short one. Never a CSP refusal. Skipped,
with the reason, where Chromium is not installed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import AUTHOR_PASSWORD, OpenTab, log_in, no_csp_refusal

pytestmark = pytest.mark.e2e
expect.set_options(timeout=10_000)

BANK = Path(__file__).resolve().parents[2] / "data" / "sample-bank" / "sample.gift"
COURSE = "Culture générale en questions"


def question(page: Page, prompt: str) -> Locator:
    """The learner's question whose prompt contains `prompt`."""
    return page.locator("#lesson li.question").filter(has=page.locator(".question-prompt", has_text=prompt))


def verdict_of(item: Locator) -> Locator:
    return item.locator(".answer-feedback .verdict")


def test_an_imported_bank_is_previewed_published_and_answered(
    open_tab: OpenTab, site_url: str, author_account: str
) -> None:
    tab = open_tab()
    page = tab.page
    log_in(page, site_url, author_account, AUTHOR_PASSWORD)
    page.goto(f"{site_url}/studio/import")
    page.set_input_files("#file", str(BANK))
    page.get_by_role("button", name="Prévisualiser", exact=True).click()

    expect(page.locator("#preview-title")).to_have_text(f"Aperçu : {COURSE}")
    expect(page.locator(".card", has=page.locator("#preview-title"))).to_contain_text("21 questions")
    planets = page.locator(".preview-counts tbody tr").filter(
        has=page.locator("td", has_text=re.compile(r"Planètes$"))
    )
    expect(planets, "the preview counts the questions of each topic").to_have_count(1)
    expect(planets.locator("td").last).to_have_text("5")
    expect(page.locator(".problems"), "the sample bank has no problem").to_have_count(0)

    page.set_input_files("#file", str(BANK))  # the preview's page comes back without the file
    page.get_by_role("button", name="Importer", exact=True).click()
    page.wait_for_url(re.compile(r".*/studio/courses/\d+$"))
    expect(page.locator("h1")).to_contain_text(COURSE)
    page.get_by_role("button", name="Publier le cours").click()
    expect(page.locator(".flash-success")).to_have_text("Le cours est publié : tout le monde peut le suivre.")
    no_csp_refusal(tab)

    learner_tab = open_tab()
    learner = learner_tab.page
    log_in(learner, site_url, "testuser", "etoiles-et-planetes")
    learner.goto(f"{site_url}/courses")
    learner.get_by_role("link", name=COURSE).first.click()
    learner.locator("a.node", has_text="Planètes").first.click()

    red_planet = question(learner, "planète rouge")
    expect(red_planet.get_by_role("radio"), "a choice question offers radio buttons").to_have_count(3)
    red_planet.get_by_role("radio", name="Mars").check()
    red_planet.get_by_role("button", name="Vérifier", exact=True).click()
    expect(verdict_of(red_planet)).to_have_class(re.compile(r"\bverdict-correct\b"))

    largest = question(learner, "La plus grande planète est")
    largest.get_by_role("textbox").fill("jupiter")
    largest.get_by_role("button", name="Vérifier", exact=True).click()
    expect(verdict_of(largest)).to_have_class(re.compile(r"\bverdict-correct\b"))
    no_csp_refusal(learner_tab)
