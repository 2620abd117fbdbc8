"""The learning style of the preferences, in headless Chromium: the leaf a visual, kinesthetic or
auditory learner opens from the tree (by the page script) has the order the server gives without
JavaScript, and passes axe-core; "Écouter" exists only where the browser can speak, reads the
lesson in the course's language with a voice of the device, and stops when pressed again.

Chromium's own speech synthesis needs an audio service a headless test machine does not have, so
the reading test gives the page a recording speech engine (an init script standing in for the
browser's `speechSynthesis`, as the LLM stand-in server stands in for a provider); the page script
itself runs unchanged. Skipped where Chromium is not installed.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app import create_app, db
from app.models import Course, Topic
from app.services import accounts
from app.services.course_images import media_name, store_image
from app.services.preferences import update_preferences
from tests.e2e.conftest import OpenTab, no_csp_refusal
from tests.e2e.test_accessibility import DESKTOP, PASSWORD, assert_accessible

pytestmark = pytest.mark.e2e
expect.set_options(timeout=10_000)
_names = itertools.count(1)

MOONS_LEAF = "a.node[data-topic-id][href*='/topics/lunes']"
MOONS_PAGE = "/courses/astronomie/topics/lunes"

# A speech engine that records what it is asked to say and finishes each utterance at once, with
# one local French voice and one network voice the page must not pick.
RECORDING_SPEECH = """
window.__spoken = [];
class StandInUtterance extends EventTarget {
  constructor(text) { super(); this.text = text; this.lang = ""; this.voice = null; }
}
const voices = [
  { name: "Réseau", lang: "fr-FR", localService: false, default: true },
  { name: "Locale", lang: "fr-FR", localService: true, default: false },
  { name: "English", lang: "en-US", localService: true, default: false },
];
const engine = {
  speaking: false,
  getVoices() { return voices; },
  speak(utterance) {
    const voice = utterance.voice?.name ?? null;
    window.__spoken.push({ text: utterance.text, lang: utterance.lang, voice });
    this.speaking = true;
  },
  cancel() { this.speaking = false; window.__cancelled = (window.__cancelled ?? 0) + 1; },
};
Object.defineProperty(window, "speechSynthesis", { value: engine, configurable: true });
Object.defineProperty(window, "SpeechSynthesisUtterance", { value: StandInUtterance, configurable: true });
"""
NO_SPEECH = """
Object.defineProperty(window, "speechSynthesis", { value: undefined, configurable: true });
"""


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (30, 90, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def illustrated_moons(site_url: str, site_folder: Path) -> str:
    """The "Lunes" leaf of the site's course with a real course image after its first paragraph;
    returns the image's address. (No other browser test opens this leaf.)"""
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{site_folder}/e2e.db",
        UPLOAD_FOLDER=str(site_folder / "uploads"),
        RATELIMIT_ENABLED=False,
    )
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "astronomie"))
        leaf = db.session.scalar(select(Topic).where(Topic.slug == "lunes"))
        assert course is not None and leaf is not None
        uploader = accounts.register_user(
            "illustratrice", "illustratrice@example.com", PASSWORD, verified=True
        )
        image = store_image(
            course, _png(), "orbites.png", uploader, folder=site_folder / "uploads", max_bytes=1_000_000
        )
        src = f"/media/{media_name(image)}"
        first, rest = leaf.lesson.split("\n\n", 1)
        leaf.lesson = f"{first}\n\n![Schéma des lunes de Jupiter]({src})\n\n{rest}"
        db.session.commit()
        db.engine.dispose()
    return src


@pytest.fixture
def learner_of_style(site_url: str, site_folder: Path) -> Iterator[Callable[[str], str]]:
    """Make a confirmed learner whose learning style is the one given; returns their address."""
    app = create_app(
        "testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{site_folder}/e2e.db", RATELIMIT_ENABLED=False
    )

    def make(style: str) -> str:
        name = f"style{next(_names)}"
        with app.app_context():
            user = accounts.register_user(name, f"{name}@example.com", PASSWORD, verified=True)
            update_preferences(user, learning_style=style)
        return f"{name}@example.com"

    yield make
    with app.app_context():
        db.engine.dispose()


def log_in(page: Page, site_url: str, login: str) -> None:
    """Log in through the form; the next page is the dashboard (preferences are already set)."""
    page.goto(f"{site_url}/auth/login")
    page.fill("#login-login", login)
    page.fill("#login-password", PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/(dashboard|preferences)$"))


def open_leaf_from_the_tree(page: Page, site_url: str, leaf: str) -> None:
    """Open the course, unfold the branches above `leaf` and open it by the script (no reload)."""
    page.goto(f"{site_url}/courses/astronomie")
    folders = page.locator(f"details:has({leaf})")
    for index in range(folders.count()):
        if folders.nth(index).get_attribute("open") is None:
            folders.nth(index).locator("> summary").click()
    page.locator(leaf).click()
    expect(page.locator("#lesson .quiz"), "the leaf's quiz should open").to_be_visible()


def parts_in_order(page: Page) -> list[str]:
    """The classes of the leaf's parts and of the lesson's inner blocks, in document order."""
    return list(
        page.eval_on_selector_all(
            "#lesson .practice-first-note, #lesson .quiz, #lesson .lesson, #lesson .lesson-figures,"
            " #lesson .lesson-disclosure, #lesson .lesson-text",
            "(els) => els.map((el) => el.classList[el.classList.length - 1] === 'lesson' ? 'lesson'"
            " : [...el.classList].find((c) => c !== 'card' && c !== 'muted'))",
        )
    )


@pytest.mark.parametrize("scripts", [True, False], ids=["script", "no-script"])
def test_a_visual_learner_sees_the_diagram_first_and_the_page_passes_axe(
    open_tab: OpenTab,
    site_url: str,
    learner_of_style: Callable[[str], str],
    illustrated_moons: str,
    scripts: bool,
) -> None:
    tab = open_tab(viewport=DESKTOP)
    page = tab.page
    log_in(page, site_url, learner_of_style("visual"))
    if scripts:
        open_leaf_from_the_tree(page, site_url, MOONS_LEAF)
    else:
        page.route("**/*.js*", lambda route: route.abort())
        page.goto(f"{site_url}{MOONS_PAGE}#lesson")
    assert parts_in_order(page) == ["lesson", "lesson-figures", "lesson-text", "quiz"]
    figure = page.locator("#lesson .lesson-figures img")
    expect(figure).to_have_attribute("src", illustrated_moons)
    expect(figure).to_have_attribute("alt", "Schéma des lunes de Jupiter")
    expect(page.locator(f"#lesson .lesson-text img[src='{illustrated_moons}']")).to_have_count(0)
    assert page.evaluate("() => document.querySelector('#lesson .lesson-figures img').naturalWidth") == 40
    assert_accessible(page, "a visual learner's leaf, figures first")
    no_csp_refusal(tab)


@pytest.mark.parametrize("scripts", [True, False], ids=["script", "no-script"])
def test_a_kinesthetic_learner_starts_with_the_quiz_and_opens_the_lesson_with_one_key(
    open_tab: OpenTab, site_url: str, learner_of_style: Callable[[str], str], scripts: bool
) -> None:
    tab = open_tab(viewport=DESKTOP)
    page = tab.page
    log_in(page, site_url, learner_of_style("kinesthetic"))
    if scripts:
        open_leaf_from_the_tree(page, site_url, "a.node[data-topic-id][href*='/topics/planetes']")
    else:
        page.route("**/*.js*", lambda route: route.abort())
        page.goto(f"{site_url}/courses/astronomie/topics/planetes#lesson")
    assert parts_in_order(page) == [
        "practice-first-note",
        "quiz",
        "lesson",
        "lesson-disclosure",
        "lesson-text",
    ]
    lesson_text = page.locator("#lesson .lesson-disclosure .lesson-text")
    expect(lesson_text, "the lesson waits behind its disclosure").to_be_hidden()
    assert_accessible(page, "a kinesthetic learner's leaf, quiz first")
    summary = page.get_by_text("Lire la leçon", exact=True)
    summary.focus()
    page.keyboard.press("Enter")
    expect(lesson_text, "one key press opens the lesson").to_be_visible()
    assert_accessible(page, "a kinesthetic learner's leaf, lesson opened")
    no_csp_refusal(tab)


def test_listen_reads_the_lesson_in_the_course_language_with_a_local_voice_and_stops(
    open_tab: OpenTab, site_url: str, learner_of_style: Callable[[str], str]
) -> None:
    tab = open_tab(viewport=DESKTOP, locale="en-US")
    page = tab.page
    page.add_init_script(RECORDING_SPEECH)
    log_in(page, site_url, learner_of_style("auditory"))
    open_leaf_from_the_tree(page, site_url, "a.node[data-topic-id][href*='/topics/planetes']")
    listen = page.get_by_role("button", name="Listen to the lesson")
    expect(listen).to_have_attribute("aria-pressed", "false")
    questions = page.get_by_role("button", name="Listen to the question")
    assert questions.count() >= 3, "every question of the quiz can be read"
    assert_accessible(page, "an auditory learner's leaf with its Listen buttons")

    listen.focus()
    page.keyboard.press("Enter")
    expect(listen, "pressed while it reads").to_have_attribute("aria-pressed", "true")
    spoken = page.evaluate("window.__spoken")
    assert len(spoken) == 1 and "planète" in spoken[0]["text"], spoken
    assert spoken[0]["lang"] == "fr", "a French course is read in French, even on an English page"
    assert spoken[0]["voice"] == "Locale", "a voice of the device, never the network one"
    listen.click()
    expect(listen, "pressed again, it stops").to_have_attribute("aria-pressed", "false")
    assert page.evaluate("window.__cancelled") >= 1

    question = page.locator("#lesson .question").first
    question.locator("input[type=text]").fill("8")
    question.locator("button[type=submit]").click()
    expect(question.locator(".verdict")).to_be_visible()
    question.get_by_role("button", name="Listen to the question").click()
    said = page.evaluate("window.__spoken.slice(1)")
    assert [piece["lang"] for piece in said] == ["fr", "en"], "the prompt in French, the feedback in English"
    assert said[1]["text"] == question.locator(".verdict").inner_text().strip(), "the feedback is read too"
    page.keyboard.press("Escape")
    expect(question.get_by_role("button", name="Listen to the question")).to_have_attribute(
        "aria-pressed", "false"
    )
    no_csp_refusal(tab)


def test_without_speech_synthesis_there_is_no_listen_button(
    open_tab: OpenTab, site_url: str, learner_of_style: Callable[[str], str]
) -> None:
    tab = open_tab(viewport=DESKTOP)
    page = tab.page
    page.add_init_script(NO_SPEECH)
    log_in(page, site_url, learner_of_style("auditory"))
    page.goto(f"{site_url}/courses/astronomie/topics/planetes#lesson")
    expect(page.locator("#lesson .quiz")).to_be_visible()
    expect(page.locator(".listen-button"), "no speech synthesis, no Écouter").to_have_count(0)
    no_csp_refusal(tab)


def test_a_visual_learner_is_never_offered_listen(
    open_tab: OpenTab, site_url: str, learner_of_style: Callable[[str], str]
) -> None:
    tab = open_tab(viewport=DESKTOP)
    page = tab.page
    page.add_init_script(RECORDING_SPEECH)
    log_in(page, site_url, learner_of_style("visual"))
    page.goto(f"{site_url}/courses/astronomie/topics/planetes#lesson")
    expect(page.locator("#lesson .quiz")).to_be_visible()
    expect(page.locator(".listen-button")).to_have_count(0)
