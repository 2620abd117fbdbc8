"""Spaced review with FSRS: when each question comes back, and how well it is remembered now.

A verdict becomes an FSRS rating (incorrect → Again, almost → Hard, correct → Good); the card
lives in a `ReviewState` row. Every datetime is aware UTC.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

from fsrs import Card, Rating, Scheduler, State

from ..models import LearningPace, ReviewState, Verdict

RATING_FOR = {Verdict.INCORRECT: Rating.Again, Verdict.ALMOST: Rating.Hard, Verdict.CORRECT: Rating.Good}

# How many questions never seen before one session of exercises brings, by the learner's pace.
NEW_QUESTIONS_PER_SESSION = {LearningPace.SLOW: 5, LearningPace.MODERATE: 10, LearningPace.FAST: 20}

# An answer given this soon after the previous one on the same question shows short-term memory
# (or the right answer just read in the feedback), not learning: it never earns a standing step.
MIN_RECALL_GAP = timedelta(minutes=10)


def is_due(state: ReviewState | None, now: datetime) -> bool:
    """Whether answering this question now tests recall: never answered, or due again at last.

    Only an answer to a due question can climb a standing step (app/services/mastery.py).
    """
    if state is None or state.last_review is None:
        return True
    return state.due <= now and now - state.last_review >= MIN_RECALL_GAP


@lru_cache(maxsize=2)
def scheduler(enable_fuzzing: bool = True) -> Scheduler:
    """The FSRS scheduler (default parameters, 90 % desired retention); fuzzing off in tests."""
    return Scheduler(enable_fuzzing=enable_fuzzing)


def _card(state: ReviewState) -> Card:
    return Card(
        card_id=state.question_id,
        state=State(state.state),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_review,
    )


def record_review(
    state: ReviewState, verdict: Verdict, now: datetime, *, enable_fuzzing: bool = True
) -> ReviewState:
    """Apply one graded answer to a review state (a new one starts as a learning card)."""
    card, _log = scheduler(enable_fuzzing).review_card(_card(state), RATING_FOR[verdict], now)
    state.state = int(card.state)
    state.step = card.step
    state.stability = card.stability
    state.difficulty = card.difficulty
    state.due = card.due
    state.last_review = card.last_review
    state.reps = (state.reps or 0) + 1
    if verdict is Verdict.INCORRECT:
        state.lapses = (state.lapses or 0) + 1
    return state


def recall_probability(stability: float | None, last_review: datetime | None, now: datetime) -> float | None:
    """FSRS retrievability: the chance the learner still recalls a card now (None: never reviewed).

    The FSRS-6 forgetting curve R = (1 + F·t/S)^D, with D = −w20 and F = 0.9^(1/D) − 1, computed
    here rather than through `fsrs.Card`: building a Card without an id sleeps a millisecond to
    make one, far too slow for a tree of thousands of cards.
    """
    if stability is None or last_review is None or stability <= 0:
        return None
    decay = -scheduler().parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    elapsed_days = max(0, (now - last_review).days)
    return float((1 + factor * elapsed_days / stability) ** decay)


def new_questions_per_session(pace: LearningPace) -> int:
    """How many new questions a session of exercises brings at this pace."""
    return NEW_QUESTIONS_PER_SESSION[pace]
