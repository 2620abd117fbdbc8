"""Spaced review with FSRS: verdicts become ratings, due dates follow, recall decays (fuzzing off)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.models import LearningPace, ReviewState, Verdict
from app.services.scheduling import is_due, new_questions_per_session, recall_probability, record_review

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def fresh() -> ReviewState:
    return ReviewState(user_id=1, question_id=1, state=1, due=NOW, reps=0, lapses=0)


def test_a_correct_first_answer_comes_back_after_the_learning_step() -> None:
    state = record_review(fresh(), Verdict.CORRECT, NOW, enable_fuzzing=False)
    assert state.reps == 1 and state.lapses == 0
    assert state.due == NOW + timedelta(minutes=10), "Good on a new card moves to the 10-minute step"
    assert state.due.tzinfo is not None and state.due.utcoffset() == timedelta(0)


def test_an_incorrect_answer_comes_back_sooner_than_an_almost_and_counts_a_lapse() -> None:
    wrong = record_review(fresh(), Verdict.INCORRECT, NOW, enable_fuzzing=False)
    almost = record_review(fresh(), Verdict.ALMOST, NOW, enable_fuzzing=False)
    right = record_review(fresh(), Verdict.CORRECT, NOW, enable_fuzzing=False)
    assert wrong.due < almost.due <= right.due
    assert wrong.lapses == 1 and almost.lapses == 0


def test_successive_successes_space_the_reviews_out() -> None:
    state = fresh()
    moment = NOW
    gaps = []
    for _ in range(4):
        state = record_review(state, Verdict.CORRECT, moment, enable_fuzzing=False)
        gaps.append(state.due - moment)
        moment = state.due
    assert gaps == sorted(gaps) and gaps[-1] >= timedelta(days=1), f"intervals should grow: {gaps}"


def test_recall_decays_with_time_since_the_last_review() -> None:
    assert recall_probability(None, None, NOW) is None
    soon = recall_probability(3.0, NOW, NOW + timedelta(days=1))
    later = recall_probability(3.0, NOW, NOW + timedelta(days=30))
    assert soon is not None and later is not None
    assert 0.9 < soon <= 1.0 and later < 0.7, (soon, later)


def test_the_pace_sets_how_many_new_questions_a_session_brings() -> None:
    assert [new_questions_per_session(p) for p in LearningPace] == [5, 10, 20]


def test_recall_follows_the_fsrs_forgetting_curve_of_the_library() -> None:
    from fsrs import Card, Scheduler, State

    library = Scheduler(enable_fuzzing=False)
    for stability, days in ((1.0, 0), (2.5, 3), (10.0, 30), (40.0, 400)):
        card = Card(card_id=1, state=State.Review, stability=stability, difficulty=5.0, last_review=NOW)
        later = NOW + timedelta(days=days)
        expected = library.get_card_retrievability(card, later)
        assert abs((recall_probability(stability, NOW, later) or 0) - expected) < 1e-9, (stability, days)


def test_a_question_is_due_when_new_or_when_its_review_date_has_come_ten_minutes_on() -> None:
    assert is_due(None, NOW), "a question never answered is due"
    state = record_review(fresh(), Verdict.INCORRECT, NOW, enable_fuzzing=False)
    assert state.due == NOW + timedelta(minutes=1), "Again brings it back after a minute"
    assert not is_due(state, NOW + timedelta(seconds=30)), "not before its date"
    assert not is_due(state, NOW + timedelta(minutes=2)), "due, but the answer was just shown: too soon"
    assert is_due(state, NOW + timedelta(minutes=10)), "ten minutes on, answering tests recall again"
