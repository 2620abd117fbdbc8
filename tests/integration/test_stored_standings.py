"""Stored standings equal their recomputation from the history: after any history of answers, read
at a fixed sequence of moments that crosses the forgetting thresholds (days, weeks, months apart),
every standing the tree, the dashboard and the score show is the one the rule computes from
scratch (services/standings.py `recompute_from_history`, what every read did before)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from app import db
from app.auth.models import User
from app.models import COURSE_NODE, Course, Question, ReviewState, StoredStanding, Topic, Verdict
from app.services import authoring, learning, standings
from app.services.course_structure import course_structure
from app.services.courses import course_standings
from app.services.mastery import aggregate
from app.types import utcnow

START = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
# The fixed clock: minutes, then days, weeks and months apart, so recall crosses 70 % and 50 %.
MOMENTS = [
    START + offset
    for offset in (
        timedelta(0),
        timedelta(minutes=15),
        timedelta(days=1, hours=2),
        timedelta(days=3),
        timedelta(days=9, hours=5),
        timedelta(days=25),
        timedelta(days=70),
        timedelta(days=160),
        timedelta(days=400),
    )
]


def small_course() -> Course:
    """Two chapters, one with a sub-chapter: five leaves of two or three questions, tiers 1 to 3."""
    course = Course(slug="petit", title="Petit cours", published=True)
    db.session.add(course)
    db.session.flush()

    def topic(slug: str, position: int, parent: Topic | None = None) -> Topic:
        parent_id = parent.id if parent is not None else None
        made = Topic(course_id=course.id, slug=slug, title=slug, position=position, parent_id=parent_id)
        db.session.add(made)
        db.session.flush()
        return made

    chapter_a, chapter_b = topic("chapitre-a", 0), topic("chapitre-b", 1)
    sub_b = topic("sous-b", 5, chapter_b)
    for parent, leaves in ((chapter_a, ["a1", "a2"]), (chapter_b, ["b1"]), (sub_b, ["b2", "b3"])):
        for position, slug in enumerate(leaves):
            leaf = topic(slug, 10 + position, parent)
            for number in range(2 + position % 2):
                db.session.add(
                    Question(
                        topic_id=leaf.id,
                        position=number,
                        prompt=f"{slug} {number} ?",
                        answers=[f"{slug}-{number}"],
                        tier=1 + number,
                    )
                )
    db.session.commit()
    return course


def check_against_history(course: Course, user: User, now: datetime) -> None:
    """Everything the pages show of this learner's standing equals the rule from scratch."""
    structure = course_structure(course)
    expected, started = standings.recompute_from_history(structure, user.id, now)
    shown = course_standings(course, user, now)
    assert shown.standings == expected, f"tree at {now}: {shown.standings} instead of {expected}"
    assert shown.started == started, f"started at {now}: {shown.started} instead of {started}"
    reference_course = aggregate(expected[leaf] for leaf in structure.leaves)
    assert shown.standing == reference_course, f"course standing at {now}"
    some = [structure.leaves[0], structure.roots[-1]]
    assert course_standings(course, user, now, only=some).standings == {t: expected[t] for t in some}

    entry = next(entry for entry in learning.progress(user, now) if entry.course.id == course.id)
    reviewed = db.session.execute(
        select(func.count(ReviewState.id), func.max(ReviewState.last_review)).where(
            ReviewState.user_id == user.id
        )
    ).one()
    assert (entry.standing, entry.seen, entry.last_activity) == (reference_course, reviewed[0], reviewed[1])
    assert learning.course_score(user, course.id, now) == standings.history_score(user.id, course.id, now)
    stats = learning.learner_stats(user, now, course.id)
    answers = standings.history_answers(user.id, course.id)
    assert (stats.correct, stats.almost, stats.incorrect) == (
        answers[Verdict.CORRECT],
        answers[Verdict.ALMOST],
        answers[Verdict.INCORRECT],
    ), "the answer totals of the Profil tab are the history's"

    stored = standings.read_rows(user.id, course.id)
    rebuilt = standings.rows_from_history(structure, user.id, now)
    for leaf in structure.leaves:  # a leaf's row, its moment included, is exactly the recomputation
        assert stored.get(leaf) == rebuilt.get(leaf), f"leaf {leaf} at {now}"
    course_sum = stored[COURSE_NODE].level_sum if COURSE_NODE in stored else 0
    assert course_sum == rebuilt[COURSE_NODE].level_sum, f"course sum at {now}"


Answer = tuple[int, bool]  # (question index, right or wrong)

histories = st.lists(
    st.lists(st.tuples(st.integers(min_value=0, max_value=11), st.booleans()), max_size=4),
    min_size=len(MOMENTS),
    max_size=len(MOMENTS),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=histories)
def test_stored_standings_equal_a_recomputation_from_the_history(
    app: Flask, make_user: Callable[..., User], history: list[list[Answer]]
) -> None:
    course = db.session.scalar(select(Course).where(Course.slug == "petit")) or small_course()
    questions = list(
        db.session.scalars(
            select(Question).join(Topic).where(Topic.course_id == course.id).order_by(Question.id)
        )
    )
    user = make_user()
    for moment, answers in zip(MOMENTS, history, strict=True):
        for offset, (index, right) in enumerate(answers):
            question = questions[index % len(questions)]
            text = question.answers[0] if right else "faux"
            learning.submit_answer(user, question.id, text, moment + timedelta(seconds=offset))
        check_against_history(course, user, moment + timedelta(minutes=1))


def test_a_read_after_a_threshold_lowers_the_stored_standing_and_writes_it_back(
    app: Flask, make_user: Callable[..., User]
) -> None:
    course = small_course()
    user = make_user()
    leaf = course_structure(course).leaves[0]
    questions = list(
        db.session.scalars(select(Question).where(Question.topic_id == leaf).order_by(Question.id))
    )
    for day, question in enumerate(questions * 2):
        learning.submit_answer(user, question.id, question.answers[0], START + timedelta(days=3 * day))
    answered = START + timedelta(days=3 * (2 * len(questions) - 1))
    row = standings.read_rows(user.id, course.id)[leaf]
    assert row.valid_until is not None, "a climbed leaf says when forgetting first lowers it"
    just_before = course_standings(course, user, row.valid_until - timedelta(microseconds=1)).standings[leaf]
    at_the_moment = course_standings(course, user, row.valid_until).standings[leaf]
    assert at_the_moment.level == just_before.level - 1, "the level drops exactly at the stored moment"
    assert standings.read_rows(user.id, course.id)[leaf].level_sum == at_the_moment.level, "written back"
    assert row.valid_until > answered


def test_the_recompute_command_restores_damaged_rows_from_the_history(
    app: Flask, make_user: Callable[..., User]
) -> None:
    course = small_course()
    user, other = make_user(), make_user()
    first = db.session.scalars(select(Question).join(Topic).where(Topic.course_id == course.id)).first()
    assert first is not None
    for learner in (user, other):
        learning.submit_answer(learner, first.id, first.answers[0], START)
    db.session.execute(  # rows damaged behind the application's back (a bad restore, say)
        update(StoredStanding).where(StoredStanding.user_id.in_([user.id, other.id])).values(level_sum=17)
    )
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["standings", "recompute", "--user", user.email.upper()])

    assert result.exit_code == 0 and "1 learner-course pairs" in result.output, result.output
    today = utcnow()  # the command recomputes at the present moment
    rebuilt = standings.rows_from_history(course_structure(course), user.id, today)
    assert standings.read_rows(user.id, course.id) == rebuilt, "the learner's rows are the history's again"
    assert rebuilt[COURSE_NODE].level_sum != 17
    assert standings.read_rows(other.id, course.id)[COURSE_NODE].level_sum == 17, "only --user was rebuilt"
    everyone = app.test_cli_runner().invoke(args=["standings", "recompute"])
    assert everyone.exit_code == 0 and "2 learner-course pairs" in everyone.output, everyone.output
    assert standings.read_rows(other.id, course.id) == standings.rows_from_history(
        course_structure(course), other.id, today
    )
    unknown = app.test_cli_runner().invoke(args=["standings", "recompute", "--user", "personne@example.com"])
    assert unknown.exit_code != 0 and "No account has the email" in unknown.output


def test_a_change_of_the_course_tree_is_followed_by_the_stored_standings(
    app: Flask, make_user: Callable[..., User]
) -> None:
    course = small_course()
    user = make_user()
    structure = course_structure(course)
    for leaf in structure.leaves[:3]:
        question = db.session.scalars(select(Question).where(Question.topic_id == leaf)).first()
        assert question is not None
        learning.submit_answer(user, question.id, question.answers[0], START)
    moment = START + timedelta(hours=1)
    before = course_standings(course, user, moment)
    chapter_b = db.session.scalar(select(Topic).where(Topic.slug == "chapitre-b"))
    moved = db.session.scalar(select(Topic).where(Topic.slug == "a1"))
    assert chapter_b is not None and moved is not None

    authoring.add_topic(course, "Nouvelle feuille", chapter_b)  # one more unstarted leaf below chapter B
    authoring.reparent_topic(moved, chapter_b.id)  # a started leaf changes chapter
    untouched = db.session.scalar(select(Topic).where(Topic.slug == "b3"))
    assert untouched is not None
    authoring.delete_topic(untouched)  # a leaf nobody answered goes

    course = db.session.get(Course, course.id)
    assert course is not None
    expected, started = standings.recompute_from_history(course_structure(course), user.id, moment)
    after = course_standings(course, user, moment)
    assert after.standings == expected and after.started == started, "the new tree's standings are the rule's"
    assert after.standings[chapter_b.id] != before.standings[chapter_b.id], "chapter B now holds a1"
    question = db.session.scalars(select(Question).join(Topic).where(Topic.slug == "b2")).first()
    assert question is not None
    learning.submit_answer(user, question.id, question.answers[0], moment)  # the next answer builds on them
    check_against_history(course, user, moment + timedelta(minutes=1))
