"""In a real browser (headless Chromium): register, set preferences, open a quiz, answer right,
almost and wrong, and watch the feedback and the leaf's standing change without a reload — in
French and in English. Skipped, with the reason, where no Chromium is installed."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app import create_app, db, seed_file
from app.services.seeding import load_seed_file

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed: apt-get install chromium"),
]
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site served by a real HTTP server in a thread, on its own seeded SQLite file."""
    from werkzeug.serving import make_server

    folder = tmp_path_factory.mktemp("e2e")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/e2e.db", RATELIMIT_ENABLED=False)
    with app.app_context():
        db.create_all()
        load_seed_file(seed_file(app))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield instance
        instance.close()


def _page(browser: Any, locale: str, request: pytest.FixtureRequest) -> Any:
    context = browser.new_context(locale=locale, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems
    request.addfinalizer(context.close)
    return page


def _register_and_log_in(page: Any, base: str, name: str, texts: dict[str, str]) -> None:
    page.goto(f"{base}/auth/register")
    page.fill("#register-username", name)
    page.fill("#register-email", f"{name}@example.com")
    page.fill("#register-password", "une phrase de passe bien longue")
    page.click("#register-form button[type=submit]")
    page.wait_for_selector(f"#feedback:has-text('{texts['registered']}')")
    page.fill("#login-login", name)
    page.fill("#login-password", "une phrase de passe bien longue")
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/preferences")


def _leaf_badge(page: Any) -> str:
    return page.get_attribute("a.node[href*='/topics/planetes'] .standing", "class") or ""


def _answer(page: Any, number: int, text: str) -> str:
    item = page.locator("#lesson .question").nth(number)
    item.locator("input[type=text]").fill(text)
    item.locator("button[type=submit]").click()
    verdict = item.locator(".answer-feedback .verdict")
    verdict.wait_for()
    return f"{verdict.get_attribute('class')} {verdict.inner_text()}"


CASES = {
    "fr-FR": {
        "registered": "Inscription réussie",
        "saved": "Woohoo ! Tes préférences sont enregistrées.",
        "correct": "Excellent travail ! Ta réponse est parfaite. Continue comme ça !",
        "almost": "« Jupiter »",
        "wrong": "Bonne tentative ! La réponse correcte est « Mars ».",
        "score": "Correct : 2, Incorrect : 1",
    },
    "en-US": {
        "registered": "Registration",
        "saved": "Woohoo! Your preferences are saved.",
        "correct": "Excellent work! Your answer is perfect. Keep it up!",
        "almost": "“Jupiter”",
        "wrong": "Good try! The correct answer is “Mars”.",
        "score": "Correct: 2, Incorrect: 1",
    },
}


@pytest.mark.parametrize("locale", list(CASES))
def test_a_new_learner_answers_and_sees_feedback_and_standing_change(
    live_server: str, browser: Any, locale: str, request: pytest.FixtureRequest
) -> None:
    texts = CASES[locale]
    page = _page(browser, locale, request)
    try:
        _register_and_log_in(page, live_server, f"e2e{locale[:2]}", texts)
        page.check("input[name=communication_style][value=informal]")
        page.click("#preferences-form button[type=submit]")
        page.wait_for_selector(f"#preferences-feedback:has-text('{texts['saved'][:20]}')")
        page.wait_for_url("**/courses")

        page.goto(f"{live_server}/courses/astronomie")
        page.evaluate("window.__sameDocument = true")
        page.click("a.node[href*='/topics/planetes']")
        page.wait_for_url("**/topics/planetes*")
        page.locator("#lesson .quiz").wait_for()
        assert "standing-t1-s1" in _leaf_badge(page)

        assert texts["correct"] in _answer(page, 0, "huit")
        page.wait_for_function(
            "document.querySelector(\"a.node[href*='/topics/planetes'] .standing\")"
            ".className.includes('standing-t1-s2')"
        )
        assert "🙂" in page.inner_text("a.node[href*='/topics/planetes'] .standing-step")
        almost = _answer(page, 1, "Jupyter")
        assert "verdict-almost" in almost and texts["almost"] in almost
        wrong = _answer(page, 2, "Vénus")
        assert "verdict-incorrect" in wrong and texts["wrong"] in wrong
        assert page.inner_text("#score").strip() == texts["score"]
        assert page.evaluate("window.__sameDocument") is True, "everything happened without a reload"
        assert not [p for p in page.problems if "Content Security Policy" in p or "Refused" in p], (
            page.problems
        )
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"learning-{locale}.png"), full_page=True)
        raise


def test_the_quiz_works_without_javascript(
    live_server: str, browser: Any, request: pytest.FixtureRequest
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    request.addfinalizer(context.close)
    page = context.new_page()
    page.goto(f"{live_server}/auth/login")
    page.fill("#login-login", "testuser")
    page.fill("#login-password", "etoiles-et-planetes")
    page.click("#login-form button[type=submit]")
    page.goto(f"{live_server}/courses/astronomie/topics/planetes")
    item = page.locator("#lesson .question").nth(2)
    item.locator("input[type=text]").fill("mars")
    item.locator("button[type=submit]").click()
    page.wait_for_url("**/topics/planetes*")
    assert "Excellent travail !" in page.inner_text("#lesson")
