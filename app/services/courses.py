"""Reading courses for learners: the catalogue, a course's tree with the learner's real standing on
every node, and the quiz of a leaf.

The tree is read in a fixed number of queries whatever its size or the learner's history: its
structure (topics and question counts, the same for every learner) is read in two queries once per
process and course revision, then each request reads the learner's masteries and review states
(one query each) and assembles the standings in Python; tests/integration/test_course_tree_queries.py
counts the queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select

from ..auth.models import User
from ..auth.policy import can_read_course, readable_courses
from ..extensions import db
from ..models import Course, Item, Mastery, Question, ReviewState, Topic
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
    questions: dict[int, list[int]] = defaultdict(list)
    for question_id, topic_id in db.session.execute(
        select(Question.id, Question.topic_id)
        .join(Topic, Topic.id == Question.topic_id)
        .where(Topic.course_id == course.id)
        .order_by(Question.id)
    ):
        questions[topic_id].append(question_id)
    known = {row.id for row in topic_rows}
    children: dict[int | None, list[int]] = defaultdict(list)
    for row in topic_rows:  # rows come ordered by position, so children stay in order
        children[row.parent_id if row.parent_id in known else None].append(row.id)
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
        row.id: TopicShape(
            id=row.id,
            slug=row.slug,
            title=row.title,
            parent_id=row.parent_id,
            position=row.position,
            question_ids=tuple(questions.get(row.id, ())),
            children=tuple(children.get(row.id, ())),
            leaves=leaves.get(row.id, (row.id,)),
        )
        for row in topic_rows
    }
    return CourseStructure(
        course_id=course.id,
        revision=course.updated_at,
        topics=topics,
        roots=roots,
        leaves=tuple(leaf for root in roots for leaf in leaves[root]),
        question_count=sum(len(ids) for ids in questions.values()),
    )


# Up to this many questions, a learner's rows are looked up by learner and question id (the
# unique index); above it, every row of the learner is read through the learner's index and kept
# if it belongs to the course. Neither depends on the database's statistics: a join filtered on
# the course lets a planner without them (SQLite always, PostgreSQL before its first ANALYZE)
# walk the learner's whole history even for a 20-topic course.
PROBE_QUESTIONS_LIMIT = 1000


def leaf_recalls(user_id: int, now: datetime, questions: Mapping[int, int] | None = None) -> dict[int, float]:
    """Mean FSRS recall probability per leaf topic for the questions this learner has reviewed:
    only `questions` (question id → its leaf, from the course structure), or all of them."""
    if questions is None:
        stmt = select(Question.topic_id, ReviewState.stability, ReviewState.last_review).join(
            Question, Question.id == ReviewState.question_id
        )
    else:
        stmt = select(ReviewState.question_id, ReviewState.stability, ReviewState.last_review).where(
            ReviewState.question_id.in_(questions)
        )
    recalls: dict[int, list[float]] = defaultdict(list)
    for key, stability, last_review in db.session.execute(stmt.where(ReviewState.user_id == user_id)):
        recall = recall_probability(stability, last_review, now)
        if recall is not None:
            recalls[key if questions is None else questions[key]].append(recall)
    return {topic_id: sum(values) / len(values) for topic_id, values in recalls.items()}


def leaf_masteries(user_id: int, topic_ids: Collection[int] | None = None) -> dict[int, Standing]:
    """The stored standing of this learner per leaf (on every topic, or only on `topic_ids`)."""
    stmt = select(Mastery.topic_id, Mastery.tier, Mastery.step).where(Mastery.user_id == user_id)
    if topic_ids is not None:
        stmt = stmt.where(Mastery.topic_id.in_(topic_ids))
    return {topic_id: Standing(tier, step) for topic_id, tier, step in db.session.execute(stmt)}


def learner_leaves(
    structure: CourseStructure, user_id: int, now: datetime, leaves: Collection[int]
) -> tuple[dict[int, Standing], dict[int, float]]:
    """The learner's stored standings and mean recalls on these leaves of the course (two
    queries), looked up by id when the leaves hold few questions, else read by learner."""
    questions = {question_id: leaf for leaf in leaves for question_id in structure.topics[leaf].question_ids}
    if len(questions) <= PROBE_QUESTIONS_LIMIT:
        return leaf_masteries(user_id, leaves), leaf_recalls(user_id, now, questions)
    wanted = leaves if isinstance(leaves, (set, frozenset)) else frozenset(leaves)
    masteries = {leaf: standing for leaf, standing in leaf_masteries(user_id).items() if leaf in wanted}
    recalls = {leaf: recall for leaf, recall in leaf_recalls(user_id, now).items() if leaf in wanted}
    return masteries, recalls


def leaf_standing(stored: Standing | None, recall: float | None) -> Standing:
    """A leaf's standing today: the stored one lowered by forgetting, START when never answered."""
    return apply_forgetting(stored, recall) if stored is not None else START


def branch_standings(
    structure: CourseStructure, topic_ids: Iterable[int], user: User, now: datetime
) -> dict[int, Standing]:
    """The learner's standing on a few topics of the course (a leaf and its ancestors, say),
    reading only the leaves below them rather than the whole tree (two queries)."""
    wanted = [topic_id for topic_id in topic_ids if topic_id in structure.topics]
    leaves = {leaf for topic_id in wanted for leaf in structure.topics[topic_id].leaves}
    masteries, recalls = learner_leaves(structure, user.id, now, leaves)
    return {
        topic_id: aggregate(
            leaf_standing(masteries.get(leaf), recalls.get(leaf))
            for leaf in structure.topics[topic_id].leaves
        )
        for topic_id in wanted
    }


@dataclass(frozen=True)
class CourseStandings:
    """A learner's standing on every topic of a course, without building node objects: what the
    tree's JSON document needs, for thousands of topics at a time."""

    structure: CourseStructure
    standings: dict[int, Standing]  # by topic id
    started: frozenset[int]  # topics with at least one started leaf below them (or themselves)

    @property
    def standing(self) -> Standing:
        """The learner's standing on the whole course: the mean of every leaf."""
        return aggregate(self.standings[leaf] for leaf in self.structure.leaves)


def course_standings(course: Course, user: User | None, now: datetime) -> CourseStandings:
    """This learner's standing on every topic of the course: the structure comes from the
    per-process cache (two queries when it is read), the learner's part in two queries."""
    structure = course_structure(course)
    masteries: dict[int, Standing] = {}
    recalls: dict[int, float] = {}
    if user is not None:
        masteries, recalls = learner_leaves(structure, user.id, now, structure.leaves)
    standings = {leaf: leaf_standing(masteries.get(leaf), recalls.get(leaf)) for leaf in structure.leaves}
    started = set(masteries).intersection(standings)
    for shape in structure.topics.values():
        if shape.children:
            standings[shape.id] = aggregate(standings[leaf] for leaf in shape.leaves)
            if not started.isdisjoint(shape.leaves):
                started.add(shape.id)
    return CourseStandings(structure=structure, standings=standings, started=frozenset(started))


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
    """The leaf's questions for a learner at this tier: those of the tier, else the nearest easier
    tier that has some (a leaf always offers its questions)."""
    questions = list(db.session.scalars(select(Question).where(Question.topic_id == topic.id)))
    for wanted in range(tier, 0, -1):
        chosen = [question for question in questions if question.tier == wanted]
        if chosen:
            return sorted(chosen, key=lambda question: question.position)
    return sorted(questions, key=lambda question: (question.tier, question.position))
