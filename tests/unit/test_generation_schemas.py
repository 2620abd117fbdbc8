"""The JSON Schemas a generation sends as `response_format` are derived from the course document's
own schema: they accept what a good model writes, refuse what the validator refuses, and follow the
document schema when it changes."""

from __future__ import annotations

import json
from typing import Any

import jsonschema_rs
import pytest

from app.services.course_files.native import schema_text
from app.services.generation.steps import lesson_schema, outline_schema, questions_schema
from tests.generated_course import lesson, outline, questions

DOCUMENT = json.loads(schema_text())


def valid(schema: dict[str, Any], answer: Any) -> bool:
    """Whether `answer` matches `schema` (JSON Schema 2020-12)."""
    return bool(jsonschema_rs.Draft202012Validator(schema).is_valid(answer))


def test_every_step_schema_is_a_valid_json_schema() -> None:
    for schema in (outline_schema(False), outline_schema(True), lesson_schema(), questions_schema(5, True)):
        jsonschema_rs.meta.validate(schema)


def test_a_good_model_answer_matches_each_step_schema() -> None:
    assert valid(outline_schema(False), outline(4, parts=2))
    assert valid(outline_schema(True), outline(2, passages=[1, 2]))
    assert valid(lesson_schema(), lesson())
    assert valid(questions_schema(5, False), questions(5))
    assert valid(questions_schema(5, True), questions(5, source={"passage": 1, "quote": "le magma"}))


@pytest.mark.parametrize(
    ("schema", "answer"),
    [
        (outline_schema(False), {"title": "", "description": "", "topics": [{"title": "A"}]}),
        (outline_schema(False), {"title": "T", "description": "", "topics": [{"name": "A"}]}),
        (lesson_schema(), {"lesson": ""}),
        (questions_schema(5, False), questions(4)),
        (questions_schema(1, False), {"questions": [{**questions(1)["questions"][0], "tier": 4}]}),
        (questions_schema(1, False), {"questions": [{**questions(1)["questions"][0], "kind": "essay"}]}),
        (questions_schema(1, True), questions(1)),
    ],
    ids=[
        "empty title",
        "unknown field",
        "empty lesson",
        "too few questions",
        "tier 4",
        "unknown kind",
        "no source",
    ],
)
def test_an_answer_the_validator_would_refuse_breaks_the_schema(schema: dict[str, Any], answer: Any) -> None:
    assert not valid(schema, answer)


def test_the_question_schema_follows_the_course_document_schema() -> None:
    question = questions_schema(3, False)["properties"]["questions"]["items"]
    document_question = DOCUMENT["$defs"]["question"]

    assert question["properties"]["kind"] == document_question["properties"]["kind"]
    assert set(question["properties"]) == set(document_question["properties"])
    assert question["properties"]["answers"] == document_question["properties"]["answers"]
    assert "explanation" in question["required"], "a generated question always explains its answer"
