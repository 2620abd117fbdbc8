"""The per-process cache of course structures: read once per course revision, read again after any
change of the course's topics or questions, and the standings it yields are those of the full tree."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from app import db
from app.models import Course, Question, Topic
from app.routes.api.tree_document import tree_document
from app.services import authoring, learning
from app.services.courses import course_standings, course_structure, course_tree
from app.services.tree_loading import tree_view
from tests.sql_statements import counted_queries

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _leaf(course: Course, slug: str = "planetes") -> Topic:
    leaf = db.session.scalar(select(Topic).where(Topic.course_id == course.id, Topic.slug == slug))
    assert leaf is not None
    return leaf


def test_a_second_tree_reads_only_the_learners_rows(app: Any, astronomy: Course, make_user: Any) -> None:
    user = make_user("stella")
    course_tree(astronomy, user, NOW)
    with counted_queries() as statements:
        course_tree(astronomy, user, NOW)
    assert len(statements) == 1, "the structure comes from the cache: only the learner's stored rows are read"


def test_a_new_topic_shows_at_once(app: Any, astronomy: Course) -> None:
    parent = _leaf(astronomy).parent_id
    before = course_tree(astronomy, None, NOW)
    topic = authoring.save_topic(
        Topic(), {"course_id": astronomy.id, "parent_id": parent, "slug": "pluton", "title": "Pluton"}
    )
    after = course_tree(astronomy, None, NOW)
    assert topic.id not in before.nodes and after.nodes[topic.id].title == "Pluton"
    assert topic.id in [child.id for child in after.nodes[parent].children]


def test_renamed_and_deleted_topics_and_new_questions_show_at_once(app: Any, astronomy: Course) -> None:
    leaf = _leaf(astronomy)
    count = course_tree(astronomy, None, NOW).nodes[leaf.id].question_count
    authoring.save_question(
        Question(), {"topic_id": leaf.id, "prompt": "Une de plus ?", "answers": ["oui"], "tier": 1}
    )
    assert course_tree(astronomy, None, NOW).nodes[leaf.id].question_count == count + 1
    authoring.save_topic(leaf, {"title": "Les planètes"})
    assert course_tree(astronomy, None, NOW).nodes[leaf.id].title == "Les planètes"
    authoring.delete_topic(leaf)
    assert leaf.id not in course_tree(astronomy, None, NOW).nodes


def test_another_process_sees_a_change_through_the_revision(app: Any, astronomy: Course) -> None:
    cached = course_structure(astronomy)
    assert course_structure(astronomy) is cached
    astronomy.updated_at = cached.revision + timedelta(seconds=1)  # as another process would
    db.session.commit()
    assert course_structure(astronomy) is not cached


def test_an_answer_returns_the_standings_the_whole_tree_shows(
    app: Any, astronomy: Course, make_user: Any
) -> None:
    user = make_user("nova")
    leaf = _leaf(astronomy)
    moment = NOW
    for question in sorted(leaf.questions, key=lambda q: q.position)[:3]:
        result = learning.submit_answer(user, question.id, question.answers[0], moment)
        moment += timedelta(minutes=1)
    tree = course_tree(astronomy, user, moment)
    expected = {node.id: node.standing for node in tree.ancestors(leaf.id)}
    assert list(result.standings) == list(expected), "the leaf first, then each ancestor up to the root"
    assert result.standings == expected


def _all_children_included(node: dict[str, Any]) -> dict[str, Any]:
    """A node of the whole tree as the API sends it: every node says its children are included."""
    children = [_all_children_included(child) for child in node["children"]]
    return {**node, "children": children, "children_included": True}


def test_the_tree_document_is_the_tree_of_nodes_as_json(app: Any, astronomy: Course, make_user: Any) -> None:
    user = make_user("orion")
    leaf = _leaf(astronomy)
    question = sorted(leaf.questions, key=lambda q: q.position)[0]
    learning.submit_answer(user, question.id, question.answers[0], NOW)
    with app.test_request_context():
        tree = course_tree(astronomy, user, NOW)
        learner = course_standings(astronomy, user, NOW)
        document = tree_document(astronomy, learner, tree_view(learner.structure))
        standings: dict[Any, Any] = {}
        expected = {
            "course": {"id": astronomy.id, "slug": astronomy.slug, "title": astronomy.title},
            "standing": tree.standing.as_dict(),
            "roots": [_all_children_included(root.as_dict(standings)) for root in tree.roots],
        }
        sent = app.json.response(expected).get_data(as_text=True)
        assert document == sent, "the same text Flask's JSON provider writes"
    assert json.loads(document)["roots"], "the seeded course has topics"
    assert tree.nodes[leaf.id].started and tree.nodes[leaf.id].standing.step == 2
