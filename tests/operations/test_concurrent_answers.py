"""Many answers to one question by one learner at the same moment lose nothing: every attempt is
counted in the review state, and the stored state equals a replay of the history one by one."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from app import db, seed_file
from app.auth.models import User
from app.models import Attempt, Mastery, Question, ReviewState, Topic
from app.services import accounts, learning
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
    start = threading.Barrier(len(answers))

    def answer(text: str) -> None:
        start.wait()  # before touching the database: every thread goes at the same moment
        with app.app_context():
            user = db.session.get(User, user_id)
            assert user is not None
            learning.submit_answer(user, question_id, text, NOW)
            db.session.remove()

    with ThreadPoolExecutor(max_workers=len(answers)) as pool:
        for future in [pool.submit(answer, text) for text in answers]:
            future.result()  # re-raises what a thread met


def stored_state(user_id: int, question: Question) -> tuple[object, ...]:
    """What the learner's rows say about this question and its leaf."""
    db.session.expire_all()
    state = db.session.scalar(
        select(ReviewState).where(ReviewState.user_id == user_id, ReviewState.question_id == question.id)
    )
    mastery = db.session.scalar(
        select(Mastery).where(Mastery.user_id == user_id, Mastery.topic_id == question.topic_id)
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


@postgres_only
def test_fifty_parallel_answers_by_one_learner_are_all_counted_on_postgresql() -> None:
    with fresh_app(
        RATELIMIT_ENABLED=False, FSRS_ENABLE_FUZZING=False, SQLALCHEMY_ENGINE_OPTIONS=SMALL_POOL
    ) as app:
        check_parallel_answers(app, 50)


def test_parallel_answers_are_all_counted_on_a_sqlite_file(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'learnanything.sqlite'}"
    with fresh_app(SQLALCHEMY_DATABASE_URI=database, RATELIMIT_ENABLED=False) as app:
        check_parallel_answers(app, 8)
