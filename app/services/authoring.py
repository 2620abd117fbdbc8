"""Writing content: create, change and delete items, courses, topics and questions.

Callers have already checked permissions (app/auth/policy.py); these functions keep
the data consistent: unique slugs and names answer Conflict, a topic's parent stays in its course
and never below itself, and a deletion removes everything that hangs below (learners' attempts,
review states and masteries too), on SQLite as on PostgreSQL, without relying on ON DELETE.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from flask_babel import gettext as _
from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from ..auth.models import User
from ..auth.policy import can_read_course
from ..extensions import Model, db
from ..models import Attempt, Course, Item, Mastery, Question, ReviewState, Topic
from ..types import utcnow
from .errors import Conflict, InvalidInput

M = TypeVar("M", bound=Model)


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
    db.session.execute(delete(Mastery).where(Mastery.topic_id.in_(topic_ids)))
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
