"""The learning flow as a person lives it, in headless Chromium.

A newcomer signs up on the inscription page, opens the link mailed to them, logs in, picks
preferences, opens the astronomy course, opens the leaf "Planètes" without a reload and answers
right, almost and wrong: the kind feedback, the leaf's standing badge and the score line change
in place. The same in English after pressing EN, the same without JavaScript (plain forms and
redirects), and never a CSP refusal.
Skipped, with the reason, where Chromium is not installed.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.conftest import Mailbox
from tests.e2e.conftest import OpenTab, Tab, is_csp_refusal, no_csp_refusal

pytestmark = pytest.mark.e2e

PASSWORD = "une phrase de passe bien longue"
PLANETS_LEAF = "a.node[data-topic-id][href*='/topics/planetes']"
expect.set_options(timeout=10_000)
_names = itertools.count(1)


def new_username(prefix: str) -> str:
    """A username no other test of this run has taken (the server's database lives for the run)."""
    return f"{prefix}{next(_names)}"


@dataclass(frozen=True)
class Texts:
    """What the learner reads, in one interface language."""

    sign_up: str
    log_in: str
    to_login: str
    registered: str
    privacy: str
    verified: str
    logged_in: str
    friendly: str
    steady_pace: str
    hands_on: str
    adventure: str
    saved: str
    courses_heading: str
    check: str
    correct: str
    almost_mars: str
    wrong_eight: str
    score: str


FRENCH = Texts(
    sign_up="S'inscrire",
    log_in="Se connecter",
    to_login="Déjà inscrit ? Connectez-vous",
    registered="Si cette adresse peut être utilisée, un message est en route. "
    "Ouvrez le lien qu'il contient pour activer votre compte.",
    privacy="J'ai lu la page « Vos données » et j'accepte que mes données soient traitées ainsi.",
    verified="Adresse confirmée ! Vous pouvez maintenant vous connecter.",
    logged_in="Connexion réussie!",
    friendly="Comme un pote 🤙",
    steady_pace="Un bon rythme 🚶‍♂️",
    hands_on="En pratiquant, les mains dans le cambouis 🛠️",
    adventure="C'est parti pour l'aventure ! 🎉",
    saved="Woohoo ! Tes préférences sont enregistrées.",
    courses_heading="Les cours",
    check="Vérifier",
    correct="Excellent travail ! Ta réponse est parfaite. Continue comme ça !",
    almost_mars="Presque parfait ! On l'écrit « Mars ».",
    wrong_eight="Bonne tentative ! La réponse correcte est « 8 ».",
    score="Correct : 2, Incorrect : 1",
)
ENGLISH = Texts(
    sign_up="Sign up",
    log_in="Log in",
    to_login="Already registered? Log in",
    registered="If this address can be used, a message is on its way. "
    "Open the link it holds to activate your account.",
    privacy="I have read the “Your data” page and accept that my data is handled that way.",
    verified="Address confirmed! You can now log in.",
    logged_in="Login successful!",
    friendly="Like a friend 🤙",
    steady_pace="A steady pace 🚶‍♂️",
    hands_on="By doing, hands on 🛠️",
    adventure="Let the adventure begin! 🎉",
    saved="Woohoo! Your preferences are saved.",
    courses_heading="Courses",
    check="Check",
    correct="Excellent work! Your answer is perfect. Keep it up!",
    almost_mars="Almost perfect! It's spelt “Mars”.",
    wrong_eight="Good try! The correct answer is “8”.",
    score="Correct: 2, Incorrect: 1",
)


# Steps ------------------------------------------------------------------------------------------
def sign_up_and_log_in(page: Page, site_url: str, texts: Texts, mailbox: Mailbox) -> None:
    """Register with the JS form, open the mailed link, log in, and land on /preferences."""
    username = new_username("explorer")
    page.goto(f"{site_url}/auth/register")
    register_form, login_form = page.locator("#register-form"), page.locator("#login-form")

    # The toggle link swaps the forms in place; back to the register form to sign up.
    page.get_by_role("link", name=texts.to_login).click()
    expect(login_form, "the toggle link should reveal the login form").to_be_visible()
    expect(register_form, "the register form should hide behind the login form").to_be_hidden()
    page.go_back()
    expect(register_form, "going back should show the register form again").to_be_visible()

    page.fill("#register-username", username)
    page.fill("#register-email", f"{username}@example.com")
    page.fill("#register-password", PASSWORD)
    page.get_by_label(texts.privacy).check()
    register_form.get_by_role("button", name=texts.sign_up, exact=True).click()
    expect(page.locator("#feedback"), "signing up should be confirmed").to_have_text(texts.registered)
    expect(login_form, "after signing up the login form should show").to_be_visible()

    page.goto(site_url + mailbox.link(f"{username}@example.com", "/auth/verify/"))
    expect(page.locator(".flash"), "the mailed link confirms the address").to_contain_text(texts.verified)
    page.fill("#login-login", f"{username}@example.com")
    page.fill("#login-password", PASSWORD)
    login_form.get_by_role("button", name=texts.log_in, exact=True).click()
    expect(page.locator("#feedback"), "logging in should be confirmed").to_have_text(texts.logged_in)
    page.wait_for_url("**/preferences")


def save_friendly_preferences(page: Page, texts: Texts) -> None:
    """Choose the friendly voice (and a pace and a style), save, read the Woohoo line, reach /courses."""
    page.get_by_label(texts.friendly).check()
    page.get_by_label(texts.steady_pace).check()
    page.get_by_label(texts.hands_on).check()
    page.get_by_role("button", name=texts.adventure).click()
    expect(page.locator("#preferences-feedback"), "saving should be confirmed inline").to_contain_text(
        texts.saved
    )
    page.wait_for_url("**/courses")
    expect(page.get_by_role("heading", level=1), "the course list should follow").to_have_text(
        texts.courses_heading
    )


def question(page: Page, prompt_start: str) -> tuple[Locator, Locator]:
    """The quiz item whose prompt starts with `prompt_start`, and its verdict line."""
    item = page.locator("#lesson li.question").filter(
        has=page.locator(".question-prompt", has_text=re.compile("^" + re.escape(prompt_start)))
    )
    expect(item, f"one question should start with {prompt_start!r}").to_have_count(1)
    return item, item.locator(".answer-feedback .verdict")


def answer(page: Page, prompt_start: str, text: str, texts: Texts) -> Locator:
    """Type `text` as the answer to the question starting with `prompt_start`, press Check."""
    item, verdict = question(page, prompt_start)
    item.get_by_role("textbox").fill(text)
    item.get_by_role("button", name=texts.check, exact=True).click()
    return verdict


def leaf_badge(page: Page) -> Locator:
    """The standing badge of the leaf Planètes in the course tree."""
    return page.locator(f"{PLANETS_LEAF} .standing")


def learn_planets(tab: Tab, site_url: str, texts: Texts) -> None:
    """From /courses: open the astronomy course and the leaf Planètes, answer right, almost, wrong."""
    page = tab.page
    page.get_by_role("link", name="Cours d'Astronomie").click()
    page.wait_for_url("**/courses/astronomie")
    page.evaluate("window.__marker = 1")

    leaf = page.locator(PLANETS_LEAF)
    expect(leaf_badge(page), "an unstarted leaf should be tier 1, step 1").to_have_class(
        re.compile(r"\bstanding-t1-s1\b")
    )
    expect(leaf_badge(page).locator(".standing-step"), "an unstarted leaf should show 😐").to_contain_text(
        "😐"
    )
    leaf.click()
    page.wait_for_url(f"{site_url}/courses/astronomie/topics/planetes*")
    expect(page.locator("#lesson .quiz"), "the leaf's quiz should open beside the tree").to_be_visible()
    expect(page.locator("#lesson h3").first, "the lesson of the leaf should show").to_contain_text("Planètes")

    verdict = answer(page, "Quelle est la plus grande planète", "jupiter", texts)
    expect(verdict, "a right answer should be praised").to_have_text(texts.correct)
    expect(verdict, "a right answer is verdict-correct").to_have_class(re.compile(r"\bverdict-correct\b"))
    expect(leaf_badge(page), "a right answer should climb the leaf one step").to_have_class(
        re.compile(r"\bstanding-t1-s2\b")
    )
    expect(leaf_badge(page).locator(".standing-step"), "the leaf's badge should now smile").to_contain_text(
        "🙂"
    )

    verdict = answer(page, "Quelle planète est connue sous le nom de planète rouge", "Mras", texts)
    expect(verdict, "a typo should be accepted, showing the spelling").to_contain_text(texts.almost_mars)
    expect(verdict, "a typo is verdict-almost").to_have_class(re.compile(r"\bverdict-almost\b"))

    verdict = answer(page, "Combien y a-t-il de planètes", "7", texts)
    expect(verdict, "a wrong answer should show the right one").to_contain_text(texts.wrong_eight)
    expect(verdict, "a wrong answer is verdict-incorrect").to_have_class(re.compile(r"\bverdict-incorrect\b"))
    expect(leaf_badge(page), "a wrong answer should drop the leaf back one step").to_have_class(
        re.compile(r"\bstanding-t1-s1\b")
    )
    expect(page.locator("#score"), "the score line should count 2 accepted, 1 wrong").to_have_text(
        texts.score
    )

    assert page.evaluate("window.__marker") == 1, "the page reloaded: window.__marker was lost"
    no_csp_refusal(tab)


# Tests ------------------------------------------------------------------------------------------
def test_a_newcomer_signs_up_sets_preferences_and_learns_planets_without_a_reload(
    site_url: str, open_tab: OpenTab, site_mailbox: Mailbox
) -> None:
    tab = open_tab(locale="fr-FR")
    sign_up_and_log_in(tab.page, site_url, FRENCH, site_mailbox)
    save_friendly_preferences(tab.page, FRENCH)
    learn_planets(tab, site_url, FRENCH)


def test_an_english_speaker_presses_en_and_reads_everything_in_english(
    site_url: str, open_tab: OpenTab, site_mailbox: Mailbox
) -> None:
    tab = open_tab(locale="fr-FR")
    page = tab.page
    page.goto(f"{site_url}/auth/register")
    expect(page.locator("html"), "the site should start in French").to_have_attribute("lang", "fr")
    page.locator("button.lang-button[value=en]").click()
    page.wait_for_url("**/auth/register")
    expect(page.locator("html"), "EN should switch the interface to English").to_have_attribute("lang", "en")

    sign_up_and_log_in(page, site_url, ENGLISH, site_mailbox)
    save_friendly_preferences(page, ENGLISH)
    learn_planets(tab, site_url, ENGLISH)


def test_without_javascript_the_forms_post_and_the_verdict_shows_after_the_redirect(
    site_url: str, open_tab: OpenTab, site_mailbox: Mailbox
) -> None:
    tab = open_tab(locale="fr-FR", java_script_enabled=False)
    page = tab.page
    username = new_username("nojs")

    page.goto(f"{site_url}/auth/register")
    page.fill("#register-username", username)
    page.fill("#register-email", f"{username}@example.com")
    page.fill("#register-password", PASSWORD)
    page.get_by_label(FRENCH.privacy).check()
    page.locator("#register-form").get_by_role("button", name=FRENCH.sign_up, exact=True).click()
    page.wait_for_url("**/auth/login*")
    expect(page.locator("body"), "the redirect should carry the sign-up message").to_contain_text(
        FRENCH.registered
    )
    page.goto(site_url + site_mailbox.link(f"{username}@example.com", "/auth/verify/"))

    page.fill("#login-login", username)
    page.fill("#login-password", PASSWORD)
    page.locator("#login-form").get_by_role("button", name=FRENCH.log_in, exact=True).click()
    page.wait_for_url("**/preferences")

    page.goto(f"{site_url}/courses/astronomie/topics/planetes")
    expect(page.locator("#lesson .quiz"), "the server should render the leaf's quiz").to_be_visible()
    verdict = answer(page, "Quelle planète est connue sous le nom de planète rouge", "mars", FRENCH)
    page.wait_for_url(re.compile(r"/courses/astronomie/topics/planetes.*#question-\d+$"))
    expect(verdict, "the verdict should show after the redirect").to_have_text(FRENCH.correct)
    expect(verdict, "a right answer is verdict-correct").to_have_class(re.compile(r"\bverdict-correct\b"))
    expect(page.locator("#score"), "the score line should count the answer").to_have_text(
        "Correct : 1, Incorrect : 0"
    )
    expect(leaf_badge(page), "the leaf should have climbed one step").to_have_class(
        re.compile(r"\bstanding-t1-s2\b")
    )
    no_csp_refusal(tab)


def test_the_console_reports_csp_refusals_so_a_clean_console_means_the_policy_held(
    site_url: str, open_tab: OpenTab
) -> None:
    """The other tests' "no refusal" would pass vacuously if refusals never reached the console."""
    tab = open_tab(locale="fr-FR")
    page = tab.page
    for path in ("/", "/auth/register", "/about", "/contact"):
        page.goto(f"{site_url}{path}")
    no_csp_refusal(tab)

    with page.expect_console_message(lambda message: is_csp_refusal(message.text)):
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.__inline = 1'; document.head.append(s); }"
        )
    assert page.evaluate("window.__inline") is None, "the strict CSP should refuse an inline script"
    assert any("inline script" in line for line in tab.csp_refusals()), (
        f"Chromium should log the refused inline script in words the tests look for: {tab.console}"
    )


def test_a_choice_question_is_answered_by_the_option_picked_without_a_reload(
    site_url: str, open_tab: OpenTab, site_mailbox: Mailbox
) -> None:
    tab = open_tab(locale="fr-FR")
    page = tab.page
    sign_up_and_log_in(page, site_url, FRENCH, site_mailbox)
    save_friendly_preferences(page, FRENCH)
    page.goto(f"{site_url}/courses/mathematiques-5e/topics/fractions-egales")
    page.evaluate("window.__marker = 1")
    item, verdict = question(page, "Quelle est la forme irréductible de 12/18")
    expect(item.get_by_role("radio"), "one radio button per option").to_have_count(4)

    item.get_by_role("radio", name="3/2", exact=True).check()
    item.get_by_role("button", name=FRENCH.check, exact=True).click()
    expect(verdict, "3/2 is not 2/3: the option picked is wrong").to_have_class(
        re.compile(r"\bverdict-incorrect\b")
    )
    expect(verdict, "the feedback shows the right option").to_contain_text("« 2/3 »")

    item.get_by_role("radio", name="2/3", exact=True).check()
    item.get_by_role("button", name=FRENCH.check, exact=True).click()
    expect(verdict, "the right option is correct").to_have_class(re.compile(r"\bverdict-correct\b"))
    assert page.evaluate("window.__marker") == 1, "the page reloaded: window.__marker was lost"
    no_csp_refusal(tab)
