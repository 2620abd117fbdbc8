"""The small things a learner trips on, fixed: short addresses that lead somewhere, counts worded
by each language's plural rule, percentages written the local way, the session's "Cours" tab that
stays "Course" in English, questions numbered 1, 2, 3 in the Exercices tab and new ones taken in the
order of the tree, the note saying why a standing did not rise, no meaningless seeded resource, a
description on every page and no empty table header."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app import db
from app.auth.models import User
from app.models import Course, Item, Question, Topic
from app.services import learning
from app.services.learning import tree_order
from tests.conftest import AuthActions, csrf_token


def signed_in(client: FlaskClient, make_user: Callable[..., User], name: str = "lina") -> User:
    """Log `client` in as a new learner through the real login form."""
    user = make_user(name)
    response = AuthActions(client).login(user.email)
    assert response.status_code == 302, f"expected the login to succeed, got {response.status_code}"
    return user


def text_of(response: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def answer(client: FlaskClient, question_id: int, text: str) -> Any:
    token = csrf_token(client, "/dashboard")
    return client.post(
        "/api/v1/attempts", json={"question_id": question_id, "answer": text}, headers={"X-CSRFToken": token}
    )


def leaf_question(course: Course, slug: str) -> Question:
    leaf = db.session.scalar(select(Topic).where(Topic.course_id == course.id, Topic.slug == slug))
    assert leaf is not None and leaf.questions, f"expected a leaf {slug} with questions"
    return leaf.questions[0]


@pytest.mark.parametrize(
    ("address", "target"),
    [
        ("/login", "/auth/login"),
        ("/connexion", "/auth/login"),
        ("/register", "/auth/register"),
        ("/signup", "/auth/register"),
        ("/inscription", "/auth/register"),
    ],
)
def test_short_addresses_lead_to_the_account_pages(client: FlaskClient, address: str, target: str) -> None:
    response = client.get(address)
    assert response.status_code == 301, f"{address}: expected 301, got {response.status_code}"
    assert response.headers["Location"] == target, f"{address}: expected {target}"
    assert client.get(address, follow_redirects=True).status_code == 200


def test_a_short_address_keeps_where_to_go_next(client: FlaskClient) -> None:
    response = client.get("/login?next=/dashboard")
    assert response.headers["Location"] == "/auth/login?next=/dashboard", response.headers["Location"]


def test_a_streak_of_zero_days_is_singular_in_french_and_plural_in_english(
    client: FlaskClient, make_user: Callable[..., User], astronomy: Course
) -> None:
    signed_in(client, make_user)
    french = text_of(client.get("/dashboard"))
    assert "Série : 0 jour ·" in french, "French takes the singular for 0: expected 'Série : 0 jour'"
    english = text_of(client.get("/dashboard", headers={"Accept-Language": "en"}))
    assert "Streak: 0 days" in english, "English takes the plural for 0: expected 'Streak: 0 days'"


def test_the_catalogue_counts_questions_seen_without_brackets(
    client: FlaskClient, make_user: Callable[..., User], astronomy: Course
) -> None:
    signed_in(client, make_user)
    page = text_of(client.get("/courses"))
    assert "(s)" not in page, "expected real plural forms, not 'question(s) vue(s)'"
    assert re.search(r"0 question vue sur \d+", page), "expected '0 question vue sur N' in French"
    english = text_of(client.get("/courses", headers={"Accept-Language": "en"}))
    assert re.search(r"0 questions seen out of \d+", english), "expected '0 questions seen out of N'"


def test_percentages_are_written_the_way_each_language_writes_them(
    client: FlaskClient, make_user: Callable[..., User], astronomy: Course
) -> None:
    signed_in(client, make_user)
    question = leaf_question(astronomy, "planetes")
    answer(client, question.id, question.answers[0])
    french = client.get("/courses/astronomie").get_data(as_text=True)
    assert re.search("<dd>100[\u00a0\u202f]%</dd>", french), "French writes a no-break space before %"
    english = client.get("/courses/astronomie", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<dd>100%</dd>" in english, "English writes 100% without a space"


def test_the_session_tab_says_course_in_english_while_the_menu_says_courses(
    client: FlaskClient, make_user: Callable[..., User], astronomy: Course
) -> None:
    signed_in(client, make_user)
    page = client.get("/courses/astronomie", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert re.search(r'id="tab-cours"[^>]*>.*?</span>Course</a>', page), "the tab should read 'Course'"
    assert ">Courses</a>" in page, "the menu should still read 'Courses'"


def test_the_exercises_tab_is_one_numbered_list_of_questions(
    client: FlaskClient, make_user: Callable[..., User], astronomy: Course
) -> None:
    signed_in(client, make_user)
    page = client.get("/courses/astronomie").get_data(as_text=True)
    exercises = page[page.index('id="exercices"') : page.index('id="profil"')]
    listing = exercises[exercises.index('<ol class="questions exercises">') :]
    items = re.findall(r"<li[ >][^>]*", listing)
    assert items and all('class="question"' in item for item in items), (
        f"expected every item of the list to be a question (numbered 1, 2, 3…), got {items[:4]}"
    )
    assert exercises.count('class="exercise-tag"') == len(items), "each question says why it is there"


def test_new_exercises_follow_the_tree_from_top_to_bottom(
    client: FlaskClient, make_user: Callable[..., User], astronomy: Course
) -> None:
    user = signed_in(client, make_user)
    place = tree_order(astronomy.id)
    from datetime import UTC, datetime

    chosen = learning.exercises(user, astronomy, datetime.now(UTC))
    keys = [(e.question.tier, place[e.question.topic_id]) for e in chosen if e.reason == "new"]
    assert keys, "expected new questions for a newcomer"
    assert keys == sorted(keys), f"expected tier then tree order, got {keys}"


def test_tree_order_reads_each_chapter_before_the_next(astronomy: Course) -> None:
    topics = {t.id: t for t in db.session.scalars(select(Topic).where(Topic.course_id == astronomy.id))}
    order = sorted(tree_order(astronomy.id), key=tree_order(astronomy.id).__getitem__)
    seen: set[int] = set()
    for topic_id in order:
        parent = topics[topic_id].parent_id
        assert parent is None or parent in seen, "a topic comes after its parent"
        seen.add(topic_id)
    assert len(order) == len(topics), "every topic has a place"


def test_a_right_answer_to_a_question_not_due_says_when_it_comes_back(
    client: FlaskClient, make_user: Callable[..., User], astronomy: Course
) -> None:
    signed_in(client, make_user)
    question = leaf_question(astronomy, "planetes")
    first = answer(client, question.id, question.answers[0]).json
    assert "déjà acquise" not in first["feedback"]["message"], "a first answer is due: no note"
    again = answer(client, question.id, question.answers[0]).json
    message = again["feedback"]["message"]
    assert "Cette question est déjà acquise : ton niveau ne monte pas cette fois." in message, message
    assert "Elle reviendra en révision le " in message, f"expected the date it comes back, got {message}"
    assert again["standings"] == first["standings"], "the standing does not rise on a question not due"


def test_the_site_guide_is_a_named_linked_resource(astronomy: Course) -> None:
    names = set(db.session.scalars(select(Item.name)))
    assert "Item1" not in names, "expected no resource titled 'Item1'"
    guide = db.session.scalar(select(Item).where(Item.name == "Guide de LearnAnything"))
    assert guide is not None and guide.url == "/about", "expected the site guide, linked to /about"


def test_every_page_has_a_description(client: FlaskClient) -> None:
    for path in ("/", "/about", "/auth/register", "/no-such-page"):
        page = client.get(path).get_data(as_text=True)
        assert re.search(r'<meta name="description" content="[^"]{40,}">', page), f"{path} has no description"


def test_the_dashboard_table_has_no_empty_header(
    client: FlaskClient, make_user: Callable[..., User], astronomy: Course
) -> None:
    signed_in(client, make_user)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "<th></th>" not in page, "every column header should have a name"
    assert "Ouvrir le cours" in page
