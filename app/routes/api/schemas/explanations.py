"""Schemas of "Explique-moi autrement" (app/routes/api/explanations.py): the wrong answer it
follows, and the explanation written for the learner."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ....services.learning import MAX_ANSWER_LENGTH


class ExplanationRequestSchema(Schema):
    """What the learner asks: an explanation of the question, after this wrong answer if given."""

    answer = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=MAX_ANSWER_LENGTH),
        metadata={"description": "The learner's wrong answer; leave out to ask before answering"},
    )


class ExplanationSchema(Schema):
    """An explanation written for the learner (sanitised HTML from the model's Markdown)."""

    question_id = fields.Integer(required=True)
    answer = fields.String(required=True, metadata={"description": 'The answer it follows ("" if none)'})
    explanation_html = fields.String(required=True, metadata={"description": "Safe HTML"})
    cached = fields.Boolean(
        required=True, metadata={"description": "Read from the cache: no request to the model was made"}
    )
