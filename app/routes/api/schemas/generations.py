"""Schemas of `/api/v1/generations`: courses written by the language model, as background jobs."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ....models import GenerationStatus
from ....services.generation import MAX_QUESTIONS_PER_TOPIC, MAX_TOPICS
from ....services.generations import MAX_SOURCE_CHARACTERS
from ..pagination import PageArgs
from .common import LANGUAGES, StrictSchema

STATUSES = tuple(status.value for status in GenerationStatus)


class GenerationRequestSchema(StrictSchema):
    """What to write: a subject for an audience, in a language, of a size; optionally from a text."""

    subject = fields.String(
        required=True,
        validate=validate.Length(min=3, max=200),
        metadata={"example": "Les volcans"},
    )
    level = fields.String(
        load_default="",
        validate=validate.Length(max=120),
        metadata={"description": "The audience or level", "example": "élèves de 5e"},
    )
    language = fields.String(required=True, validate=validate.OneOf(LANGUAGES), metadata={"example": "fr"})
    topics = fields.Integer(
        required=True,
        validate=validate.Range(min=1, max=MAX_TOPICS),
        metadata={"description": "Number of leaf topics (lessons)", "example": 6},
    )
    questions_per_topic = fields.Integer(
        required=True,
        validate=validate.Range(min=1, max=MAX_QUESTIONS_PER_TOPIC),
        metadata={"example": 4},
    )
    source_text = fields.String(
        allow_none=True,
        load_default=None,
        validate=validate.Length(max=MAX_SOURCE_CHARACTERS),
        metadata={"description": "Notes or a document to build the course from (plain text or Markdown)"},
    )


class GenerationProgressSchema(Schema):
    """How far a job has gone."""

    steps_done = fields.Integer(required=True)
    steps_total = fields.Integer(required=True, metadata={"description": "0 until the outline is written"})
    current_step = fields.String(required=True, metadata={"example": "Leçon 2 sur 6 : Les éruptions"})


class GenerationTokensSchema(Schema):
    """Tokens the job has spent so far."""

    prompt = fields.Integer(required=True)
    completion = fields.Integer(required=True)
    total = fields.Integer(required=True)


class GenerationSchema(Schema):
    """A course generation and where it stands."""

    id = fields.Integer(required=True)
    url = fields.String(required=True, metadata={"description": "This document"})
    page = fields.String(required=True, metadata={"description": "The job's page in the studio"})
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    subject = fields.String(required=True)
    level = fields.String(required=True)
    language = fields.String(required=True)
    topics = fields.Integer(required=True)
    questions_per_topic = fields.Integer(required=True)
    source_name = fields.String(required=True, metadata={"description": "The uploaded file, if any"})
    progress = fields.Nested(GenerationProgressSchema, required=True)
    tokens = fields.Nested(GenerationTokensSchema, required=True)
    duration_seconds = fields.Integer(
        required=True, allow_none=True, metadata={"description": "Run time so far; null while queued"}
    )
    error = fields.String(required=True, allow_none=True, metadata={"description": "Why it failed"})
    cancel_requested = fields.Boolean(required=True)
    course_id = fields.Integer(required=True, allow_none=True)
    course_url = fields.String(
        required=True, allow_none=True, metadata={"description": "The draft in the studio, when done"}
    )
    created_at = fields.DateTime(required=True)
    started_at = fields.DateTime(required=True, allow_none=True)
    finished_at = fields.DateTime(required=True, allow_none=True)


class GenerationListArgs(PageArgs):
    """Filters of the list of one's generations (newest first)."""

    status = fields.String(validate=validate.OneOf(STATUSES))
