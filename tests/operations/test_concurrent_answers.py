"""Many answers by one learner at the same moment lose nothing: every attempt is counted in the
review state, the stored state equals a replay of the history one by one, and the stored sums of
the branches and of the course equal their recomputation from the history."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from app import db, seed_file
from app.auth.models import User
from app.models import Attempt, Question, ReviewState, StoredStanding, Topic
from app.services import accounts, learning, standings
from app.services.course_structure import course_structure
from app.services.courses import course_standings
from app.services.seeding import load_seed_file
from tests.conftest import fresh_app

from .conftest import postgres_only

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"


def planet_question() -> Question:
    """A tier-1 question of the seeded astronomy course."""
    leaf = db.session.scalar(select(Topic).where(Topic.slug == "planetes"))
    assert leaf is not None, "the seed has the planets leaf"
    return min((q for q in leaf.questions if q.tier == 1), key=lambda q: q.position)


def answers_for(question: Question, count: int) -> list[str]:
    """Right and wrong answers mixed, so the review state has lapses as well as successes."""
    return [question.answers[0] if n % 3 else "une réponse fausse" for n in range(count)]


def answer_in_parallel(app: Flask, user_id: int, question_id: int, answers: list[str]) -> None:
    """Send every answer at once, each from its own thread with its own application context and session."""
    answer_many_in_parallel(app, user_id, [(question_id, text) for text in answers])


def answer_many_in_parallel(app: Flask, user_id: int, answers: list[tuple[int, str]]) -> None:
    """Send every (question, answer) at once, each from its own thread, context and session."""
    start = threading.Barrier(len(answers))

    def answer(question_id: int, text: str) -> None:
        start.wait()  # before touching the database: every thread goes at the same moment
        with app.app_context():
            user = db.session.get(User, user_id)
            assert user is not None
            learning.submit_answer(user, question_id, text, NOW)
            db.session.remove()

    with ThreadPoolExecutor(max_workers=len(answers)) as pool:
        for future in [pool.submit(answer, question_id, text) for question_id, text in answers]:
            future.result()  # re-raises what a thread met


def stored_state(user_id: int, question: Question) -> tuple[object, ...]:
    """What the learner's rows say about this question and its leaf."""
    db.session.expire_all()
    state = db.session.scalar(
        select(ReviewState).where(ReviewState.user_id == user_id, ReviewState.question_id == question.id)
    )
    mastery = db.session.scalar(
        select(StoredStanding).where(
            StoredStanding.user_id == user_id, StoredStanding.node == question.topic_id
        )
    )
    assert state is not None and mastery is not None
    return (
        state.reps,
        state.lapses,
        state.state,
        state.step,
        round(state.stability or 0, 9),
        round(state.difficulty or 0, 9),
        state.due,
        mastery.tier,
        mastery.step,
    )


def replay(history: list[str], question: Question) -> tuple[object, ...]:
    """The same answers, in the order they were stored, sent one after the other by a new learner."""
    twin = accounts.register_user("jumeau", "jumeau@example.com", PASSWORD)
    for text in history:
        learning.submit_answer(twin, question.id, text, NOW)
    return stored_state(twin.id, question)


def check_parallel_answers(app: Flask, count: int) -> None:
    load_seed_file(seed_file(app))
    learner = accounts.register_user("foule", "foule@example.com", PASSWORD)
    question = planet_question()
    answer_in_parallel(app, learner.id, question.id, answers_for(question, count))

    attempts = db.session.scalar(
        select(func.count()).select_from(Attempt).where(Attempt.user_id == learner.id)
    )
    assert attempts == count, f"{attempts} attempts stored for {count} answers"
    stored = stored_state(learner.id, question)
    assert stored[0] == count, f"reps = {stored[0]} after {count} answers: updates were lost"
    history = list(
        db.session.scalars(select(Attempt.answer).where(Attempt.user_id == learner.id).order_by(Attempt.id))
    )
    assert stored == replay(history, question), "the stored state is not the replay of the history"


# Ten connections for fifty threads: the answers queue for the pool as they would in a worker.
SMALL_POOL = {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 5}


def check_parallel_answers_across_leaves(app: Flask, count: int) -> None:
    load_seed_file(seed_file(app))
    learner = accounts.register_user("essaim", "essaim@example.com", PASSWORD)
    parents = select(Topic.parent_id).where(Topic.parent_id.is_not(None))
    leaves = db.session.scalars(select(Topic).where(Topic.id.not_in(parents))).all()
    questions = [question for leaf in leaves for question in leaf.questions if question.tier == 1]
    course = leaves[0].course
    mine = [question for question in questions if question.topic.course_id == course.id]
    answers = [
        (question.id, question.answers[0] if n % 4 else "une réponse fausse")
        for n, question in enumerate((mine * count)[:count])
    ]
    answer_many_in_parallel(app, learner.id, answers)

    db.session.expire_all()
    structure = course_structure(course)
    expected, started = standings.recompute_from_history(structure, learner.id, NOW)
    shown = course_standings(course, learner, NOW)
    assert shown.standings == expected, "the stored standings are not their recomputation from the history"
    assert shown.started == started
    stored = standings.read_rows(learner.id, course.id)
    rebuilt = standings.rows_from_history(structure, learner.id, NOW)
    for node, row in rebuilt.items():
        assert (stored[node].level_sum, stored[node].started) == (row.level_sum, row.started), (
            f"node {node}: stored sum {stored[node].level_sum} over {stored[node].started} leaves, "
            f"recomputed {row.level_sum} over {row.started}"
        )
    course_row = stored[0]
    assert course_row.seen == len({question_id for question_id, _text in answers}), "questions seen"
    assert course_row.day_accepted + course_row.day_incorrect == count, "today's score counts every answer"


CHECKS = {"one-question": check_parallel_answers, "across-leaves": check_parallel_answers_across_leaves}


@postgres_only
@pytest.mark.parametrize(
    ("check", "answers"),
    [(check_parallel_answers, 50), (check_parallel_answers_across_leaves, 40)],
    ids=list(CHECKS),
)
def test_parallel_answers_by_one_learner_keep_every_count_on_postgresql(
    check: Callable[[Flask, int], None], answers: int
) -> None:
    with fresh_app(
        RATELIMIT_ENABLED=False, FSRS_ENABLE_FUZZING=False, SQLALCHEMY_ENGINE_OPTIONS=SMALL_POOL
    ) as app:
        check(app, answers)


@pytest.mark.parametrize("check", list(CHECKS.values()), ids=list(CHECKS))
def test_parallel_answers_by_one_learner_keep_every_count_on_a_sqlite_file(
    tmp_path: Path, check: Callable[[Flask, int], None]
) -> None:
    database = f"sqlite:///{tmp_path / 'learnanything.sqlite'}"
    with fresh_app(SQLALCHEMY_DATABASE_URI=database, RATELIMIT_ENABLED=False) as app:
        check(app, 8)  # one writer at a time on SQLite: fewer answers keep the test short
