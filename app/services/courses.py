"""Reading courses for learners: the catalogue, a course's tree with the learner's real standing on
every node, and the quiz of a leaf.

The tree is read in a fixed number of queries whatever its size or the learner's history (one for
the topics, one for question counts, one for masteries, one for review states) and assembled in
Python; tests/integration/test_course_tree_queries.py counts them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, func, or_, select

from ..auth.models import Role, User
from ..extensions import db
from ..models import Course, Mastery, Question, ReviewState, Topic
from .errors import NotFound
from .mastery import START, Standing, aggregate, apply_forgetting
from .scheduling import recall_probability


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


def can_read_course(user: User | None, course: Course) -> bool:
    """Published courses are for everyone signed in; drafts only for their author and admins."""
    if course.published:
        return True
    if user is None:
        return False
    return user.has_role(Role.ADMIN) or course.author_id == user.id


def visible_courses_filter(user: User | None) -> ColumnElement[bool]:
    """The SQL condition selecting the courses this user may read."""
    if user is not None and user.has_role(Role.ADMIN):
        return Course.id.is_not(None)
    if user is None:
        return Course.published.is_(True)
    return or_(Course.published.is_(True), Course.author_id == user.id)


def catalogue(user: User | None) -> list[Course]:
    """The courses this user can open, by title."""
    return list(db.session.scalars(select(Course).where(visible_courses_filter(user)).order_by(Course.title)))


def course_for(user: User | None, *, slug: str | None = None, course_id: int | None = None) -> Course:
    """The course by slug or id, if this user may read it; otherwise NotFound (drafts stay hidden)."""
    stmt = select(Course)
    stmt = stmt.where(Course.slug == slug) if slug is not None else stmt.where(Course.id == course_id)
    course = db.session.scalar(stmt)
    if course is None or not can_read_course(user, course):
        raise NotFound(_("Ce cours n'existe pas."))
    return course


def leaf_recalls(user_id: int, course_id: int, now: datetime) -> dict[int, float]:
    """Mean FSRS recall probability per leaf topic for the questions this learner has reviewed."""
    rows = db.session.execute(
        select(Question.topic_id, ReviewState.stability, ReviewState.last_review)
        .join(ReviewState, ReviewState.question_id == Question.id)
        .join(Topic, Topic.id == Question.topic_id)
        .where(ReviewState.user_id == user_id, Topic.course_id == course_id)
    )
    recalls: dict[int, list[float]] = defaultdict(list)
    for topic_id, stability, last_review in rows:
        recall = recall_probability(stability, last_review, now)
        if recall is not None:
            recalls[topic_id].append(recall)
    return {topic_id: sum(values) / len(values) for topic_id, values in recalls.items()}


def course_tree(course: Course, user: User | None, now: datetime) -> CourseTree:
    """The course's tree with this learner's standing on every node (four queries in all)."""
    topic_rows = db.session.execute(
        select(Topic.id, Topic.slug, Topic.title, Topic.parent_id, Topic.position)
        .where(Topic.course_id == course.id)
        .order_by(Topic.position, Topic.id)
    ).all()
    counts = dict(
        db.session.execute(
            select(Question.topic_id, func.count(Question.id))
            .join(Topic, Topic.id == Question.topic_id)
            .where(Topic.course_id == course.id)
            .group_by(Question.topic_id)
        ).all()
    )
    masteries: dict[int, Standing] = {}
    recalls: dict[int, float] = {}
    if user is not None:
        for topic_id, tier, step in db.session.execute(
            select(Mastery.topic_id, Mastery.tier, Mastery.step)
            .join(Topic, Topic.id == Mastery.topic_id)
            .where(Mastery.user_id == user.id, Topic.course_id == course.id)
        ):
            masteries[topic_id] = Standing(tier, step)
        recalls = leaf_recalls(user.id, course.id, now)

    nodes = {
        topic_id: TreeNode(topic_id, slug, title, parent_id, position, counts.get(topic_id, 0))
        for topic_id, slug, title, parent_id, position in topic_rows
    }
    roots: list[TreeNode] = []
    for node in nodes.values():  # rows come ordered by position, so children stay in order
        parent = nodes.get(node.parent_id) if node.parent_id is not None else None
        (parent.children if parent is not None else roots).append(node)

    def settle(node: TreeNode) -> list[TreeNode]:
        """Fill standings bottom-up; return the leaves under the node."""
        if node.is_leaf:
            stored = masteries.get(node.id)
            node.started = stored is not None
            node.standing = apply_forgetting(stored, recalls.get(node.id)) if stored else START
            return [node]
        leaves = [leaf for child in node.children for leaf in settle(child)]
        node.standing = aggregate(leaf.standing for leaf in leaves)
        node.started = any(leaf.started for leaf in leaves)
        return leaves

    for root in roots:
        settle(root)
    return CourseTree(course=course, roots=roots, nodes=nodes)


def topic_for(course: Course, topic_slug: str) -> Topic:
    """A topic of the course by slug, or NotFound."""
    topic = db.session.scalar(select(Topic).where(Topic.course_id == course.id, Topic.slug == topic_slug))
    if topic is None:
        raise NotFound(_("Ce thème n'existe pas."))
    return topic


def quiz_questions(topic: Topic, tier: int) -> list[Question]:
    """The leaf's questions for a learner at this tier: those of the tier, else the nearest easier
    tier that has some (a leaf always offers its questions)."""
    questions = list(db.session.scalars(select(Question).where(Question.topic_id == topic.id)))
    for wanted in range(tier, 0, -1):
        chosen = [question for question in questions if question.tier == wanted]
        if chosen:
            return sorted(chosen, key=lambda question: question.position)
    return sorted(questions, key=lambda question: (question.tier, question.position))
