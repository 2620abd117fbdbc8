"""The course tree's JSON document (CourseTreeSchema), assembled from pre-encoded pieces.

A course of 2,000 topics makes a document of half a megabyte. Building a dictionary per node and
encoding it again on every request cost more than everything else the request does, yet only two
values per node depend on the learner: the standing and `started`. So everything else of a node
is encoded once per course structure (the structure is itself cached per course revision), the
standings once per request (there are only 18 of them), and each request joins the pieces.

Keys come sorted and separators compact, as Flask's JSON provider writes them.
"""

from __future__ import annotations

import json
from functools import lru_cache

from ...models import Course
from ...services.courses import CourseStandings, CourseStructure
from ...services.mastery import Standing


def _encode(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


@lru_cache(maxsize=64)
def _node_pieces(structure: CourseStructure) -> dict[int, tuple[str, str]]:
    """Per topic, the encoded text before its standing and after its `started` flag."""
    pieces: dict[int, tuple[str, str]] = {}
    for shape in structure.topics.values():
        is_leaf = not shape.children
        before = (
            f'],"has_quiz":{_encode(is_leaf and shape.question_count > 0)},"id":{shape.id},'
            f'"is_leaf":{_encode(is_leaf)},"question_count":{shape.question_count},'
            f'"slug":{_encode(shape.slug)},"standing":'
        )
        pieces[shape.id] = (before, f',"title":{_encode(shape.title)}}}')
    return pieces


def tree_document(course: Course, learner: CourseStandings) -> str:
    """The JSON text of a course's tree with the learner's standing on every node."""
    structure = learner.structure
    pieces = _node_pieces(structure)
    encoded: dict[int, str] = {}  # by level: one standing per level

    def standing(value: Standing) -> str:
        text = encoded.get(value.level)
        if text is None:
            text = encoded[value.level] = _encode(value.as_dict())
        return text

    out: list[str] = []

    def node(topic_id: int) -> None:
        out.append('{"children":[')
        for index, child in enumerate(structure.topics[topic_id].children):
            if index:
                out.append(",")
            node(child)
        before, after = pieces[topic_id]
        started = "true" if topic_id in learner.started else "false"
        out.extend((before, standing(learner.standings[topic_id]), ',"started":', started, after))

    out.append(f'{{"course":{_encode({"id": course.id, "slug": course.slug, "title": course.title})}')
    out.append(',"roots":[')
    for index, root in enumerate(structure.roots):
        if index:
            out.append(",")
        node(root)
    out.append(f'],"standing":{standing(learner.standing)}}}\n')  # a final newline, as Flask sends JSON
    return "".join(out)
