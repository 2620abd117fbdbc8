"""Which nodes of a course tree a response carries (app/services/tree_loading.py): a small course
whole and without a lookup; a large one as its top levels, breadth first within the node budget,
plus the way to the branch the learner is in; an opened branch as all its children, with the
standings the full tree has."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app import db
from app.models import Course, Question, Topic
from app.routes.api.tree_document import children_document, tree_document
from app.services import learning
from app.services.courses import CourseStructure, course_standings, course_structure, course_tree
from app.services.errors import NotFound
from app.services.tree_loading import TREE_NODE_BUDGET, children_view, first_view, tree_view
from tests.big_course import BRANCHES, LEAVES, SUB_BRANCHES, add_big_course, topic_id
from tests.sql_statements import counted_queries

NOW = datetime(2026, 4, 2, 9, 0, tzinfo=UTC)


def answer_right(user: Any, course: Course, leaf_slug: str, when: datetime) -> None:
    """Answer the leaf's question right, through the real answering service."""
    question = db.session.scalar(
        select(Question)
        .join(Topic, Topic.id == Question.topic_id)
        .where(Topic.course_id == course.id, Topic.slug == leaf_slug)
    )
    assert question is not None, f"no question on {leaf_slug}"
    learning.submit_answer(user, question.id, question.answers[0], when)


def sent(structure: CourseStructure, view: Any) -> list[int]:
    return list(view.node_ids(structure))


def slugs(structure: CourseStructure, ids: Any) -> set[str]:
    return {structure.topics[topic].slug for topic in ids}


def test_the_large_course_fixture_is_above_the_budget(app: Any) -> None:
    course = add_big_course()
    assert (
        len(course_structure(course).topics)
        == BRANCHES * (1 + SUB_BRANCHES * (1 + LEAVES))
        > TREE_NODE_BUDGET
    )


def test_a_course_within_the_budget_is_sent_whole_without_any_query(
    app: Any, astronomy: Course, make_user
) -> None:
    user = make_user("vega")
    structure = course_structure(astronomy)
    with counted_queries() as queries:
        view = first_view(structure, astronomy, user)
    assert queries == [], f"a small course looks nothing up, yet ran {queries}"
    assert view.expanded is None
    assert sorted(sent(structure, view)) == sorted(structure.topics), "every topic of the course is sent"


def test_a_large_course_without_history_sends_its_top_levels_breadth_first_within_the_budget(
    app: Any, make_user
) -> None:
    course = add_big_course()
    structure = course_structure(course)
    view = first_view(structure, course, make_user("nova"))
    ids = sent(structure, view)
    assert len(ids) <= TREE_NODE_BUDGET, f"{len(ids)} nodes sent, over the budget of {TREE_NODE_BUDGET}"
    sub_branches = [t for t in structure.topics.values() if t.parent_id in structure.roots]
    assert set(structure.roots) | {t.id for t in sub_branches} <= set(ids), "the two top levels are all sent"
    opened = [t for t in sub_branches if view.shows_children(t.id)]
    assert opened == sub_branches[: len(opened)], "sub-branches are opened in breadth-first order"
    closed = sub_branches[len(opened)]
    assert len(ids) + len(closed.children) > TREE_NODE_BUDGET, "the next family would not have fit"


def test_a_large_course_sends_the_branch_the_learner_answered_last(app: Any, make_user) -> None:
    course = add_big_course()
    user = make_user("sirius")
    answer_right(user, course, "b4-s1-l1", NOW)
    answer_right(user, course, "b5-s5-l3", NOW + timedelta(minutes=1))  # the last one: the current branch
    structure = course_structure(course)
    view = first_view(structure, course, user)
    ids = set(sent(structure, view))
    assert len(ids) <= TREE_NODE_BUDGET
    last_branch = topic_id(course, "b5-s5")
    assert view.shows_children(last_branch)
    assert slugs(structure, structure.topics[last_branch].children) <= slugs(structure, ids), (
        "the current branch's leaves are sent, with their siblings"
    )
    assert not view.shows_children(topic_id(course, "b5-s4")), "a sibling branch far down stays closed"
    assert not view.shows_children(topic_id(course, "b4-s1")), "an earlier branch is not the current one"


def test_a_closed_branch_is_sent_without_children_but_not_as_a_leaf(app: Any, make_user) -> None:
    course = add_big_course()
    user = make_user("rigel")
    learner = course_standings(course, user, NOW)
    view = first_view(learner.structure, course, user)
    document = json.loads(tree_document(course, learner, view))
    branch = next(r for r in document["roots"] if r["slug"] == "b5")
    closed = next(child for child in branch["children"] if child["slug"] == "b5-s5")
    assert closed["children"] == [] and closed["children_included"] is False and closed["is_leaf"] is False
    assert branch["children_included"] is True


def test_opening_a_branch_sends_all_its_children_with_the_standings_of_the_full_tree(
    app: Any, make_user
) -> None:
    course = add_big_course()
    user = make_user("altair")
    answer_right(user, course, "b4-s2-l0", NOW)
    answer_right(user, course, "b4-s2-l1", NOW)
    answer_right(user, course, "b0-s0-l0", NOW + timedelta(minutes=1))
    learner = course_standings(course, user, NOW + timedelta(minutes=2))
    branch = topic_id(course, "b4")
    view = children_view(learner.structure, branch)
    document = json.loads(children_document(branch, learner, view))

    assert document["topic_id"] == branch
    assert [child["slug"] for child in document["children"]] == [f"b4-s{s}" for s in range(SUB_BRANCHES)]
    full = course_tree(course, user, NOW + timedelta(minutes=2))
    seen = 0

    def check(node: dict[str, Any]) -> None:
        nonlocal seen
        seen += 1
        expected = full.nodes[node["id"]]
        assert node["standing"] == expected.standing.as_dict(), f"standing of {node['slug']}"
        assert node["started"] == expected.started, f"started of {node['slug']}"
        for child in node["children"]:
            check(child)

    for child in document["children"]:
        check(child)
    assert seen == SUB_BRANCHES * (1 + LEAVES), "the opened branch fits the budget: its whole subtree is sent"
    answered = next(child for child in document["children"] if child["slug"] == "b4-s2")
    leaf = next(child for child in answered["children"] if child["slug"] == "b4-s2-l0")
    assert answered["started"] and leaf["standing"]["level"] > 1, "the answers show on the opened branch"


def test_opening_a_branch_with_more_children_than_the_budget_sends_them_all_closed(app: Any) -> None:
    wide = TREE_NODE_BUDGET + 10
    course = add_big_course("large-et-plat", branches=1, sub_branches=wide, leaves=1)
    structure = course_structure(course)
    view = children_view(structure, topic_id(course, "b0"))
    assert len(view.tops) == wide, "every child of the opened topic is sent"
    assert not any(view.shows_children(child) for child in view.tops), (
        "none of them is opened past the budget"
    )


def test_a_branch_opened_by_its_link_is_sent_open(app: Any, make_user) -> None:
    course = add_big_course()
    structure = course_structure(course)
    closed = topic_id(course, "b5-s5")
    assert not first_view(structure, course, None).shows_children(closed)
    assert first_view(structure, course, None, opened=closed).shows_children(closed)


def test_a_topic_of_another_course_cannot_be_opened(app: Any, astronomy: Course) -> None:
    course = add_big_course()
    with pytest.raises(NotFound):
        children_view(course_structure(course), topic_id(astronomy, "planetes"))


def test_the_view_of_a_structure_and_focus_is_computed_once(app: Any) -> None:
    course = add_big_course()
    structure = course_structure(course)
    focus = (topic_id(course, "b1-s1-l1"),)
    assert tree_view(structure, focus) is tree_view(structure, focus)
