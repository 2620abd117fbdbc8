"""Schemas of `/api/v1/questions`, and the rule tying a question's kind, answers and choices."""

from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ....models import QuestionKind
from ..pagination import PageArgs
from .common import ID_RANGE, StrictSchema, sort_field


class QuestionFieldsMixin(Schema):
    """Fields shared by a question's creation and update."""

    kind = fields.Enum(QuestionKind, by_value=True)
    prompt = fields.String(validate=validate.Length(min=1, max=5000))
    answers = fields.List(
        fields.String(validate=validate.Length(min=1, max=500)),
        validate=validate.Length(min=1, max=50),
        metadata={"description": "Accepted answers (only for the course's author and admins)"},
    )
    choices = fields.List(
        fields.String(validate=validate.Length(min=1, max=500)),
        allow_none=True,
        validate=validate.Length(min=2, max=20),
    )
    tolerance = fields.Float(
        allow_none=True,
        validate=validate.Range(min=0, max=1e12),
        metadata={"description": "Numeric questions"},
    )
    explanation = fields.String(validate=validate.Length(max=10000))
    tier = fields.Integer(validate=validate.Range(min=1, max=3))
    position = fields.Integer(validate=validate.Range(min=0, max=100000))


class QuestionSchema(QuestionFieldsMixin, StrictSchema):
    """A question. `answers`, `tolerance` and `explanation` appear only for those who may edit it."""

    id = fields.Integer(dump_only=True)
    topic_id = fields.Integer(required=True, validate=ID_RANGE)
    kind = fields.Enum(QuestionKind, by_value=True, required=True)
    prompt = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    answers = fields.List(
        fields.String(validate=validate.Length(min=1, max=500)),
        required=True,
        validate=validate.Length(min=1, max=50),
        metadata={"description": "Accepted answers (only for the course's author and admins)"},
    )

    @validates_schema
    def check_kind(self, data: dict[str, object], **kwargs: object) -> None:
        """A choice question needs choices that contain its answers; a numeric one needs numbers."""
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
    tier = fields.Integer(validate=validate.Range(min=1, max=3))
    kind = fields.Enum(QuestionKind, by_value=True)
    sort = sort_field("position", "id", "tier")


def check_question_shape(data: dict[str, object]) -> None:
    """Raise a field-level ValidationError when kind, answers and choices disagree."""
    kind = data.get("kind")
    answers = data.get("answers") or []
    choices = data.get("choices")
    assert isinstance(answers, list)
    if kind == QuestionKind.CHOICE:
        if not choices:
            raise ValidationError(_("Une question à choix a besoin de choix."), "choices")
        assert isinstance(choices, list)
        if any(answer not in choices for answer in answers):
            raise ValidationError(_("Chaque réponse doit être l'un des choix."), "answers")
    if kind == QuestionKind.NUMERIC:
        for answer in answers:
            try:
                float(str(answer).replace(",", "."))
            except ValueError:
                raise ValidationError(_("Une question numérique attend des nombres."), "answers") from None
