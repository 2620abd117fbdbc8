"""Writing content: create, change and delete items, courses, topics and questions.

Callers have already checked permissions (app/auth/policy.py); these functions keep
the data consistent: unique slugs and names answer Conflict, a topic's parent stays in its course
and never below itself, and a deletion removes everything that hangs below (learners' attempts,
review states and stored standings too), on SQLite as on PostgreSQL, without relying on ON DELETE.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from ..auth.models import User
from ..auth.policy import acts_as_admin, can_read_course
from ..extensions import Model, db
from ..models import (
    Attempt,
    CommunicationStyle,
    Course,
    Item,
    Question,
    ReviewState,
    StoredStanding,
    Topic,
)
from ..types import utcnow
from .course_checks import Problem, course_problems
from .errors import Conflict, InvalidInput, NotFound
from .feedback import Feedback, feedback_for
from .grading import grade_answer, grade_picks, options_of
from .question_rules import problems_by_field, question_problems
from .slugs import free_slug, slugify

M = TypeVar("M", bound=Model)
MAX_ID_DIGITS = 9  # a topic id typed in a form: more digits name no row (ids are 32-bit)


def save(obj: M, conflict_field: str, conflict_message: str) -> M:
    """Commit `obj`; a unique constraint violated by a concurrent write becomes Conflict."""
    db.session.add(obj)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise Conflict(conflict_message, fields={conflict_field: [conflict_message]}) from error
    return obj


def touch_courses(course_ids: Iterable[int | None]) -> None:
    """Move the revision (`updated_at`) of every course whose tree changed, in the caller's
    transaction: each process then reads the course's structure again instead of its cached copy
    (services/courses.py, `course_structure`)."""
    ids = {course_id for course_id in course_ids if course_id is not None}
    if ids:
        db.session.execute(update(Course).where(Course.id.in_(ids)).values(updated_at=utcnow()))


def _courses_of_topics(topic_ids: Iterable[int | None]) -> list[int]:
    ids = [topic_id for topic_id in topic_ids if topic_id is not None]
    return list(db.session.scalars(select(Topic.course_id).where(Topic.id.in_(ids)))) if ids else []


def apply(obj: Model, changes: dict[str, Any]) -> None:
    """Set the given attributes (the schema has already refused any unknown or read-only one)."""
    for name, value in changes.items():
        setattr(obj, name, value)


# --- items --------------------------------------------------------------------------------------


def check_item_links(course_id: int | None, topic_id: int | None, reader: User | None = None) -> None:
    """An item may point at an existing course and one of its topics. Given a `reader`, a course
    they may not read is answered like a missing one (a draft's id stays secret)."""
    course = db.session.get(Course, course_id) if course_id is not None else None
    if course_id is not None and (
        course is None or (reader is not None and not can_read_course(reader, course))
    ):
        raise InvalidInput(_("Ce cours n'existe pas."), fields={"course_id": [_("Ce cours n'existe pas.")]})
    if topic_id is not None:
        topic = db.session.get(Topic, topic_id)
        if (
            topic is None
            or (course_id is not None and topic.course_id != course_id)
            or (reader is not None and not can_read_course(reader, topic.course))
        ):
            message = _("Ce thème n'existe pas dans ce cours.")
            raise InvalidInput(message, fields={"topic_id": [message]})


def save_item(item: Item, changes: dict[str, Any], reader: User | None = None) -> Item:
    """Create or change an item; its name is unique, its course and topic exist (for `reader`)."""
    check_item_links(changes.get("course_id", item.course_id), changes.get("topic_id", item.topic_id), reader)
    with db.session.no_autoflush:  # a change checked below must not be flushed before its check
        apply(item, changes)
        taken = db.session.scalar(select(Item.id).where(Item.name == item.name, Item.id != (item.id or 0)))
        if taken is not None:
            message = _("Une ressource porte déjà ce nom.")
            raise Conflict(message, fields={"name": [message]})
    return save(item, "name", _("Une ressource porte déjà ce nom."))


def delete_item(item: Item) -> None:
    """Delete a learning resource."""
    db.session.delete(item)
    db.session.commit()


# --- courses ------------------------------------------------------------------------------------


def save_course(course: Course, changes: dict[str, Any], author: User | None = None) -> Course:
    """Create (with its author) or change a course; its slug is unique."""
    with db.session.no_autoflush:  # a change checked below must not be flushed before its check
        apply(course, changes)
        if author is not None and course.id is None:
            course.author_id = author.id
        taken = db.session.scalar(
            select(Course.id).where(Course.slug == course.slug, Course.id != (course.id or 0))
        )
        if taken is not None:
            message = _("Un cours porte déjà ce nom court.")
            raise Conflict(message, fields={"slug": [message]})
    return save(course, "slug", _("Un cours porte déjà ce nom court."))


def _refuse_if_learners_answered(question_ids: Select[int], author_id: int | None) -> None:
    """Learners' answers are an append-only history: what others answered cannot be deleted.

    The author's own trial answers do not count. Unpublishing hides a course without losing anything.
    """
    answered = db.session.scalar(
        select(Attempt.id)
        .where(Attempt.question_id.in_(question_ids), Attempt.user_id != (author_id or 0))
        .limit(1)
    )
    if answered is not None:
        raise Conflict(
            _(
                "Des apprenants ont déjà répondu à ces questions et leur historique est conservé : "
                "dépubliez le cours plutôt que de le supprimer."
            )
        )


def _delete_topics(topic_ids: list[int]) -> None:
    """Delete topics, their questions and every learner row attached to them (one transaction)."""
    if not topic_ids:
        return
    touch_courses(_courses_of_topics(topic_ids))
    question_ids = list(db.session.scalars(select(Question.id).where(Question.topic_id.in_(topic_ids))))
    if question_ids:
        db.session.execute(delete(Attempt).where(Attempt.question_id.in_(question_ids)))
        db.session.execute(delete(ReviewState).where(ReviewState.question_id.in_(question_ids)))
        db.session.execute(delete(Question).where(Question.id.in_(question_ids)))
    # A learner's course row follows the course's revision (touched above): it is recomputed at
    # their next read; the rows of the topics themselves go.
    db.session.execute(
        delete(StoredStanding).where(
            StoredStanding.node.in_(topic_ids), StoredStanding.course_id.in_(_courses_of_topics(topic_ids))
        )
    )
    db.session.execute(update(Item).where(Item.topic_id.in_(topic_ids)).values(topic_id=None))
    # Children first: a parent row may be referenced by a child until the child is gone.
    db.session.execute(update(Topic).where(Topic.id.in_(topic_ids)).values(parent_id=None))
    db.session.execute(delete(Topic).where(Topic.id.in_(topic_ids)))


def delete_course(course: Course) -> None:
    """Delete a course with its whole tree, unless learners other than its author answered it."""
    topic_ids = list(db.session.scalars(select(Topic.id).where(Topic.course_id == course.id)))
    _refuse_if_learners_answered(
        select(Question.id).where(Question.topic_id.in_(topic_ids)), course.author_id
    )
    _delete_topics(topic_ids)
    db.session.execute(update(Item).where(Item.course_id == course.id).values(course_id=None))
    db.session.execute(delete(StoredStanding).where(StoredStanding.course_id == course.id))
    db.session.execute(delete(Course).where(Course.id == course.id))
    db.session.commit()
    db.session.expire_all()


# --- topics -------------------------------------------------------------------------------------


def subtree_ids(topic: Topic) -> list[int]:
    """The topic and every topic below it."""
    rows = db.session.execute(
        select(Topic.id, Topic.parent_id).where(Topic.course_id == topic.course_id)
    ).all()
    children: dict[int | None, list[int]] = {}
    for topic_id, parent_id in rows:
        children.setdefault(parent_id, []).append(topic_id)
    found: list[int] = []
    stack = [topic.id]
    while stack:
        current = stack.pop()
        if current in found:  # never loop, even on a cycle written past the services
            continue
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def save_topic(topic: Topic, changes: dict[str, Any]) -> Topic:
    """Create or change a topic: its parent belongs to the same course and is not below it."""
    previous_course = topic.course_id
    with db.session.no_autoflush:  # a change checked below must not be flushed before its check
        apply(topic, changes)
        if topic.parent_id is not None:
            parent = db.session.get(Topic, topic.parent_id)
            message = _("Le thème parent doit appartenir au même cours.")
            if parent is None or parent.course_id != topic.course_id:
                raise InvalidInput(message, fields={"parent_id": [message]})
            if topic.id is not None and topic.parent_id in subtree_ids(topic):
                cycle = _("Un thème ne peut pas être placé sous lui-même.")
                raise InvalidInput(cycle, fields={"parent_id": [cycle]})
        taken = db.session.scalar(
            select(Topic.id).where(
                Topic.course_id == topic.course_id, Topic.slug == topic.slug, Topic.id != (topic.id or 0)
            )
        )
        message = _("Un thème de ce cours porte déjà ce nom court.")
        if taken is not None:
            raise Conflict(message, fields={"slug": [message]})
        touch_courses([previous_course, topic.course_id])
    return save(topic, "slug", message)


def delete_topic(topic: Topic) -> None:
    """Delete a topic with its subtree and questions, unless learners other than the author answered."""
    topic_ids = subtree_ids(topic)
    _refuse_if_learners_answered(
        select(Question.id).where(Question.topic_id.in_(topic_ids)), topic.course.author_id
    )
    _delete_topics(topic_ids)
    db.session.commit()
    db.session.expire_all()


# --- questions ----------------------------------------------------------------------------------


def save_question(question: Question, changes: dict[str, Any]) -> Question:
    """Create or change a question; without a position it goes last in its topic."""
    previous_topic = question.topic_id
    with db.session.no_autoflush:  # a change checked below must not be flushed before its check
        apply(question, changes)
        if question.position is None:
            last = db.session.scalar(
                select(func.max(Question.position)).where(Question.topic_id == question.topic_id)
            )
            question.position = (last if last is not None else -1) + 1
        taken = db.session.scalar(
            select(Question.id).where(
                Question.topic_id == question.topic_id,
                Question.position == question.position,
                Question.id != (question.id or 0),
            )
        )
        message = _("Une question de ce thème occupe déjà cette position.")
        if taken is not None:
            raise Conflict(message, fields={"position": [message]})
        touch_courses(_courses_of_topics({previous_topic, question.topic_id}))
    return save(question, "position", message)


def delete_question(question: Question) -> None:
    """Delete a question, unless learners other than the course's author answered it."""
    _refuse_if_learners_answered(
        select(Question.id).where(Question.id == question.id), question.topic.course.author_id
    )
    touch_courses(_courses_of_topics([question.topic_id]))
    db.session.execute(delete(Attempt).where(Attempt.question_id == question.id))
    db.session.execute(delete(ReviewState).where(ReviewState.question_id == question.id))
    db.session.execute(delete(Question).where(Question.id == question.id))
    db.session.commit()
    db.session.expire_all()


# --- the studio's use-cases ---------------------------------------------------------------------

Findable = TypeVar("Findable", Course, Topic, Question)
NOT_FOUND = {
    Course: _l("Ce cours n'existe pas."),
    Topic: _l("Ce thème n'existe pas."),
    Question: _l("Cette question n'existe pas."),
}


def find(model: type[Findable], object_id: int) -> Findable:
    """A course, topic or question by id, or NotFound (the caller then asks the policy)."""
    found = db.session.get(model, object_id)
    if found is None:
        raise NotFound(str(NOT_FOUND[model]))
    return found


def topic_of_course(course: Course, topic_id: str | int | None) -> Topic | None:
    """The topic `topic_id` (as typed in a form) if it belongs to `course`; None for no topic."""
    if topic_id in (None, ""):
        return None
    text = str(topic_id)
    is_id = text.isascii() and text.isdigit() and len(text) <= MAX_ID_DIGITS  # not "¹", not 10**30
    topic = db.session.get(Topic, int(text)) if is_id else None
    if topic is None or topic.course_id != course.id:
        message = _("Le thème parent doit appartenir au même cours.")
        raise InvalidInput(message, fields={"parent_id": [message]})
    return topic


def abandon() -> None:
    """Forget the unsaved changes of a refused write, so the page shows the stored data again."""
    db.session.rollback()


Direction = Literal["up", "down"]


def free_course_slug(title: str) -> str:
    """A course slug made from `title` that no other course has."""
    base = slugify(title)
    return free_slug(base, db.session.scalars(select(Course.slug).where(Course.slug.startswith(base))))


class CourseNotReady(InvalidInput):
    """Publishing refused: `problems` lists everything to fix first."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(_("Le cours ne peut pas être publié tant que ces problèmes demeurent."))
        self.problems = problems


def set_published(course: Course, published: bool) -> Course:
    """Publish a course whose content is complete (else CourseNotReady), or take it back to draft."""
    if published:
        problems = course_problems(course)
        if problems:
            raise CourseNotReady(problems)
    course.published = published
    db.session.commit()
    return course


def add_topic(course: Course, title: str, parent: Topic | None = None) -> Topic:
    """A new topic at the end of its parent's children, with a slug made from its title."""
    title = title.strip()
    if not title:
        raise InvalidInput(_("Donnez un titre au thème."), fields={"title": [_("Champ requis.")]})
    if parent is not None and parent.course_id != course.id:
        message = _("Le thème parent doit appartenir au même cours.")
        raise InvalidInput(message, fields={"parent_id": [message]})
    taken = db.session.scalars(select(Topic.slug).where(Topic.course_id == course.id))
    last = db.session.scalar(
        select(func.max(Topic.position)).where(
            Topic.course_id == course.id,
            Topic.parent_id == parent.id if parent is not None else Topic.parent_id.is_(None),
        )
    )
    topic = Topic(course_id=course.id, lesson="")
    return save_topic(
        topic,
        {
            "title": title,
            "slug": free_slug(slugify(title, "theme"), taken),
            "parent_id": parent.id if parent is not None else None,
            "position": (last if last is not None else -1) + 1,
        },
    )


def _siblings(topic: Topic) -> list[Topic]:
    parent = Topic.parent_id == topic.parent_id if topic.parent_id is not None else Topic.parent_id.is_(None)
    return list(
        db.session.scalars(
            select(Topic).where(Topic.course_id == topic.course_id, parent).order_by(Topic.position, Topic.id)
        )
    )


def move_topic(topic: Topic, direction: Direction) -> Topic:
    """Swap a topic with its previous or next sibling (siblings are renumbered 0, 1, 2…)."""
    siblings = _siblings(topic)
    index = next(i for i, sibling in enumerate(siblings) if sibling.id == topic.id)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    touch_courses([topic.course_id])
    db.session.commit()
    return topic


def reparent_topic(topic: Topic, parent_id: int | None) -> Topic:
    """Move a topic (with its subtree) under another topic of its course, or to the top, last."""
    if parent_id == topic.parent_id:
        return topic
    last = db.session.scalar(
        select(func.max(Topic.position)).where(
            Topic.course_id == topic.course_id,
            Topic.parent_id == parent_id if parent_id is not None else Topic.parent_id.is_(None),
        )
    )
    return save_topic(topic, {"parent_id": parent_id, "position": (last if last is not None else -1) + 1})


def check_question(question: dict[str, Any]) -> None:
    """InvalidInput naming each field when a question could not be asked or graded as written."""
    problems = question_problems(
        question["kind"],
        question.get("prompt") or "",
        question.get("answers") or [],
        question.get("choices"),
        tolerance=question.get("tolerance"),
        tier=question.get("tier") or 1,
        explanation=question.get("explanation") or "",
    )
    if problems:
        raise InvalidInput(_("Certaines données sont invalides."), fields=problems_by_field(problems))


def write_question(question: Question, changes: dict[str, Any]) -> Question:
    """Create or change a question after checking it as a whole (services/question_rules.py)."""
    rule_fields = ("kind", "prompt", "answers", "choices", "tolerance", "tier", "explanation")
    check_question({name: changes.get(name, getattr(question, name)) for name in rule_fields})
    return save_question(question, changes)


def move_question(question: Question, direction: Direction) -> Question:
    """Swap a question with the previous or next one of its topic."""
    questions = list(
        db.session.scalars(
            select(Question)
            .where(Question.topic_id == question.topic_id)
            .order_by(Question.position, Question.id)
        )
    )
    index = next(i for i, other in enumerate(questions) if other.id == question.id)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(questions):
        return question
    questions[index], questions[other] = questions[other], questions[index]
    # Positions are unique per topic: park every row out of the way before renumbering.
    for offset, row in enumerate(questions):
        row.position = -1 - offset
    db.session.flush()
    for position, row in enumerate(questions):
        row.position = position
    touch_courses(_courses_of_topics([question.topic_id]))
    db.session.commit()
    return question


@dataclass(frozen=True)
class TrialResult:
    """An author's trial answer as the real grader sees it, with the feedback a learner would read."""

    given: str
    feedback: Feedback


def try_answer(question: Question, given: str | Sequence[str], *, tier: int = 1) -> TrialResult:
    """Grade an answer with the real grader without recording anything (the studio's preview).

    The preview sends the picked options' texts: they are graded as picks, by index, exactly as
    a learner's page is; a typed answer is graded as text.
    """
    picked = [given] if isinstance(given, str) else list(given)
    text = ", ".join(part.strip() for part in picked if part.strip())
    options = options_of(question.kind, question.choices)
    if options:
        indexes = {options.index(part) for part in picked if part in options}
        unknown = sum(1 for part in picked if part.strip() and part not in options)
        grade = grade_picks(
            question.kind, question.answers, indexes, choices=question.choices, unknown=unknown
        )
    else:
        grade = grade_answer(
            question.kind,
            question.answers,
            text,
            tier=tier,
            tolerance=question.tolerance,
            choices=question.choices,
            strict=question.strict,
        )
    feedback = feedback_for(
        grade.verdict,
        expected=grade.expected,
        style=CommunicationStyle.DETAILED,
        kind=question.kind,
        explanation=question.explanation,
    )
    return TrialResult(given=text, feedback=feedback)


@dataclass(frozen=True)
class TopicEntry:
    """A topic in the studio's tree: its depth, whether it is a leaf, how many questions it has."""

    topic: Topic
    depth: int
    is_leaf: bool
    question_count: int
    first: bool
    last: bool


def topic_tree(course: Course) -> list[TopicEntry]:
    """The course's topics depth first, siblings by position, for the studio's tree editor."""
    topics = list(
        db.session.scalars(
            select(Topic).where(Topic.course_id == course.id).order_by(Topic.position, Topic.id)
        )
    )
    counts: dict[int, int] = {
        topic_id: count
        for topic_id, count in db.session.execute(
            select(Question.topic_id, func.count(Question.id))
            .join(Topic, Topic.id == Question.topic_id)
            .where(Topic.course_id == course.id)
            .group_by(Question.topic_id)
        )
    }
    children: dict[int | None, list[Topic]] = {}
    for topic in topics:
        children.setdefault(topic.parent_id, []).append(topic)
    entries: list[TopicEntry] = []

    seen: set[int] = set()

    def walk(parent_id: int | None, depth: int) -> None:
        siblings = [topic for topic in children.get(parent_id, []) if topic.id not in seen]
        seen.update(topic.id for topic in siblings)
        for index, topic in enumerate(siblings):
            entries.append(
                TopicEntry(
                    topic=topic,
                    depth=depth,
                    is_leaf=topic.id not in children,
                    question_count=counts.get(topic.id, 0),
                    first=index == 0,
                    last=index == len(siblings) - 1,
                )
            )
            walk(topic.id, depth + 1)

    walk(None, 0)
    return entries


def studio_courses(user: User) -> list[Course]:
    """The courses a person may edit in the studio: their own, or every course for an admin."""
    statement = select(Course).order_by(Course.title, Course.id)
    if not acts_as_admin(user):
        statement = statement.where(Course.author_id == user.id)
    return list(db.session.scalars(statement))
