"""Which nodes of a course tree a response carries: large trees load lazily.

A course of 2,000 topics is half a megabyte of JSON and as many items on the page, while a
learner looks at a few branches at a time. So a response carries at most about
`TREE_NODE_BUDGET` nodes: first the way to the branch the learner is in (the children of each
ancestor of their last answered leaf: the path and the siblings along it), then the top levels
breadth first, a whole family of children at a time, while the next family fits. Every other
branch is sent closed, its children left out (`children_included: false`), and they come when it
is opened: GET /api/v1/courses/<id>/topics/<id>/children, or the page's `?open=<topic id>`.

A course within the budget is sent whole, and then nothing is looked up: the learner's current
branch costs one query, and only for a course above the budget. Which nodes go depends only on
the course's structure and the focus, never on the learner's standings, so a view is computed
once per structure and focus and kept (`lru_cache`: a structure is one object per revision).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from ..models import Attempt, Course, Question, Topic
from .courses import CourseStandings, CourseStructure, course_standings, course_structure
from .errors import NotFound

TREE_NODE_BUDGET = 250
"""About how many nodes one response carries when the course is larger (the focus path may add a
few more: it is always sent whole)."""


@dataclass(frozen=True)
class TreeView:
    """The part of a course tree one response carries: the `tops` (the roots, or the children of
    an opened topic) and, below them, the children of the `expanded` branches only."""

    tops: tuple[int, ...]
    expanded: frozenset[int] | None  # None: every branch below the tops is expanded
    focus: tuple[int, ...] = ()  # the topics the view was built around (their way is expanded)

    def shows_children(self, topic_id: int) -> bool:
        """Whether this topic's children are carried (always true of a leaf: it has none)."""
        return self.expanded is None or topic_id in self.expanded

    def node_ids(self, structure: CourseStructure) -> Iterator[int]:
        """The topics this view carries, tops first then depth first."""
        pending = list(reversed(self.tops))
        while pending:
            topic_id = pending.pop()
            yield topic_id
            if self.shows_children(topic_id):
                pending.extend(reversed(structure.topics[topic_id].children))

    def carried(self, structure: CourseStructure) -> frozenset[int] | None:
        """The topics whose standings this view needs, or None for all (a whole course: reading
        every row costs less than naming them)."""
        if self.expanded is None and self.tops == structure.roots:
            return None
        return frozenset(self.node_ids(structure))


def is_whole(structure: CourseStructure) -> bool:
    """Whether the course is small enough to be sent whole (no lookup of the learner's branch)."""
    return len(structure.topics) <= TREE_NODE_BUDGET


def _fill(
    structure: CourseStructure, tops: Iterable[int], expanded: set[int], count: int, budget: int
) -> frozenset[int] | None:
    """Expand branches breadth first from `tops`, a whole family at a time, while the next family
    fits in the budget; None when everything below the tops fits."""
    queue = deque(tops)
    while queue:
        topic_id = queue.popleft()
        children = structure.topics[topic_id].children
        if not children:
            continue
        if topic_id not in expanded:
            if count + len(children) > budget:
                return frozenset(expanded)
            expanded.add(topic_id)
            count += len(children)
        queue.extend(children)
    return None


@lru_cache(maxsize=4096)
def tree_view(structure: CourseStructure, focus: tuple[int, ...] = ()) -> TreeView:
    """What the first response of a course's tree carries: the whole tree within the budget; above
    it, the way to each `focus` topic (its ancestors' children, and its own when it is a branch),
    then the top levels breadth first."""
    if is_whole(structure):
        return TreeView(structure.roots, None, focus)
    expanded: set[int] = set()
    count = len(structure.roots)
    for topic_id in focus:
        for ancestor in structure.ancestors(topic_id):
            children = structure.topics[ancestor].children
            if children and ancestor not in expanded:
                expanded.add(ancestor)
                count += len(children)
    filled = _fill(structure, structure.roots, expanded, count, TREE_NODE_BUDGET)
    return TreeView(structure.roots, filled, focus)


def children_view(structure: CourseStructure, topic_id: int) -> TreeView:
    """What opening one topic of the course carries: all its children (whatever their number), and
    below them their own children breadth first within the budget. NotFound for a topic that is not
    the course's."""
    if topic_id not in structure.topics:
        raise NotFound(_("Ce thème n'existe pas."))
    return _children_view(structure, topic_id)


@lru_cache(maxsize=4096)
def _children_view(structure: CourseStructure, topic_id: int) -> TreeView:
    children = structure.topics[topic_id].children
    return TreeView(children, _fill(structure, children, set(), len(children), TREE_NODE_BUDGET))


def current_leaf(course: Course, user: User | None) -> int | None:
    """The leaf of the course the learner answered last (their current branch), or None: one query,
    down the learner's (user, created_at) index of attempts."""
    if user is None:
        return None
    return db.session.scalar(
        select(Question.topic_id)
        .join(Attempt, Attempt.question_id == Question.id)
        .join(Topic, Topic.id == Question.topic_id)
        .where(Attempt.user_id == user.id, Topic.course_id == course.id)
        .order_by(Attempt.created_at.desc(), Attempt.id.desc())
        .limit(1)
    )


def first_view(
    structure: CourseStructure,
    course: Course,
    user: User | None,
    *,
    shown: int | None = None,
    opened: int | None = None,
) -> TreeView:
    """The first view of a course for this learner: whole when small, else the top levels and the
    branch they are in — the topic `shown` by the page when there is one, else the leaf they
    answered last (one query) — and the branch `opened` by a link (the page's ?open=). Topics
    that are not the course's are ignored."""
    focus = tuple(topic for topic in (shown, opened) if topic is not None and topic in structure.topics)
    if is_whole(structure):
        return tree_view(structure, focus)
    if shown is None:
        leaf = current_leaf(course, user)
        focus = (leaf, *focus) if leaf is not None else focus
    return tree_view(structure, focus)


def standings_in_view(course: Course, user: User | None, view: TreeView, now: datetime) -> CourseStandings:
    """The learner's standings on the topics `view` carries (every row, for a whole course)."""
    return course_standings(course, user, now, only=view.carried(course_structure(course)))
