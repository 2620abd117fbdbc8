"""The course tree's JSON documents (CourseTreeSchema, TopicChildrenSchema), assembled from
pre-encoded pieces.

A course of 2,000 topics makes a document of half a megabyte. Building a dictionary per node and
encoding it again on every request cost more than everything else the request does, yet only two
values per node depend on the learner: the standing and `started`. So everything else of a node
is encoded once per course structure (the structure is itself cached per course revision), the
standings once per request (there are only 18 of them), and each request joins the pieces.

Which nodes go is the view's (app/services/tree_loading.py): a large course is sent a few levels
at a time, and a branch whose children are left out says so with `"children_included":false`.

Keys come sorted and separators compact, as Flask's JSON provider writes them.
"""

from __future__ import annotations

import json
from functools import lru_cache

from ...models import Course
from ...services.courses import CourseStandings, CourseStructure
from ...services.mastery import Standing
from ...services.tree_loading import TreeView


def _encode(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


@lru_cache(maxsize=64)
def _node_pieces(structure: CourseStructure) -> dict[int, tuple[str, str]]:
    """Per topic, the encoded text after its children (from `children_included` to `standing`'s
    key) and after its `started` flag."""
    pieces: dict[int, tuple[str, str]] = {}
    for shape in structure.topics.values():
        is_leaf = not shape.children
        before = (
            f'],"children_included":true,"has_quiz":{_encode(is_leaf and shape.question_count > 0)},'
            f'"id":{shape.id},"is_leaf":{_encode(is_leaf)},"question_count":{shape.question_count},'
            f'"slug":{_encode(shape.slug)},"standing":'
        )
        pieces[shape.id] = (before, f',"title":{_encode(shape.title)}}}')
    return pieces


_INCLUDED = '],"children_included":true,'
_LEFT_OUT = '],"children_included":false,'


class _Writer:
    """Writes the nodes of one view of one learner's tree into one list of text pieces."""

    def __init__(self, learner: CourseStandings, view: TreeView) -> None:
        self.learner = learner
        self.view = view
        self.topics = learner.structure.topics
        self.pieces = _node_pieces(learner.structure)
        self.encoded: dict[int, str] = {}  # by level: one standing per level
        self.out: list[str] = []

    def standing(self, value: Standing) -> str:
        text = self.encoded.get(value.level)
        if text is None:
            text = self.encoded[value.level] = _encode(value.as_dict())
        return text

    def nodes(self, topic_ids: tuple[int, ...]) -> None:
        out = self.out
        for index, topic_id in enumerate(topic_ids):
            if index:
                out.append(",")
            self.node(topic_id)

    def node(self, topic_id: int) -> None:
        out = self.out
        out.append('{"children":[')
        before, after = self.pieces[topic_id]
        if self.view.shows_children(topic_id):
            self.nodes(self.topics[topic_id].children)
        else:
            before = before.replace(_INCLUDED, _LEFT_OUT, 1)
        started = "true" if topic_id in self.learner.started else "false"
        out.extend((before, self.standing(self.learner.standings[topic_id]), ',"started":', started, after))


def tree_document(course: Course, learner: CourseStandings, view: TreeView) -> str:
    """The JSON text of a course's tree, as far as the view goes, with the learner's standing on
    every node sent."""
    writer = _Writer(learner, view)
    course_ref = _encode({"id": course.id, "slug": course.slug, "title": course.title})
    writer.out.append(f'{{"course":{course_ref},"roots":[')
    writer.nodes(view.tops)
    # a final newline, as Flask sends JSON
    writer.out.append(f'],"standing":{writer.standing(learner.standing)}}}\n')
    return "".join(writer.out)


def children_document(topic_id: int, learner: CourseStandings, view: TreeView) -> str:
    """The JSON text of an opened branch: its children (the view's tops) and their subtrees as
    far as the view goes, with the learner's standing on every node sent."""
    writer = _Writer(learner, view)
    writer.out.append('{"children":[')
    writer.nodes(view.tops)
    writer.out.append(f'],"topic_id":{topic_id}}}\n')
    return "".join(writer.out)
