"""Schemas of `/api/v1/questions`, and the rule tying a question's kind, answers and choices."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ....models import QuestionKind
from ....services.question_rules import (
    MAX_ANSWER_LENGTH,
    MAX_ANSWERS,
    MAX_CHOICES,
    MAX_EXPLANATION_LENGTH,
    MAX_PROMPT_LENGTH,
    MIN_CHOICES,
    TIERS,
    problems_by_field,
    question_problems,
)
from ..pagination import PageArgs
from .common import ID_RANGE, StrictSchema, sort_field

# The field limits repeat services/question_rules.py's constants so the OpenAPI document shows them;
# the rules themselves (kind, answers and choices together) are that module's `question_problems`.


def _accepted_answers(required: bool = False) -> fields.List:
    return fields.List(
        fields.String(validate=validate.Length(min=1, max=MAX_ANSWER_LENGTH)),
        required=required,
        validate=validate.Length(min=1, max=MAX_ANSWERS),
        metadata={"description": "Accepted answers (only for the course's author and admins)"},
    )


class QuestionFieldsMixin(Schema):
    """Fields shared by a question's creation and update."""

    kind = fields.Enum(QuestionKind, by_value=True)
    prompt = fields.String(validate=validate.Length(min=1, max=MAX_PROMPT_LENGTH))
    answers = _accepted_answers()
    choices = fields.List(
        fields.String(validate=validate.Length(min=1, max=MAX_ANSWER_LENGTH)),
        allow_none=True,
        validate=validate.Length(min=MIN_CHOICES, max=MAX_CHOICES),
    )
    strict = fields.Boolean(metadata={"description": "Spelling counts: no typo nor missing accent forgiven"})
    tolerance = fields.Float(
        allow_none=True,
        validate=validate.Range(min=0, max=1e12),
        metadata={"description": "Numeric questions"},
    )
    explanation = fields.String(validate=validate.Length(max=MAX_EXPLANATION_LENGTH))
    tier = fields.Integer(validate=validate.Range(min=min(TIERS), max=max(TIERS)))
    position = fields.Integer(validate=validate.Range(min=0, max=100000))


class QuestionSchema(QuestionFieldsMixin, StrictSchema):
    """A question. `answers`, `tolerance` and `explanation` appear only for those who may edit it."""

    id = fields.Integer(dump_only=True)
    topic_id = fields.Integer(required=True, validate=ID_RANGE)
    kind = fields.Enum(QuestionKind, by_value=True, required=True)
    prompt = fields.String(required=True, validate=validate.Length(min=1, max=MAX_PROMPT_LENGTH))
    answers = _accepted_answers(required=True)

    @validates_schema
    def check_kind(self, data: dict[str, object], **kwargs: object) -> None:
        """The question rules of services/question_rules.py, each problem at its field."""
        check_question_shape(data)


class QuestionOutSchema(Schema):
    """A question as answered: `answers`, `tolerance` and `explanation` only for its editors."""

    id = fields.Integer(required=True)
    topic_id = fields.Integer(required=True)
    position = fields.Integer(required=True)
    kind = fields.Enum(QuestionKind, by_value=True, required=True)
    prompt = fields.String(required=True)
    choices = fields.List(fields.String(), required=True, allow_none=True)
    tier = fields.Integer(required=True)
    strict = fields.Boolean(required=True)
    answers = fields.List(
        fields.String(), metadata={"description": "Only for the course's author and admins"}
    )
    tolerance = fields.Float(
        allow_none=True, metadata={"description": "Only for the course's author and admins"}
    )
    explanation = fields.String(metadata={"description": "Only for the course's author and admins"})


class QuestionUpdateSchema(QuestionFieldsMixin, StrictSchema):
    """What may change on a question (it never moves to another topic)."""


class QuestionListArgs(PageArgs):
    """Filters and sort of the question list."""

    topic_id = fields.Integer(validate=ID_RANGE)
    course_id = fields.Integer(validate=ID_RANGE)
    tier = fields.Integer(validate=validate.Range(min=min(TIERS), max=max(TIERS)))
    kind = fields.Enum(QuestionKind, by_value=True)
    sort = sort_field("position", "id", "tier")


def check_question_shape(data: dict[str, object]) -> None:
    """Raise a ValidationError naming each field that breaks a question rule (question_rules.py)."""
    answers, choices, tolerance = data.get("answers") or [], data.get("choices"), data.get("tolerance")
    assert isinstance(answers, list) and (choices is None or isinstance(choices, list))
    assert tolerance is None or isinstance(tolerance, float | int)
    problems = question_problems(
        data.get("kind"),  # type: ignore[arg-type]
        str(data.get("prompt") or ""),
        answers,
        choices,
        tolerance=tolerance,
        tier=data.get("tier", 1),
        explanation=str(data.get("explanation") or ""),
    )
    if problems:
        raise ValidationError(problems_by_field(problems))
