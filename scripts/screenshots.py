"""Screenshots of every page, on a phone and on a desktop, in French and in English (`make screenshots`).

The site runs on a temporary seeded SQLite database in a thread; Debian's Chromium, driven by
Playwright, opens each page as a visitor and as a signed-in learner (the session with each tab,
a lesson and an answered quiz) and saves full-page PNGs into `screenshots/` (git-ignored), named
`<language>-<device>-<page>.png`. It is a review aid for the look and the reflow, not a test.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from werkzeug.serving import make_server

from app import create_app, db, seed_file
from app.services import accounts
from app.services.seeding import load_seed_file

DEVICES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
LANGUAGES = {"fr": "fr-FR", "en": "en-US"}
PUBLIC_PAGES = {"home": "/", "about": "/about", "register": "/auth/register", "login": "/auth/login"}
LEARNER_PAGES = {"preferences": "/preferences", "catalogue": "/courses", "dashboard": "/dashboard"}
SESSION_TABS = ("cours", "exercices", "profil", "ressources")
PASSWORD = "une phrase de passe bien longue"  # noqa: S105 (a throwaway account on a temporary database)
LEARNER = "apercu@example.com"


@contextmanager
def running_site(folder: Path) -> Iterator[str]:
    """The site on a seeded SQLite file in `folder`, with one confirmed learner; yields its URL."""
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/screens.db",
        RATELIMIT_ENABLED=False,
        WTF_CSRF_SSL_STRICT=False,
    )
    with app.app_context():
        db.create_all()
        load_seed_file(seed_file(app))
        accounts.register_user("apercu", LEARNER, PASSWORD, verified=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


def shoot(page: Page, folder: Path, name: str) -> None:
    """Save the whole page as `<name>.png`."""
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def pages_of(page: Page, site: str, out: Path, prefix: str) -> None:
    """Every page and state, as a visitor then as the learner."""
    for name, path in PUBLIC_PAGES.items():
        page.goto(site + path)
        shoot(page, out, f"{prefix}-{name}")
    page.goto(f"{site}/auth/login")
    page.fill("#login-login", LEARNER)
    page.fill("#login-password", PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/(preferences|dashboard)$"))
    for name, path in LEARNER_PAGES.items():
        page.goto(site + path)
        shoot(page, out, f"{prefix}-{name}")
    for tab in SESSION_TABS:
        page.goto(f"{site}/courses/astronomie#{tab}")
        shoot(page, out, f"{prefix}-session-{tab}")
    page.goto(f"{site}/courses/astronomie/topics/planetes#lesson")
    question = page.locator("#lesson .question").first
    question.locator("input[type=text]").fill("Mars")
    question.locator("button[type=submit]").click()
    question.locator(".verdict").wait_for()
    shoot(page, out, f"{prefix}-session-quiz-answered")


def main() -> int:
    """Take the screenshots; exit 1 with a reason when Chromium is missing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="where the PNGs go")
    arguments = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.stderr.write("Chromium is not installed: make e2e-deps\n")
        return 1
    out: Path = arguments.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, running_site(Path(folder)) as site, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True)
        for language, locale in LANGUAGES.items():
            for device, viewport in DEVICES.items():
                context = browser.new_context(locale=locale, viewport=viewport)
                pages_of(context.new_page(), site, out, f"{language}-{device}")
                context.close()
        browser.close()
    sys.stdout.write(f"{len(list(out.glob('*.png')))} screenshots in {out}/\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
