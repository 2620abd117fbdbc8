"""The course tree with standing is read in a fixed number of SQL queries, whatever the size of the
tree or of the learner's history."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event

from app import db
from app.models import Attempt, Course, Mastery, Question, ReviewState, Topic, Verdict
from app.services.courses import course_tree

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)


@contextmanager
def counted_queries() -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


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
            db.session.add(Mastery(user_id=user_id, topic_id=leaf.id, tier=1, step=3))
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
    assert len(small_queries) == len(large_queries) <= 4, (
        f"expected the same fixed number of queries, got {len(small_queries)} and {len(large_queries)}"
    )
    leaf = large_tree.leaves()[0]
    assert leaf.standing.step == 3 and leaf.started
