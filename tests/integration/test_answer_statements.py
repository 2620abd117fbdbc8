"""An answer costs six SQL statements or fewer on a warm process (the course structure cached, the
learner loaded), on SQLite and on PostgreSQL, whatever the size of the course or of the history:
read the question, claim the learner's rows, read the leaf's questions with the review states,
insert the attempt, write the review state, write the stored standings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from app import db
from app.auth.models import User
from app.models import Question, Topic
from app.services import learning
from tests.integration.test_course_tree_queries import build_course
from tests.sql_statements import counted_queries

NOW = datetime(2026, 5, 2, 12, tzinfo=UTC)
MAX_STATEMENTS = 6


def leaf_questions(course_id: int) -> list[int]:
    """The questions of the course's first leaf that has questions, by position."""
    return list(
        db.session.scalars(
            select(Question.id)
            .join(Topic, Topic.id == Question.topic_id)
            .where(Topic.course_id == course_id)
            .order_by(Question.topic_id, Question.position)
            .limit(3)
        )
    )


def counted_answer(
    user_id: int, question_id: int, text: str, now: datetime
) -> tuple[list[str], dict[str, int]]:
    """One answer as a request makes it: a fresh session, the learner loaded, then the statements."""
    db.session.remove()
    user = db.session.get(User, user_id)
    assert user is not None and user.username
    with counted_queries() as statements:
        result = learning.submit_answer(user, question_id, text, now)
    return statements, result.score


@pytest.mark.parametrize(
    ("branches", "leaves", "questions"),
    [(1, 2, 2), (6, 10, 3), (20, 25, 4)],
    ids=["small", "medium", "large"],
)
def test_an_answer_costs_six_statements_whatever_the_course_and_the_history(
    app: Flask, make_user: Callable[..., User], branches: int, leaves: int, questions: int
) -> None:
    user = make_user("compteur")
    course = build_course("compte", branches, leaves, questions, user_id=user.id)  # a history on every leaf
    course_id, user_id = course.id, user.id
    first, second, *_ = leaf_questions(course_id)
    learning.submit_answer(user, first, "a", NOW)  # warms the course structure of this process

    for number, (question_id, text) in enumerate([(second, "a"), (first, "faux"), (second, "a")]):
        statements, score = counted_answer(user_id, question_id, text, NOW + timedelta(days=number + 1))
        assert len(statements) <= MAX_STATEMENTS, (
            f"expected at most {MAX_STATEMENTS} statements for an answer, got {len(statements)}: "
            + "\n".join(statement.split("\n")[0][:120] for statement in statements)
        )
        assert sum(score.values()) == 1, "the score is today's: one answer on each new day"


def test_a_first_answer_on_a_new_course_costs_no_more(
    app: Flask, make_user: Callable[..., User], seeded: None
) -> None:
    user = make_user("nouvelle")
    leaf = db.session.scalar(select(Topic).where(Topic.slug == "planetes"))
    assert leaf is not None
    question_id, answer = leaf.questions[0].id, leaf.questions[0].answers[0]
    learning.standing_on(user, leaf, NOW)  # warms the course structure of this process

    statements, score = counted_answer(user.id, question_id, answer, NOW)

    assert len(statements) <= MAX_STATEMENTS, f"got {len(statements)} statements for a first answer"
    assert score == {"correct": 1, "incorrect": 0}
