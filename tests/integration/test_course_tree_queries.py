"""The course tree with standing, and the dashboard, are read in a fixed number of SQL queries,
whatever the size of the tree or of the learner's history: the learner's part of a tree is one
query (their stored rows of the course), the dashboard three."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app import db
from app.models import Attempt, Course, Question, ReviewState, StoredStanding, Topic, User, Verdict
from app.services import learning, standings
from app.services.courses import course_standings, course_tree
from tests.sql_statements import counted_queries

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)


def build_course(
    slug: str, branches: int, leaves_per_branch: int, questions_per_leaf: int, user_id: int
) -> Course:
    course = Course(slug=slug, title=slug, published=True)
    db.session.add(course)
    position = 0
    for b in range(branches):
        branch = Topic(course=course, slug=f"{slug}-b{b}", title=f"Branche {b}", position=b)
        db.session.add(branch)
        for leaf_index in range(leaves_per_branch):
            position += 1
            leaf = Topic(course=course, slug=f"{slug}-b{b}-l{leaf_index}", title="Feuille", position=position)
            leaf.parent_id = None
            db.session.add(leaf)
            db.session.flush()
            leaf.parent_id = branch.id
            db.session.add(StoredStanding(user_id=user_id, course_id=course.id, node=leaf.id, tier=1, step=3))
            for q in range(questions_per_leaf):
                question = Question(topic=leaf, position=q, prompt=f"Q{q}", answers=["a"], tier=1)
                db.session.add(question)
                db.session.flush()
                reviewed = NOW - timedelta(days=3)
                db.session.add_all(
                    [
                        ReviewState(
                            user_id=user_id,
                            question_id=question.id,
                            state=2,
                            stability=4.0,
                            difficulty=5.0,
                            due=NOW,
                            last_review=reviewed,
                        ),
                        Attempt(
                            user_id=user_id,
                            question_id=question.id,
                            answer="a",
                            verdict=Verdict.CORRECT,
                            tier=1,
                            created_at=NOW,
                        ),
                    ]
                )
    db.session.commit()
    user = db.session.get(User, user_id)
    assert user is not None
    standings.rebuild(user, course, NOW)  # the rest of each row, from the standings earned
    return course


def test_the_tree_costs_the_same_queries_for_a_small_and_a_large_course(app, make_user) -> None:
    learner = make_user("counter")
    small = build_course("small", branches=1, leaves_per_branch=2, questions_per_leaf=1, user_id=learner.id)
    large = build_course("large", branches=8, leaves_per_branch=12, questions_per_leaf=3, user_id=learner.id)
    db.session.expire_all()
    assert small.id and large.id and learner.id  # loaded now: only the tree's own queries count

    with counted_queries() as small_queries:
        small_tree = course_tree(small, learner, NOW)
    with counted_queries() as large_queries:
        large_tree = course_tree(large, learner, NOW)

    assert len(large_tree.nodes) == 8 + 8 * 12 and len(small_tree.nodes) == 3
    assert len(small_queries) == len(large_queries) <= 3, (
        f"expected the same fixed number of queries, got {len(small_queries)} and {len(large_queries)}"
    )
    leaf = large_tree.leaves()[0]
    assert leaf.standing.step == 3 and leaf.started


@pytest.mark.parametrize(("branches", "leaves", "questions"), [(1, 2, 1), (8, 12, 3), (20, 30, 4)])
def test_the_learners_part_of_a_tree_is_one_query(app, make_user, branches, leaves, questions) -> None:
    learner = make_user("arbre")
    course = build_course("c", branches, leaves, questions, user_id=learner.id)
    course_standings(course, learner, NOW)  # the structure is now in the process's cache
    db.session.expire_all()
    assert course.id and learner.id

    with counted_queries() as statements:
        learner_part = course_standings(course, learner, NOW)

    assert len(statements) == 1, f"one query for the learner's stored rows, got {statements}"
    assert len(learner_part.started) == branches * (leaves + 1)


@pytest.mark.parametrize("courses", [1, 4])
def test_the_dashboard_costs_three_queries_whatever_the_history(app, make_user, courses) -> None:
    learner = make_user("tableau")
    built = [build_course(f"d{n}", 2 + 3 * n, 4 + n, 2 + n, user_id=learner.id) for n in range(courses)]
    learning.progress(learner, NOW)  # the structures are now in the process's cache
    db.session.expire_all()
    assert learner.id

    with counted_queries() as statements:
        entries = learning.progress(learner, NOW)

    assert len(statements) == 3, f"courses, the learner's course rows, the reviews due; got {statements}"
    by_course = {entry.course.id: entry for entry in entries}
    for course in built:
        entry = by_course[course.id]
        assert entry.seen == entry.questions and entry.due == entry.questions, "every question seen and due"
        assert entry.standing.step == 3
