"""The learning use-cases: answer a question, pick the exercises of a session, and report progress.

`submit_answer` is the heart of the site: it grades the answer at the learner's tier, words the
feedback for them, appends the attempt, moves the FSRS review state and the stored standings of
the leaf, of every branch above it and of the course, all in one transaction of six statements
(tests/integration/test_answer_statements.py counts them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any, cast

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import BindParameter, Row, Select, Table, and_, bindparam, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload

from ..auth.models import User
from ..auth.policy import COURSES, acts_as_admin, can_read_course, readable_courses
from ..extensions import db
from ..metrics import count_answer
from ..models import (
    COURSE_NODE,
    Attempt,
    CommunicationStyle,
    Course,
    Preferences,
    Question,
    QuestionKind,
    ReviewState,
    StoredStanding,
    Topic,
    Verdict,
)
from ..types import utc_date
from . import preferences as preferences_service
from . import standings as stored
from .course_structure import course_structure
from .courses import CourseMark, course_standings, marks_statement
from .errors import InvalidInput, NotFound
from .feedback import Feedback, displayed_answer, feedback_for, with_not_due_note
from .grading import MAX_OTHER_ANSWERS, grade_answer, grade_picks, options_of
from .mastery import START, Standing, next_standing
from .scheduling import is_due, new_questions_per_session, record_review

MAX_ANSWER_LENGTH = 500
MAX_DUE_PER_SESSION = 50


@dataclass(frozen=True)
class AnswerResult:
    """What answering one question changed, for the page that shows it."""

    attempt: Attempt
    feedback: Feedback
    topic_id: int
    standings: dict[int, Standing]  # the leaf and each of its ancestors
    due: datetime
    score: dict[str, int]


def _fuzzing() -> bool:
    return bool(current_app.config.get("FSRS_ENABLE_FUZZING", True))


def readable_question(user: User, question_id: int) -> Question:
    """A question of a course this user may read, or NotFound (a draft's questions stay hidden)."""
    # One query, with its leaf and course, whatever the session holds.
    question = db.session.scalar(_question_statement(), {"question_id": question_id})
    if question is None or not can_read_course(user, question.topic.course):
        raise NotFound(_("Cette question n'existe pas."))
    return question


@cache
def _question_statement() -> Select[Question]:
    """The query of `readable_question`, built once per process: building it (and the cache key of
    its loader options) cost more than running it."""
    return (
        select(Question)
        .options(joinedload(Question.topic).joinedload(Topic.course))
        .where(Question.id == bindparam("question_id"))
    )


def readable_topic(user: User, topic_id: int) -> Topic:
    """A topic of a course this user may read, or NotFound."""
    topic = db.session.get(Topic, topic_id)
    if topic is None or not can_read_course(user, topic.course):
        raise NotFound(_("Ce thème n'existe pas."))
    return topic


def standing_on(user: User, topic: Topic, now: datetime) -> Standing:
    """The learner's standing on one leaf today (stored standing lowered by forgetting)."""
    return course_standings(topic.course, user, now, only=[topic.id]).standings.get(topic.id, START)


def submit_answer(
    user: User,
    question_id: int,
    answer: str | None,
    now: datetime,
    *,
    choice: int | None = None,
    choices: Sequence[int] | None = None,
) -> AnswerResult:
    """Grade one answer and record everything it changes (attempt, review state, standing).

    The answer is exactly one of: a text (`answer`), the index of the option picked (`choice`:
    a choice or true/false question, 0 = vrai and 1 = faux), or the indexes of the options
    ticked (`choices`: a multiple question). Anything else is InvalidInput naming the field.

    The learner's stored rows of the course are claimed first (see standings.claim), so answers
    of one learner on one course run one after the other; should a first answer still meet a row
    created meanwhile (a unique index refusing it), its transaction is rolled back and replayed.
    """
    for attempt_number in range(3):
        try:
            return _submit_answer(user, question_id, answer, now, choice=choice, choices=choices)
        except IntegrityError:
            db.session.rollback()
            if attempt_number == 2:
                raise
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class _Given:
    """What the learner gave, checked against the question: the text stored in the history and,
    for options picked, their indexes."""

    text: str
    picks: frozenset[int] | None


def _given(
    question: Question, answer: str | None, choice: int | None, choices: Sequence[int] | None
) -> _Given:
    """Check that exactly one form of answer was given and that it fits the question."""
    sent = {
        name
        for name, value in (("answer", answer), ("choice", choice), ("choices", choices))
        if value is not None
    }
    if len(sent) != 1:
        message = _("Envoie une seule réponse : un texte (answer), un choix (choice) ou des choix (choices).")
        raise InvalidInput(message, fields={name: [message] for name in sent or {"answer"}})
    options = options_of(question.kind, question.choices)
    if answer is not None:
        text = answer.strip()
        if not text:
            raise InvalidInput(
                _("Écris une réponse avant de vérifier."), fields={"answer": [_("Champ requis.")]}
            )
        if len(text) > MAX_ANSWER_LENGTH:
            too_long = _("%(n)s caractères au plus.", n=MAX_ANSWER_LENGTH)
            raise InvalidInput(_("Cette réponse est trop longue."), fields={"answer": [too_long]})
        return _Given(text, None)
    if not options:
        message = _("Cette question attend une réponse écrite.")
        raise InvalidInput(message, fields={sent.pop(): [message]})
    field = "choice" if choice is not None else "choices"
    picks = [choice] if choice is not None else list(choices or ())
    if field == "choices" and question.kind is not QuestionKind.MULTIPLE:
        message = _("Cette question attend un seul choix (choice).")
        raise InvalidInput(message, fields={field: [message]})
    if field == "choice" and question.kind is QuestionKind.MULTIPLE:
        message = _("Cette question attend une liste de choix (choices).")
        raise InvalidInput(message, fields={field: [message]})
    if not picks:
        raise InvalidInput(_("Choisis au moins une réponse."), fields={field: [_("Champ requis.")]})
    if any(not 0 <= pick < len(options) for pick in picks):
        message = _("Choix inconnu : de 0 à %(last)s.", last=len(options) - 1)
        raise InvalidInput(message, fields={field: [message]})
    unique = sorted(set(picks))
    if question.kind is QuestionKind.TRUE_FALSE:
        text = displayed_answer(question.kind, options[unique[0]])
    else:
        text = " ; ".join(options[pick] for pick in unique)
    return _Given(text[:MAX_ANSWER_LENGTH], frozenset(unique))


def _submit_answer(
    user: User,
    question_id: int,
    answer: str | None,
    now: datetime,
    *,
    choice: int | None,
    choices: Sequence[int] | None,
) -> AnswerResult:
    question = readable_question(user, question_id)
    given = _given(question, answer, choice, choices)
    topic = question.topic
    structure = course_structure(topic.course)
    chain = structure.ancestors(topic.id)
    rows = stored.claim(user.id, topic.course_id, [*chain, COURSE_NODE], structure.revision)
    if stored.is_stale(rows[COURSE_NODE], structure, now):  # rare: a level dropped, or the course changed
        rows = stored.bring_up_to_date(user.id, structure, now, stored.read_rows(user.id, topic.course_id))
        rows = {node: rows.get(node, stored.NodeRow(node)) for node in [*chain, COURSE_NODE]}

    # The leaf's questions, read after the claim, each with the learner's review state: their
    # tiers say which tier climbs, their answers are the known answers a typed one must not be
    # mistaken for (the first MAX_OTHER_ANSWERS of them), their cards give the leaf's recall.
    # The learner's communication style comes along for the feedback. Plain rows: nothing here
    # is changed through the ORM (see _write_answer).
    leaf = db.session.execute(_leaf_statement(), {"user_id": user.id, "topic_id": topic.id}).all()
    states = {row.id: row for row in leaf if row.state_id is not None}
    communication_style = (leaf[0].style if leaf else None) or CommunicationStyle.INFORMAL
    cards = {question_id: (row.stability, row.last_review) for question_id, row in states.items()}
    earned = rows[topic.id].earned
    before = stored.shown_on_leaf(earned, list(cards.values()), now) if earned is not None else START

    other_answers = [accepted for row in leaf if row.id != question.id for accepted in row.answers]
    if given.picks is not None:
        grade = grade_picks(question.kind, question.answers, given.picks, choices=question.choices)
    else:
        grade = grade_answer(
            question.kind,
            question.answers,
            given.text,
            tier=before.tier,
            tolerance=question.tolerance,
            choices=question.choices,
            other_answers=other_answers[:MAX_OTHER_ANSWERS],
            strict=question.strict,
        )
    feedback = feedback_for(
        grade.verdict,
        expected=grade.expected,
        style=communication_style,
        kind=question.kind,
        explanation=question.explanation,
    )

    stored_state = states.get(question.id)
    state = _review_state(user.id, question.id, stored_state, now)
    was_due = is_due(state, now)
    record_review(state, grade.verdict, now, enable_fuzzing=_fuzzing())
    if not was_due:
        feedback = with_not_due_note(feedback, communication_style, state.due)
    cards[question.id] = (state.stability, state.last_review)

    leaf_tiers = {row.tier for row in leaf}
    after = next_standing(before, grade.verdict, question.tier, due=was_due, leaf_tiers=leaf_tiers)
    attempt = Attempt(
        user_id=user.id,
        question_id=question.id,
        answer=given.text,
        verdict=grade.verdict,
        tier=before.tier,
        created_at=now,
    )
    _write_answer(attempt, state, None if stored_state is None else stored_state.state_id)
    changed = stored.record_answer(
        structure,
        rows,
        topic.id,
        after,
        list(cards.values()),
        now,
        verdict=grade.verdict,
        first_review=stored_state is None,
    )
    stored.write_rows(user.id, topic.course_id, changed.values(), now)
    rows = {**rows, **changed}
    result = AnswerResult(
        attempt=attempt,
        feedback=feedback,
        topic_id=topic.id,
        standings={node: stored.standing_of(structure, rows, node) for node in chain},
        due=state.due,
        score=stored.score_of(rows[COURSE_NODE], now),
    )
    db.session.commit()
    count_answer(grade.verdict.value)
    return result


_QUESTIONS = cast(Table, Question.__table__)
_STATES = cast(Table, ReviewState.__table__)
_ATTEMPTS = cast(Table, Attempt.__table__)
_CARD_COLUMNS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")


@cache
def _leaf_statement() -> Select[Any]:
    """The leaf's questions (id, tier, answers) with the learner's review state (its id as
    `state_id`, then its card) and communication style, as plain rows; built once per process."""
    user_id: BindParameter[int] = bindparam("user_id")
    style = (
        select(Preferences.__table__.c.communication_style)
        .where(Preferences.__table__.c.user_id == user_id)
        .scalar_subquery()
    )
    return (
        select(
            _QUESTIONS.c.id,
            _QUESTIONS.c.tier,
            _QUESTIONS.c.answers,
            _STATES.c.id.label("state_id"),
            *(_STATES.c[name] for name in _CARD_COLUMNS),
            style.label("style"),
        )
        .outerjoin(_STATES, and_(_STATES.c.question_id == _QUESTIONS.c.id, _STATES.c.user_id == user_id))
        .where(_QUESTIONS.c.topic_id == bindparam("topic_id"))
        .order_by(_QUESTIONS.c.position, _QUESTIONS.c.id)
    )


def _review_state(user_id: int, question_id: int, row: Row[Any] | None, now: datetime) -> ReviewState:
    """The learner's card of the question as a ReviewState kept out of the session (FSRS moves it,
    _write_answer stores it): the stored one, or a new card due now."""
    if row is None:
        return ReviewState(user_id=user_id, question_id=question_id, state=1, due=now, reps=0, lapses=0)
    return ReviewState(
        user_id=user_id, question_id=question_id, **{name: getattr(row, name) for name in _CARD_COLUMNS}
    )


@cache
def _answer_statements() -> tuple[Any, Any, Any]:
    """The attempt's INSERT (returning its id) and the card's INSERT and UPDATE, built once."""
    card: dict[str, BindParameter[Any]] = {name: bindparam(name) for name in _CARD_COLUMNS}
    return (
        insert(_ATTEMPTS).returning(_ATTEMPTS.c.id),
        insert(_STATES),
        update(_STATES).where(_STATES.c.id == bindparam("state_id")).values(card),
    )


def _write_answer(attempt: Attempt, state: ReviewState, state_id: int | None) -> None:
    """Append the attempt (its id set from the database) and store the card, as two statements
    on the transaction's connection: no unit of work to flush, no objects to expire."""
    add_attempt, add_card, move_card = _answer_statements()
    values = {
        "user_id": attempt.user_id,
        "question_id": attempt.question_id,
        "answer": attempt.answer,
        "verdict": attempt.verdict,
        "tier": attempt.tier,
        "created_at": attempt.created_at,
    }
    attempt.id = db.session.execute(add_attempt, values).scalar_one()
    card = {name: getattr(state, name) for name in _CARD_COLUMNS}
    if state_id is None:
        db.session.execute(add_card, {"user_id": state.user_id, "question_id": state.question_id, **card})
    else:
        db.session.execute(move_card, {"state_id": state_id, **card})


def course_score(user: User, course_id: int, now: datetime) -> dict[str, int]:
    """Today's running score on a course: answers accepted (correct or almost) and incorrect,
    kept on the learner's course row (one query)."""
    course = db.session.get(Course, course_id)
    if course is None:
        return stored.score_of(None, now)
    rows = stored.learner_rows(user.id, course_structure(course), now, nodes=())
    return stored.score_of(rows.get(COURSE_NODE), now)


@dataclass(frozen=True)
class Exercise:
    """A question brought by a session of exercises, and why."""

    question: Question
    reason: str  # "review" (due again) or "new"


def exercises(user: User, course: Course, now: datetime) -> list[Exercise]:
    """A session of exercises: the reviews due now (oldest first), then new questions of the
    tiers each leaf offers the learner, as many as the pace preference asks for."""
    due = db.session.scalars(
        select(Question)
        .join(ReviewState, ReviewState.question_id == Question.id)
        .join(Topic, Topic.id == Question.topic_id)
        .where(ReviewState.user_id == user.id, Topic.course_id == course.id, ReviewState.due <= now)
        .order_by(ReviewState.due)
        .limit(MAX_DUE_PER_SESSION)
    ).all()
    seen = select(ReviewState.question_id).where(ReviewState.user_id == user.id)
    leaf_row = StoredStanding.__table__.alias("leaf_row")
    new_limit = new_questions_per_session(preferences_service.preferences_of(user).learning_pace)
    # The tiers each leaf offers (mastery.offered_tier): up to the learner's, or the leaf's lowest
    # tier when it has nothing at or below the learner's.
    leaf_question = aliased(Question)
    lowest_tier = (
        select(func.min(leaf_question.tier))
        .where(leaf_question.topic_id == Question.topic_id)
        .scalar_subquery()
    )
    candidates = db.session.scalars(
        select(Question)
        .join(Topic, Topic.id == Question.topic_id)
        .outerjoin(
            leaf_row,
            and_(
                leaf_row.c.user_id == user.id,
                leaf_row.c.course_id == course.id,
                leaf_row.c.node == Topic.id,
            ),
        )
        .where(
            Topic.course_id == course.id,
            Question.id.not_in(seen),
            or_(Question.tier <= func.coalesce(leaf_row.c.tier, 1), Question.tier == lowest_tier),
        )
    ).all()
    # New questions follow the course as it reads: tier first, then the tree from top to bottom
    # (a chapter's leaves before the next chapter), then the order within the leaf.
    place = tree_order(course.id)
    new = sorted(
        candidates,
        key=lambda q: (q.tier, place.get(q.topic_id, len(place)), q.position, q.id),
    )[:new_limit]
    return [Exercise(question, "review") for question in due] + [
        Exercise(question, "new") for question in new
    ]


def due_count(user: User, now: datetime, course_id: int | None = None) -> int:
    """How many reviews are due now for this learner (on one course, or on all)."""
    stmt = select(func.count(ReviewState.id)).where(ReviewState.user_id == user.id, ReviewState.due <= now)
    if course_id is not None:
        stmt = (
            stmt.join(Question, Question.id == ReviewState.question_id)
            .join(Topic, Topic.id == Question.topic_id)
            .where(Topic.course_id == course_id)
        )
    return db.session.scalar(stmt) or 0


@dataclass(frozen=True)
class CourseProgress:
    """A learner's progress on one course, for the dashboard and the catalogue."""

    course: Course
    standing: Standing
    questions: int
    seen: int
    due: int
    last_activity: datetime | None

    @property
    def percent_seen(self) -> int:
        """Share of the course's questions answered at least once, in percent."""
        return round(100 * self.seen / self.questions) if self.questions else 0

    def as_dict(self) -> dict[str, object]:
        """The progress as the JSON API sends it."""
        return {
            "course": {"id": self.course.id, "slug": self.course.slug, "title": self.course.title},
            "standing": self.standing.as_dict(),
            "questions": self.questions,
            "seen": self.seen,
            "percent_seen": self.percent_seen,
            "due": self.due,
            "last_activity": self.last_activity,
        }


def progress(user: User, now: datetime) -> list[CourseProgress]:
    """Progress on every course the learner may read, in three queries whatever the history.

    The courses' leaves and question counts come from the cached course structures; the standing,
    the questions seen and the last activity from the learner's stored course rows (one query);
    the reviews due from the index on (learner, due) (one query; the cached structures say which
    course each belongs to, where a join to the questions would have the database read them all).
    """
    courses = list(db.session.scalars(select(Course).where(readable_courses(user)).order_by(Course.title)))
    if not courses:
        return []
    structures = {course.id: course_structure(course) for course in courses}
    rows = stored.course_rows(user.id, structures, now)
    due: dict[int, int] = dict.fromkeys(structures, 0)
    for question_id in db.session.scalars(  # the reviews due, through the index on (learner, due)
        select(ReviewState.question_id).where(ReviewState.user_id == user.id, ReviewState.due <= now)
    ):
        for course_id, structure in structures.items():
            if question_id in structure.question_ids:
                due[course_id] += 1
                break
    return [
        CourseProgress(
            course=course,
            standing=stored.mean_standing(row := rows.get(course.id), len(structures[course.id].leaves)),
            questions=structures[course.id].question_count,
            seen=row.seen if row is not None else 0,
            due=due.get(course.id, 0),
            last_activity=row.last_activity if row is not None else None,
        )
        for course in courses
    ]


def progress_marks(user: User) -> tuple[tuple[int, CourseMark], ...]:
    """What tells the learner's progress views apart (app/learner_views.py), in one query: each
    course they may read, by id, with its mark (revision, course row version, forgetting moment)."""
    rows = db.session.execute(_marks_statement(acts_as_admin(user)), {"user_id": user.id})
    return tuple((course_id, CourseMark(*mark)) for course_id, *mark in rows)


@cache
def _marks_statement(admin: bool) -> Select[Any]:
    """The query of `progress_marks` for admins or for everyone else, built once per process:
    building it costs more than running it."""
    return marks_statement(admin).order_by(COURSES.c.id)


def progress_changes_at(
    user: User, marks: tuple[tuple[int, CourseMark], ...], now: datetime
) -> datetime | None:
    """The next moment the learner's progress (`marks`, read at `now`) changes without an answer:
    a level dropping with forgetting (the course rows' moments), a review falling due (through the
    index on (learner, due)), or midnight UTC, when the streak and the day's counts start again."""
    next_due = db.session.scalar(
        select(func.min(ReviewState.due)).where(ReviewState.user_id == user.id, ReviewState.due > now)
    )
    midnight = datetime.combine(now.date() + timedelta(days=1), time(), tzinfo=now.tzinfo)
    return stored.earliest(*(mark.valid_until for _course, mark in marks), next_due, midnight)


def recent_attempts(user: User, limit: int = 10) -> list[tuple[Attempt, Question, Topic, Course]]:
    """The learner's latest answers, newest first, with what they were about.

    The latest attempts are picked from the learner's own rows first, then joined: joining first
    made a planner without statistics join the learner's whole history before keeping ten rows.
    """
    newest_first = (Attempt.created_at.desc(), Attempt.id.desc())
    latest = select(Attempt.id).where(Attempt.user_id == user.id).order_by(*newest_first).limit(limit)
    rows = db.session.execute(
        select(Attempt, Question, Topic, Course)
        .join(Question, Question.id == Attempt.question_id)
        .join(Topic, Topic.id == Question.topic_id)
        .join(Course, Course.id == Topic.course_id)
        .where(Attempt.id.in_(latest.scalar_subquery()))
        .order_by(*newest_first)
    )
    return [(attempt, question, topic, course) for attempt, question, topic, course in rows]


def tree_order(course_id: int) -> dict[int, int]:
    """The place of each topic of a course when its tree is read from top to bottom (depth first,
    siblings by position)."""
    rows = db.session.execute(
        select(Topic.id, Topic.parent_id)
        .where(Topic.course_id == course_id)
        .order_by(Topic.position, Topic.id)
    ).all()
    children: dict[int | None, list[int]] = {}
    for topic_id, parent_id in rows:
        children.setdefault(parent_id, []).append(topic_id)
    order: dict[int, int] = {}
    stack = list(reversed(children.get(None, [])))
    while stack:
        topic_id = stack.pop()
        order[topic_id] = len(order)
        stack.extend(reversed(children.get(topic_id, [])))
    return order


@dataclass(frozen=True)
class LearnerStats:
    """Totals for the Profil tab."""

    attempts: int
    correct: int
    almost: int
    incorrect: int
    streak_days: int
    active_days: int

    @property
    def accuracy(self) -> int:
        """Share of accepted answers (correct or almost), in percent."""
        return round(100 * (self.correct + self.almost) / self.attempts) if self.attempts else 0

    @property
    def accuracy_ratio(self) -> float:
        """The same share as a fraction of one, rounded to the percent, for `format_percent`."""
        return self.accuracy / 100


def streak(days: set[date], today: date) -> int:
    """Consecutive days with at least one answer, ending today (or yesterday, not yet broken)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def learner_stats(user: User, now: datetime, course_id: int | None = None) -> LearnerStats:
    """Answer totals and the daily streak of a learner (on one course, or on all): the totals from
    their stored course rows, the days with answers through the index on (learner, moment)."""
    moments = (
        select(utc_date(Attempt.created_at))
        .where(Attempt.user_id == user.id, Attempt.created_at >= now - timedelta(days=400))
        .distinct()
    )
    if course_id is not None:
        in_course = Attempt.question_id.in_(
            select(Question.id).join(Topic, Topic.id == Question.topic_id).where(Topic.course_id == course_id)
        )
        moments = moments.where(in_course)
    counts = stored.answer_totals(user.id, course_id)
    days = set(db.session.scalars(moments))
    return LearnerStats(
        attempts=sum(counts.values()),
        correct=counts[Verdict.CORRECT],
        almost=counts[Verdict.ALMOST],
        incorrect=counts[Verdict.INCORRECT],
        streak_days=streak(days, now.date()),
        active_days=len(days),
    )
