"""The authoring studio as an author lives it, in headless Chromium, scripts on.

An author starts from nothing: a course, a branch and a leaf, a lesson with an uploaded image
(the live preview shows it), one question of each kind — each tried in its preview against the
real grader — then publishes. A learner then opens the course, sees the lesson and its image and
answers a question. Never a CSP refusal. Skipped, with the reason, where Chromium is not installed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.conftest import AUTHOR_PASSWORD, OpenTab, log_in, no_csp_refusal

pytestmark = pytest.mark.e2e
expect.set_options(timeout=10_000)

COURSE = "Le Ciel d'été"
LEAF = "Étoiles brillantes"


def new_question(page: Page, kind: str, prompt: str) -> None:
    page.get_by_role("link", name="Nouvelle question").click()
    page.wait_for_load_state()
    page.select_option("#kind", kind)
    page.fill("#prompt", prompt)


def tick_option(page: Page, text: str) -> None:
    """Tick an option in the list the script builds from the options typed."""
    page.locator("[data-right-list] label", has_text=text).locator("input").check()


def save_and_try(page: Page, answer: str | None = None, *, picks: tuple[str, ...] = (), verdict: str) -> None:
    """Save the question, try an answer in its preview, read the grader's verdict, go back to the leaf."""
    page.get_by_role("button", name="Enregistrer la question").click()
    page.wait_for_url(re.compile(r".*/studio/questions/\d+$"))
    expect(page.locator(".flash-success")).to_have_text("Question ajoutée.")
    preview = page.locator("form[data-try]")
    if answer is not None:
        text_box = preview.locator("#try-answer")
        if text_box.count():
            text_box.fill(answer)
        else:
            preview.locator(f"input[value='{answer}']").check()
    for pick in picks:
        preview.get_by_label(pick, exact=True).check()
    page.get_by_role("button", name="Essayer cette réponse").click()
    expect(page.locator("[data-try-feedback] .verdict")).to_contain_text(verdict)
    page.locator(".breadcrumb").get_by_role("link", name=LEAF).click()


def test_an_author_writes_and_publishes_a_course_that_a_learner_answers(
    open_tab: OpenTab, site_url: str, author_account: str, tmp_path: Path
) -> None:
    tab = open_tab()
    page = tab.page
    log_in(page, site_url, author_account, AUTHOR_PASSWORD)

    page.get_by_role("link", name="Studio", exact=True).click()
    page.get_by_role("link", name="Nouveau cours").click()
    page.fill("#title", COURSE)
    page.fill("#description", "Les étoiles qu'on voit l'été.")
    page.get_by_role("button", name="Créer le cours").click()
    expect(page.locator(".flash-success")).to_contain_text(f"Cours « {COURSE} » créé (brouillon).")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Brouillon")

    page.fill("#topic-title", "Constellations")
    page.get_by_role("button", name="Ajouter le thème").click()
    page.fill("#topic-title", LEAF)
    page.select_option("#topic-parent_id", label="Constellations")
    page.get_by_role("button", name="Ajouter le thème").click()
    expect(page.locator(".studio-topic.depth-1")).to_contain_text(LEAF)
    page.locator(".studio-tree").get_by_role("link", name=LEAF).click()

    image = tmp_path / "etoile.png"
    Image.new("RGB", (40, 40), "gold").save(image)
    page.set_input_files("#image", str(image))
    page.get_by_role("button", name="Envoyer l'image").click()
    expect(page.locator(".flash-success")).to_contain_text("Image ajoutée.")
    snippet = page.locator(".image-list input").first.input_value()
    assert re.fullmatch(r"!\[etoile\.png\]\(/media/[0-9a-f]{64}\.png\)", snippet), snippet

    page.wait_for_load_state()  # the page's script is running
    page.fill("#lesson", f"## Sirius\n\nL'étoile la **plus brillante** du ciel.\n\n{snippet}")
    expect(page.locator("#lesson-preview strong"), "the preview follows the typing").to_have_text(
        "plus brillante"
    )
    expect(page.locator("#lesson-preview img")).to_have_attribute("src", re.compile(r"^/media/"))
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".flash-success")).to_have_text("Leçon enregistrée.")

    new_question(page, "short", "Quelle est l'étoile la **plus brillante** du ciel nocturne ?")
    page.fill("#answers", "Sirius\nAlpha Canis Majoris")
    save_and_try(page, "Sirus", verdict="Presque")

    new_question(page, "choice", "Dans quelle constellation est Véga ?")
    page.fill("#choices", "La Lyre\nLe Cygne\nL'Aigle")
    tick_option(page, "La Lyre")
    save_and_try(page, "La Lyre", verdict="Correct")

    new_question(page, "multiple", "Quelles étoiles forment le triangle d'été ?")
    page.fill("#choices", "Véga\nDeneb\nAltaïr\nSirius")
    for star in ("Véga", "Deneb", "Altaïr"):
        tick_option(page, star)
    save_and_try(page, picks=("Véga", "Deneb", "Altaïr"), verdict="Correct")

    new_question(page, "truefalse", "Polaris est l'étoile la plus brillante du ciel.")
    page.check("#truth-1")
    save_and_try(page, "faux", verdict="Correct")

    new_question(page, "numeric", "À combien d'années-lumière est Sirius (à 0,1 près) ?")
    page.fill("#value", "8.6")
    page.fill("#tolerance", "0.1")
    save_and_try(page, "8,65", verdict="Correct")

    expect(page.locator(".studio-questions > li")).to_have_count(5)
    page.locator(".breadcrumb").get_by_role("link", name=COURSE).click()
    page.get_by_role("button", name="Publier le cours").click()
    expect(page.locator(".flash-success")).to_have_text("Le cours est publié : tout le monde peut le suivre.")
    no_csp_refusal(tab)

    learner_tab = open_tab()
    learner = learner_tab.page
    log_in(learner, site_url, "testuser", "etoiles-et-planetes")
    learner.goto(f"{site_url}/courses")
    learner.get_by_role("link", name=COURSE).first.click()
    learner.locator("a.node[href*='/topics/etoiles-brillantes']").click()
    lesson_image = learner.locator("#lesson img")
    expect(lesson_image).to_be_visible()
    assert lesson_image.evaluate("img => img.naturalWidth") == 40, "the image is served to the learner"
    item = learner.locator("#lesson li.question").filter(has=learner.locator(".question-prompt strong"))
    expect(item, "the prompt's Markdown is rendered for learners").to_have_count(1)
    item.get_by_role("textbox").fill("sirius")
    item.get_by_role("button", name="Vérifier", exact=True).click()
    expect(item.locator(".answer-feedback .verdict")).to_have_class(re.compile(r"\bverdict-correct\b"))
    no_csp_refusal(learner_tab)
