"""The learner views a process keeps (app/learner_views.py): the dashboard and the course trees are
served again only while nothing they show can have changed — an answer (through this process or
written by another one), a course edited by its author, a review falling due, the person's
language — and a kept view costs two queries whatever the course or the history."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from flask import Flask
from markupsafe import escape
from sqlalchemy import select, update

from app import db, learner_views
from app.auth.models import User
from app.learner_views import View, ViewStore
from app.models import Course, Question, ReviewState, Topic
from app.services import authoring, learning
from app.types import utcnow
from tests.big_course import add_big_course
from tests.conftest import SignedIn
from tests.sql_statements import counted_queries


def first_question(course: Course) -> Question:
    """The first question of the course's first leaf that has questions."""
    question = db.session.scalars(
        select(Question)
        .join(Topic, Topic.id == Question.topic_id)
        .where(Topic.course_id == course.id)
        .order_by(Question.topic_id, Question.position)
    ).first()
    assert question is not None
    return question


def kept_dashboard(signed: SignedIn) -> str:
    """The dashboard once it is kept: the first one after the login shows (and uses up) the
    welcome message, and a page with a message is never kept."""
    dashboard(signed)
    page = dashboard(signed)
    assert learner_views.store().size() > 0, "the dashboard is kept"
    return page


def dashboard(signed: SignedIn, **headers: str) -> str:
    response = signed.client.get("/dashboard", headers=headers)
    assert response.status_code == 200
    return str(response.get_data(as_text=True))


def tree(signed: SignedIn, course: Course) -> dict[str, Any]:
    response = signed.client.get(f"/api/v1/courses/{course.id}/tree")
    assert response.status_code == 200
    document: dict[str, Any] = response.json
    return document


def answer_through_the_api(signed: SignedIn, question: Question) -> None:
    response = signed.auth.post_json(
        "/api/v1/attempts", {"question_id": question.id, "answer": question.answers[0]}
    )
    assert response.status_code == 201, response.json


def test_the_dashboard_shows_an_answer_at_once(learner: SignedIn, astronomy: Course) -> None:
    question = first_question(astronomy)
    assert "Pas encore de réponse" in kept_dashboard(learner)
    assert "Pas encore de réponse" in dashboard(learner), "the kept page, served again"

    answer_through_the_api(learner, question)

    page = dashboard(learner)
    assert "Pas encore de réponse" not in page
    assert question.prompt in page, "the answer is in the recent activity"


def test_the_catalogue_shows_an_answer_at_once(learner: SignedIn, astronomy: Course) -> None:
    learner.client.get("/courses")  # the welcome message
    assert "0 question vue sur" in learner.client.get("/courses").get_data(as_text=True)

    answer_through_the_api(learner, first_question(astronomy))

    assert "1 question vue sur" in learner.client.get("/courses").get_data(as_text=True)


def test_an_answer_written_by_another_process_replaces_the_kept_views(
    learner: SignedIn, astronomy: Course
) -> None:
    question = first_question(astronomy)
    before_page, before_tree = kept_dashboard(learner), tree(learner, astronomy)
    assert before_tree["standing"]["step"] == 1

    # Another worker shares only the database: it answers without touching this process's views.
    user = db.session.get(User, learner.user.id)
    assert user is not None
    learning.submit_answer(user, question.id, question.answers[0], utcnow())

    after_page, after_tree = dashboard(learner), tree(learner, astronomy)
    assert after_page != before_page and question.prompt in after_page
    assert after_tree != before_tree, "the tree carries the new standing"
    assert after_tree["roots"][0]["started"] is True


def test_a_course_renamed_by_its_author_shows_in_the_kept_views(learner: SignedIn, astronomy: Course) -> None:
    assert (
        escape(astronomy.title) in kept_dashboard(learner)
        and tree(learner, astronomy)["course"]["title"] == astronomy.title
    )

    authoring.save_course(astronomy, {"title": "Le ciel et les étoiles"})

    assert "Le ciel et les étoiles" in dashboard(learner)
    assert tree(learner, astronomy)["course"]["title"] == "Le ciel et les étoiles"


def test_a_question_reworded_by_its_author_shows_in_the_kept_dashboard(
    learner: SignedIn, astronomy: Course
) -> None:
    question = first_question(astronomy)
    answer_through_the_api(learner, question)
    assert escape(question.prompt) in kept_dashboard(learner)

    authoring.save_question(question, {"prompt": "Quelle est la plus grosse planète du système ?"})

    assert "Quelle est la plus grosse planète du système ?" in dashboard(learner)


def test_a_course_hidden_by_its_author_leaves_the_kept_dashboard(
    learner: SignedIn, astronomy: Course
) -> None:
    assert escape(astronomy.title) in kept_dashboard(learner)
    assert tree(learner, astronomy)["course"]["id"] == astronomy.id

    authoring.set_published(astronomy, False)

    assert escape(astronomy.title) not in dashboard(learner)
    assert learner.client.get(f"/api/v1/courses/{astronomy.id}/tree").status_code == 404


def test_a_review_falling_due_shows_on_the_kept_dashboard(learner: SignedIn, astronomy: Course) -> None:
    answer_through_the_api(learner, first_question(astronomy))
    due = utcnow() + timedelta(seconds=1.5)  # the review falls due while the page is kept
    db.session.execute(update(ReviewState).where(ReviewState.user_id == learner.user.id).values(due=due))
    db.session.commit()
    assert "Aucune révision due" in kept_dashboard(learner)

    time.sleep(max(0.0, (due - utcnow()).total_seconds()) + 0.1)

    assert "1 révision t'attend." in dashboard(learner)


def test_each_learner_gets_their_own_kept_views(
    learner: SignedIn, other_learner: SignedIn, astronomy: Course
) -> None:
    answer_through_the_api(learner, first_question(astronomy))
    assert "Bonjour lea !" in kept_dashboard(learner)
    dashboard(other_learner)  # the welcome message
    page = dashboard(other_learner)
    assert "Bonjour oscar !" in page and "Bonjour lea" not in page
    assert "Pas encore de réponse" in page, "nothing of the other learner's history"
    assert tree(other_learner, astronomy)["roots"][0]["started"] is False


def test_the_language_asked_for_is_the_language_served(learner: SignedIn, astronomy: Course) -> None:
    assert "Bonjour lea !" in kept_dashboard(learner)
    assert "Hello lea!" in dashboard(learner, **{"Accept-Language": "en"})
    assert "Bonjour lea !" in dashboard(learner)


def test_a_kept_page_carries_the_sessions_own_csrf_token(
    learner: SignedIn, other_learner: SignedIn, astronomy: Course
) -> None:
    kept_dashboard(learner)
    dashboard(other_learner)
    first, second = dashboard(learner), dashboard(other_learner)
    token = learner.client.get("/dashboard").get_data(as_text=True)
    assert "\x00" not in first + second + token, "no marker is left in a page"
    response = learner.auth.post_json(
        "/api/v1/attempts", {"question_id": first_question(astronomy).id, "answer": "x"}
    )
    assert response.status_code == 201, "the token of the kept page is accepted"


def test_a_page_asked_with_a_query_string_is_neither_kept_nor_served_from_the_store(
    learner: SignedIn,
) -> None:
    kept_dashboard(learner)
    page = learner.client.get("/dashboard?source=courriel").get_data(as_text=True)
    assert "source%3Dcourriel" in page or "source=courriel" in page, "its language links keep its address"
    assert "courriel" not in dashboard(learner), "the kept page is not the one with the query string"


def test_kept_views_cost_two_queries_whatever_the_course_and_the_history(
    app: Flask, learner: SignedIn
) -> None:
    small = add_big_course("petit", branches=2, sub_branches=2, leaves=2)
    large = add_big_course("grand", branches=9, sub_branches=8, leaves=12)
    for course in (small, large):
        answer_through_the_api(learner, first_question(course))
    counts = {}
    for course in (small, large):
        for url in (f"/api/v1/courses/{course.id}/tree", "/dashboard"):
            assert learner.client.get(url).status_code == 200  # built, then kept
            with counted_queries() as statements:
                assert learner.client.get(url).status_code == 200
            counts[course.slug, url.split("/")[1]] = len(statements)
    assert set(counts.values()) == {2}, f"the sign-in and the learner's marks, got {counts}"


def test_the_store_is_bounded_by_bytes_and_forgets_the_least_recently_used() -> None:
    store = ViewStore(max_bytes=1000)
    now = utcnow()
    for number in range(5):
        store.put(number, View("x" * 300, None))
    assert store.size() <= 1000
    assert store.get(0, now) is None and store.get(4, now) is not None
    store.put("huge", View(b"x" * (learner_views.ITEM_MAX_BYTES + 1), None))
    assert store.get("huge", now) is None, "a view larger than the item limit is not kept"


def test_a_view_stops_holding_at_its_moment() -> None:
    store = ViewStore(max_bytes=1000)
    now = utcnow()
    store.put("page", View("contenu", now + timedelta(minutes=5)))
    assert store.get("page", now + timedelta(minutes=4)) is not None
    assert store.get("page", now + timedelta(minutes=5)) is None


def test_no_view_is_kept_when_the_setting_is_zero(app: Flask, learner: SignedIn, astronomy: Course) -> None:
    app.config["LEARNER_VIEW_CACHE_BYTES"] = 0
    dashboard(learner)
    tree(learner, astronomy)
    assert learner_views.store().size() == 0


def test_every_answer_moves_the_version_of_the_learners_course_row(
    learner: SignedIn, astronomy: Course
) -> None:
    user = db.session.get(User, learner.user.id)
    assert user is not None
    question = first_question(astronomy)
    versions = []
    for _answer in range(3):
        learning.submit_answer(user, question.id, question.answers[0], utcnow())
        marks = dict(learning.progress_marks(user))
        versions.append(marks[astronomy.id].version)
    assert versions == sorted(set(versions)) and len(versions) == 3, f"a new version each time: {versions}"
