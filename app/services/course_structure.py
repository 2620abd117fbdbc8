"""A course's structure: its topics and question counts, the part of every tree that is the same
for every learner, read in two queries once per process and course revision.

The learner's part (stored standings, services/standings.py) is laid over it; pages, the JSON tree
and the answer all start from it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Course, Question, Topic


@dataclass(frozen=True)
class TopicShape:
    """One topic as every learner sees it: what the tree shows of it before any standing."""

    id: int
    slug: str
    title: str
    parent_id: int | None
    position: int
    question_ids: tuple[int, ...]
    children: tuple[int, ...]
    leaves: tuple[int, ...]  # the leaves under this topic (itself, for a leaf), in tree order

    @property
    def question_count(self) -> int:
        """How many questions the topic holds."""
        return len(self.question_ids)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per revision
class CourseStructure:
    """A course's topics and question counts: the part of the tree that is the same for every
    learner, read once per process and revision (see `course_structure`)."""

    course_id: int
    revision: datetime
    topics: dict[int, TopicShape]  # in tree order
    roots: tuple[int, ...]
    leaves: tuple[int, ...]  # every leaf, in tree order
    question_count: int

    @cached_property
    def question_ids(self) -> frozenset[int]:
        """Every question of the course (to tell which course a review state belongs to)."""
        return frozenset(question for shape in self.topics.values() for question in shape.question_ids)

    def ancestors(self, topic_id: int) -> list[int]:
        """The topic and its ancestors, from the topic up to its root."""
        chain: list[int] = []
        current: int | None = topic_id
        while current is not None and current in self.topics:
            chain.append(current)
            current = self.topics[current].parent_id
        return chain


STRUCTURE_CACHE_KEY = "learnanything.course_structures"


def course_structure(course: Course) -> CourseStructure:
    """The course's topics and question counts, from this process's cache while the course's
    `updated_at` (its revision, moved by every change of its topics or questions, see
    services/authoring.py) is unchanged; otherwise read in two queries and cached."""
    cache: dict[int, CourseStructure] = current_app.extensions.setdefault(STRUCTURE_CACHE_KEY, {})
    cached = cache.get(course.id)
    if cached is not None and cached.revision == course.updated_at:
        return cached
    structure = _read_structure(course)
    cache[course.id] = structure
    return structure


def _read_structure(course: Course) -> CourseStructure:
    topic_rows = db.session.execute(
        select(Topic.id, Topic.slug, Topic.title, Topic.parent_id, Topic.position)
        .where(Topic.course_id == course.id)
        .order_by(Topic.position, Topic.id)
    ).all()
    question_rows = db.session.execute(
        select(Question.id, Question.topic_id)
        .join(Topic, Topic.id == Question.topic_id)
        .where(Topic.course_id == course.id)
        .order_by(Question.id)
    ).all()
    return build_structure(course.id, course.updated_at, topic_rows, question_rows)


def build_structure(
    course_id: int,
    revision: datetime,
    topic_rows: Iterable[Sequence[Any]],
    question_rows: Iterable[Sequence[Any]],
) -> CourseStructure:
    """A course's structure from its topics (id, slug, title, parent id, position; in position
    order) and its questions (id, topic id; by id): plain rows, so a migration can build one too."""
    topic_rows = [tuple(row) for row in topic_rows]
    questions: dict[int, list[int]] = defaultdict(list)
    for question_id, topic_id in question_rows:
        questions[topic_id].append(question_id)
    known = {row[0] for row in topic_rows}
    children: dict[int | None, list[int]] = defaultdict(list)
    for topic_id, _slug, _title, parent_id, _position in topic_rows:  # ordered by position
        children[parent_id if parent_id in known else None].append(topic_id)
    leaves: dict[int, tuple[int, ...]] = {}

    def collect(topic_id: int) -> tuple[int, ...]:
        below = children.get(topic_id)
        found = tuple(leaf for child in below for leaf in collect(child)) if below else (topic_id,)
        leaves[topic_id] = found
        return found

    roots = tuple(children[None])
    for root in roots:
        collect(root)
    topics = {
        topic_id: TopicShape(
            id=topic_id,
            slug=slug,
            title=title,
            parent_id=parent_id,
            position=position,
            question_ids=tuple(questions.get(topic_id, ())),
            children=tuple(children.get(topic_id, ())),
            leaves=leaves.get(topic_id, (topic_id,)),
        )
        for topic_id, slug, title, parent_id, position in topic_rows
    }
    return CourseStructure(
        course_id=course_id,
        revision=revision,
        topics=topics,
        roots=roots,
        leaves=tuple(leaf for root in roots for leaf in leaves[root]),
        question_count=sum(len(ids) for ids in questions.values()),
    )
