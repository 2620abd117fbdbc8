"""Reading courses for learners: the catalogue, a course's tree with the learner's real standing on
every node, and the quiz of a leaf.

The tree is read in a fixed number of queries whatever its size or the learner's history: its
structure (topics and question counts, the same for every learner, services/course_structure.py) is
read in two queries once per process and course revision, then each request reads the learner's
stored standings of the course in one indexed query (services/standings.py);
tests/integration/test_course_tree_queries.py counts the queries.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import BindParameter, ColumnElement, Select, and_, bindparam, or_, select

from ..auth.models import User
from ..auth.policy import COURSES, acts_as_admin, can_read_course, readable_courses, readable_courses_of
from ..extensions import db
from ..models import COURSE_NODE, Course, Item, Question, Topic
from . import standings as stored
from .course_structure import CourseStructure, TopicShape, build_structure, course_structure
from .errors import NotFound
from .mastery import START, Standing, aggregate, offered_tier

__all__ = [
    "CourseStandings",
    "CourseStructure",
    "CourseTree",
    "TopicShape",
    "TreeNode",
    "build_structure",
    "catalogue",
    "course_for",
    "course_items",
    "course_mark",
    "course_standings",
    "course_structure",
    "course_tree",
    "marks_statement",
    "quiz_questions",
    "topic_for",
]


@dataclass
class TreeNode:
    """One topic of a course tree, with the learner's standing on it."""

    id: int
    slug: str
    title: str
    parent_id: int | None
    position: int
    question_count: int = 0
    standing: Standing = START
    started: bool = False
    children: list[TreeNode] = field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        """A topic without children is a leaf: it holds the lesson's quiz."""
        return not self.children

    @property
    def has_quiz(self) -> bool:
        """A leaf with at least one question shows ❓ and opens a quiz."""
        return self.is_leaf and self.question_count > 0

    def walk(self) -> Iterable[TreeNode]:
        """This node and every node below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    def as_dict(self, standings: dict[Standing, dict[str, object]] | None = None) -> dict[str, object]:
        """The node and its subtree as the JSON API sends it. There are only 18 standings, so their
        documents are built once per tree (`standings` caches them) rather than once per node."""
        standings = {} if standings is None else standings
        if self.standing not in standings:
            standings[self.standing] = self.standing.as_dict()
        return {
            "id": self.id,
            "slug": self.slug,
            "title": self.title,
            "is_leaf": self.is_leaf,
            "has_quiz": self.has_quiz,
            "question_count": self.question_count,
            "started": self.started,
            "standing": standings[self.standing],
            "children": [child.as_dict(standings) for child in self.children],
        }


@dataclass
class CourseTree:
    """A course's topics as a forest of nodes, and a lookup by id."""

    course: Course
    roots: list[TreeNode]
    nodes: dict[int, TreeNode]

    @property
    def standing(self) -> Standing:
        """The learner's standing on the whole course: the mean of every leaf."""
        return aggregate(node.standing for node in self.leaves())

    def leaves(self) -> list[TreeNode]:
        """Every leaf, in tree order."""
        return [node for root in self.roots for node in root.walk() if node.is_leaf]

    def ancestors(self, topic_id: int) -> list[TreeNode]:
        """The node and its ancestors, from the node up to its root."""
        chain: list[TreeNode] = []
        node = self.nodes.get(topic_id)
        while node is not None:
            chain.append(node)
            node = self.nodes.get(node.parent_id) if node.parent_id is not None else None
        return chain


def catalogue(user: User | None) -> list[Course]:
    """The courses this user can open, by title."""
    return list(db.session.scalars(select(Course).where(readable_courses(user)).order_by(Course.title)))


def course_for(user: User | None, *, slug: str | None = None, course_id: int | None = None) -> Course:
    """The course by slug or id, if this user may read it; otherwise NotFound (drafts stay hidden)."""
    stmt = select(Course)
    stmt = stmt.where(Course.slug == slug) if slug is not None else stmt.where(Course.id == course_id)
    course = db.session.scalar(stmt)
    if course is None or not can_read_course(user, course):
        raise NotFound(_("Ce cours n'existe pas."))
    return course


@dataclass(frozen=True)
class CourseMark:
    """What tells one learner's views of a course apart (app/learner_views.py): the course's
    revision, the version of the learner's course row, and the moment forgetting may next lower
    something shown (None: never, or no row yet)."""

    revision: datetime
    version: int | None
    valid_until: datetime | None


def course_mark(user: User, course_id: int) -> CourseMark:
    """The learner's mark on a course they may read (NotFound otherwise): one query on the tables,
    the course row joined with the learner's course row on its unique index, and no object built
    (a view kept by the process needs nothing more; the course itself is read only to build one)."""
    row = db.session.execute(
        _course_mark_statement(acts_as_admin(user)), {"user_id": user.id, "course_id": course_id}
    ).first()
    if row is None:
        raise NotFound(_("Ce cours n'existe pas."))
    _course_id, *mark = row
    return CourseMark(*mark)


@cache
def _course_mark_statement(admin: bool) -> Select[Any]:
    """The query of `course_mark` for admins or for everyone else, built once per process (the
    person's id is a parameter): building it costs more than running it."""
    return marks_statement(admin).where(COURSES.c.id == bindparam("course_id"))


def marks_statement(admin: bool) -> Select[Any]:
    """Each course a learner may read, by id, with their mark on it (revision, course row version,
    forgetting moment), for admins or for everyone else: a Core statement on the tables, the
    person's id the parameter `user_id`, so that it is built once per role and run for anyone."""
    courses = COURSES.c
    user_id: BindParameter[int] = bindparam("user_id")
    return (
        select(courses.id, courses.updated_at, stored.STANDINGS.c.version, stored.STANDINGS.c.valid_until)
        .outerjoin(stored.STANDINGS, learner_course_row(user_id, courses.id))
        .where(readable_courses_of(admin, user_id))
    )


def learner_course_row(user_id: Any, course_id: Any) -> ColumnElement[bool]:
    """The join condition of a learner's course row (node COURSE_NODE) of `course_id`."""
    return and_(
        stored.STANDINGS.c.user_id == user_id,
        stored.STANDINGS.c.course_id == course_id,
        stored.STANDINGS.c.node == COURSE_NODE,
    )


@dataclass(frozen=True)
class CourseStandings:
    """A learner's standing on every topic of a course (or on the topics asked for), without
    building node objects: what the tree's JSON document needs, for thousands of topics at a time."""

    structure: CourseStructure
    standings: dict[int, Standing]  # by topic id
    started: frozenset[int]  # topics with at least one started leaf below them (or themselves)
    course_standing: Standing | None = None  # from the stored course row (None: from the leaves)

    @property
    def standing(self) -> Standing:
        """The learner's standing on the whole course: the mean of every leaf."""
        if self.course_standing is not None:
            return self.course_standing
        return aggregate(self.standings[leaf] for leaf in self.structure.leaves)


def course_standings(
    course: Course, user: User | None, now: datetime, *, only: Collection[int] | None = None
) -> CourseStandings:
    """This learner's standing on every topic of the course (or on the topics of `only`): the
    structure comes from the per-process cache, the learner's part from their stored rows in one
    indexed query (services/standings.py; rarely a refresh when forgetting has lowered a level)."""
    structure = course_structure(course)
    wanted = structure.topics if only is None else [topic for topic in only if topic in structure.topics]
    if user is None:
        return CourseStandings(structure, dict.fromkeys(wanted, START), frozenset(), START)
    rows = stored.shown_rows(user.id, structure, now, None if only is None else wanted)
    return CourseStandings(
        structure=structure,
        standings={topic: stored.standing_of(structure, rows, topic) for topic in wanted},
        started=frozenset(topic for topic in wanted if (row := rows.get(topic)) is not None and row.started),
        course_standing=stored.standing_of(structure, rows, COURSE_NODE),
    )


def course_tree(course: Course, user: User | None, now: datetime) -> CourseTree:
    """The course's tree with this learner's standing on every node, as node objects for the pages
    (see `course_standings` for the queries)."""
    learner = course_standings(course, user, now)
    nodes = {
        shape.id: TreeNode(
            shape.id,
            shape.slug,
            shape.title,
            shape.parent_id,
            shape.position,
            shape.question_count,
            standing=learner.standings[shape.id],
            started=shape.id in learner.started,
        )
        for shape in learner.structure.topics.values()
    }
    for shape in learner.structure.topics.values():
        nodes[shape.id].children = [nodes[child] for child in shape.children]
    return CourseTree(course=course, roots=[nodes[root] for root in learner.structure.roots], nodes=nodes)


def course_items(course: Course) -> list[Item]:
    """The learning resources of a course (its Ressources tab): those of the course and of its
    topics, by name. Site-wide items (without a course) are not a course's resources."""
    topic_ids = select(Topic.id).where(Topic.course_id == course.id)
    return list(
        db.session.scalars(
            select(Item)
            .where(or_(Item.course_id == course.id, Item.topic_id.in_(topic_ids)))
            .order_by(Item.name)
        )
    )


def topic_for(course: Course, topic_slug: str) -> Topic:
    """A topic of the course by slug, or NotFound."""
    topic = db.session.scalar(select(Topic).where(Topic.course_id == course.id, Topic.slug == topic_slug))
    if topic is None:
        raise NotFound(_("Ce thème n'existe pas."))
    return topic


def quiz_questions(topic: Topic, tier: int) -> list[Question]:
    """The leaf's questions for a learner at this tier: those of the tier the leaf offers them
    (the highest it has at or below theirs, else its lowest, see mastery.offered_tier)."""
    questions = list(db.session.scalars(select(Question).where(Question.topic_id == topic.id)))
    offered = offered_tier({question.tier for question in questions}, tier)
    chosen = [question for question in questions if question.tier == offered]
    return sorted(chosen, key=lambda question: question.position)
