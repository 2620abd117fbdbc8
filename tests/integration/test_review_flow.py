"""Answers, standing and spaced review together, step by step on a fixed clock (fuzzing off)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app import db
from app.models import Preferences, Question, Topic
from app.services import learning
from app.services.courses import course_tree, quiz_questions
from app.services.mastery import Standing

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def planets(course_id: int) -> tuple[Topic, list[Question]]:
    leaf = db.session.scalar(select(Topic).where(Topic.course_id == course_id, Topic.slug == "planetes"))
    assert leaf is not None
    return leaf, sorted(leaf.questions, key=lambda q: (q.tier, q.position))


def answer_each_when_due(user, questions: list[Question], count: int, start: datetime) -> list:
    """Answer right `count` times as a diligent learner does: each time the question due first,
    at the moment it falls due (never before). Returns the results in order."""
    due = {question.id: start for question in questions}
    moment, results = start, []
    for _ in range(count):
        question = min(questions, key=lambda q: (due[q.id], q.position))
        moment = max(moment + timedelta(minutes=1), due[question.id])
        result = learning.submit_answer(user, question.id, question.answers[0], moment)
        due[question.id] = result.due
        results.append(result)
    return results


def test_right_answers_climb_to_explorateur_and_unlock_harder_questions(app, astronomy, make_user) -> None:
    user = make_user("stella")
    leaf, questions = planets(astronomy.id)
    tier1 = [q for q in questions if q.tier == 1]
    results = answer_each_when_due(user, tier1, 6, NOW)
    for step, result in enumerate(results[:5], start=2):
        assert result.standings[leaf.id] == Standing(1, step), f"after {step - 1} right answers"
    assert results[5].standings[leaf.id] == Standing(2, 1), "a success at step 6 promotes to Explorateur"
    quiz = learning.readable_topic(user, leaf.id)
    harder = [q.tier for q in quiz_questions(quiz, 2)]
    assert harder and set(harder) == {2}, "the quiz now asks the tier-2 questions"


def test_answering_a_question_again_before_it_is_due_does_not_climb(app, astronomy, make_user) -> None:
    user = make_user("rapide")
    leaf, questions = planets(astronomy.id)
    first = questions[0]
    once = learning.submit_answer(user, first.id, first.answers[0], NOW)
    assert once.standings[leaf.id] == Standing(1, 2), "a first right answer climbs"
    for minutes in (1, 2, 3):
        again = learning.submit_answer(user, first.id, first.answers[0], NOW + timedelta(minutes=minutes))
        assert again.feedback.verdict.value == "correct", "the answer is still graded and praised"
        assert again.standings[leaf.id] == Standing(1, 2), "but repeating it at once earns no step"


def test_retyping_the_answer_just_shown_after_an_error_does_not_climb(app, astronomy, make_user) -> None:
    user = make_user("malin")
    leaf, questions = planets(astronomy.id)
    first, second = questions[0], questions[1]
    learning.submit_answer(user, second.id, second.answers[0], NOW)
    wrong = learning.submit_answer(user, first.id, "Pluton", NOW + timedelta(minutes=1))
    assert wrong.standings[leaf.id] == Standing(1, 1)
    copied = learning.submit_answer(user, first.id, wrong.feedback.expected, NOW + timedelta(minutes=2))
    assert copied.feedback.verdict.value == "correct"
    assert copied.standings[leaf.id] == Standing(1, 1), "the right answer read a minute ago earns no step"
    assert copied.due > NOW + timedelta(minutes=2), "the question comes back later for a real review"


def test_a_wrong_answer_drops_a_step_and_comes_back_for_review_first(app, astronomy, make_user) -> None:
    user = make_user("nova")
    leaf, questions = planets(astronomy.id)
    first, second = questions[0], questions[1]
    learning.submit_answer(user, first.id, first.answers[0], NOW)
    learning.submit_answer(user, second.id, second.answers[0], NOW)
    wrong = learning.submit_answer(user, first.id, "Pluton", NOW + timedelta(minutes=1))
    assert wrong.feedback.verdict.value == "incorrect"
    assert wrong.standings[leaf.id] == Standing(1, 2), "3 → 2 after the error"
    later = NOW + timedelta(minutes=30)
    session = learning.exercises(user, astronomy, later)
    assert session[0].question.id == first.id and session[0].reason == "review", "due reviews come first"
    assert all(e.question.id not in {first.id, second.id} for e in session if e.reason == "new")


def test_the_pace_preference_sets_the_number_of_new_questions(app, astronomy, make_user) -> None:
    user = make_user("lente")
    counts = {}
    for pace in ("slow", "moderate", "fast"):
        prefs = db.session.scalar(select(Preferences).where(Preferences.user_id == user.id))
        assert prefs is not None
        prefs.learning_pace = pace  # type: ignore[assignment]
        db.session.commit()
        counts[pace] = len([e for e in learning.exercises(user, astronomy, NOW) if e.reason == "new"])
    assert counts == {"slow": 5, "moderate": 10, "fast": 20}


def test_forgetting_lowers_the_standing_shown_weeks_later(app, astronomy, make_user) -> None:
    user = make_user("oubli")
    leaf, questions = planets(astronomy.id)
    tier1 = [q for q in questions if q.tier == 1]
    answered = answer_each_when_due(user, tier1, 4, NOW)
    assert answered[-1].due > NOW + timedelta(hours=1), "the last answer was not due again within the hour"
    fresh = course_tree(astronomy, user, NOW + timedelta(hours=1)).nodes[leaf.id].standing
    months_later = course_tree(astronomy, user, NOW + timedelta(days=120)).nodes[leaf.id].standing
    assert fresh == Standing(1, 5)
    assert months_later.tier == 1 and months_later.step < fresh.step, (fresh, months_later)
    assert learning.due_count(user, NOW + timedelta(days=120), astronomy.id) == len({q.id for q in tier1})


def test_recent_attempts_are_the_latest_ten_newest_first(app, astronomy, make_user) -> None:
    user = make_user("recente")
    _leaf, questions = planets(astronomy.id)
    for minute in range(12):
        question = questions[minute % len(questions)]
        learning.submit_answer(user, question.id, question.answers[0], NOW + timedelta(minutes=minute))
    recent = learning.recent_attempts(user)
    moments = [attempt.created_at for attempt, _question, _topic, _course in recent]
    assert len(recent) == 10 and moments == sorted(moments, reverse=True)
    assert moments[0] == NOW + timedelta(minutes=11) and moments[-1] == NOW + timedelta(minutes=2)
    assert all(course.id == astronomy.id for _attempt, _question, _topic, course in recent)
