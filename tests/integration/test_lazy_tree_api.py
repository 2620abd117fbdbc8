"""The lazy tree through the API: a large course's first tree response and GET
/api/v1/courses/<id>/topics/<id>/children — their shape, their 404s and access rules (those of the
tree), and a number of SQL queries that does not grow with the course."""

from __future__ import annotations

from typing import Any

from flask import Flask

from app import db, learner_views
from app.auth.models import Role, User
from app.models import Course
from tests.big_course import add_big_course, topic_id
from tests.conftest import SignedIn, signed_in
from tests.integration.test_tree_loading import NOW, answer_right
from tests.sql_statements import counted_queries


def children_url(course: Course, topic: int) -> str:
    return f"/api/v1/courses/{course.id}/topics/{topic}/children"


def test_a_large_tree_comes_with_closed_branches(learner: SignedIn) -> None:
    course = add_big_course()
    response = learner.client.get(f"/api/v1/courses/{course.id}/tree")
    assert response.status_code == 200, response.get_data(as_text=True)
    roots = response.json["roots"]
    assert [root["slug"] for root in roots] == [f"b{b}" for b in range(6)]
    last = roots[-1]["children"][-1]
    assert (last["slug"], last["children"], last["children_included"], last["is_leaf"]) == (
        "b5-s5",
        [],
        False,
        False,
    ), "a branch past the budget is sent closed, and not as a leaf"
    assert all(root["children_included"] for root in roots)


def test_opening_a_branch_returns_its_children_in_order(learner: SignedIn) -> None:
    course = add_big_course()
    branch = topic_id(course, "b5-s5")
    response = learner.client.get(children_url(course, branch))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json["topic_id"] == branch
    children = response.json["children"]
    assert [child["slug"] for child in children] == [f"b5-s5-l{n}" for n in range(10)]
    first = children[0]
    assert first["is_leaf"] and first["has_quiz"] and first["children_included"] and first["children"] == []
    assert first["standing"]["css_class"] == "standing-t1-s1" and first["title"] == "Feuille 5.5.0"


def test_opening_a_leaf_returns_no_children(learner: SignedIn) -> None:
    course = add_big_course()
    leaf = topic_id(course, "b0-s0-l0")
    response = learner.client.get(children_url(course, leaf))
    assert response.status_code == 200
    assert response.json == {"topic_id": leaf, "children": []}


def test_a_topic_of_another_course_or_unknown_is_not_found(learner: SignedIn, astronomy: Course) -> None:
    course = add_big_course()
    for url in (
        children_url(course, topic_id(astronomy, "planetes")),
        children_url(course, 999_999),
        children_url(astronomy, topic_id(course, "b0")),
        f"/api/v1/courses/999999/topics/{topic_id(course, 'b0')}/children",
    ):
        response = learner.client.get(url)
        assert response.status_code == 404, f"{url}: expected 404, got {response.status_code}"
        assert response.json["error"]["status"] == 404 and response.json["error"]["message"], response.json


def test_a_draft_opens_for_its_author_only(app: Flask, make_user: Any, learner: SignedIn) -> None:
    author = make_user("autrice", role=Role.AUTHOR)
    draft = add_big_course("brouillon", published=False, author_id=author.id)
    url = children_url(draft, topic_id(draft, "b0"))
    assert learner.client.get(url).status_code == 404, "someone else's draft stays hidden"
    assert learner.client.get(f"/api/v1/courses/{draft.id}/tree").status_code == 404
    assert signed_in(app, author).client.get(url).status_code == 200


def test_an_anonymous_caller_is_refused_like_for_the_tree(client: Any) -> None:
    course = add_big_course()
    tree = client.get(f"/api/v1/courses/{course.id}/tree")
    opened = client.get(children_url(course, topic_id(course, "b0")))
    assert tree.status_code == opened.status_code == 401
    assert opened.json["error"] == tree.json["error"], "the same error envelope as the tree's"


def _queries(client: Any, url: str) -> int:
    """The statements of a request that builds the document (the course's structure cached, the
    learner's kept views forgotten: tests/integration/test_learner_views.py counts a kept one)."""
    assert client.get(url).status_code == 200  # reads the course's structure into the cache
    with client.application.app_context():
        learner_views.store().clear()
    with counted_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


def test_the_first_response_and_an_opened_branch_cost_fixed_queries_whatever_the_course_size(
    app: Flask, make_user: Any
) -> None:
    user: User = make_user("compteuse")
    smaller = add_big_course("plus-petit", branches=4, sub_branches=6, leaves=10)
    larger = add_big_course("plus-grand", branches=9, sub_branches=8, leaves=12)
    for course in (smaller, larger):
        answer_right(user, course, "b3-s5-l9", NOW)
    client = signed_in(app, user).client
    db.session.expire_all()
    counts = {
        course.slug: (
            _queries(client, f"/api/v1/courses/{course.id}/tree"),
            _queries(client, children_url(course, topic_id(course, "b2"))),
        )
        for course in (smaller, larger)
    }
    assert counts["plus-petit"] == counts["plus-grand"], f"queries grew with the course: {counts}"
    tree, branch = counts["plus-grand"]
    assert tree == branch + 1, f"the first response adds one query (the learner's branch): {counts}"
