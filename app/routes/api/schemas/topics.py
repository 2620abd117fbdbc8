"""Schemas of `/api/v1/topics`: the nodes of course trees."""

from __future__ import annotations

from marshmallow import fields, validate

from ....services.slugs import SLUG_MAX
from ..pagination import PageArgs
from .common import ID_RANGE, SLUG, StrictSchema, sort_field


class TopicSchema(StrictSchema):
    """A node of a course tree; a topic without children is a leaf and holds questions."""

    id = fields.Integer(dump_only=True)
    course_id = fields.Integer(required=True, validate=ID_RANGE)
    parent_id = fields.Integer(allow_none=True, load_default=None, validate=ID_RANGE)
    position = fields.Integer(load_default=0, validate=validate.Range(min=0, max=100000))
    slug = fields.String(required=True, validate=[validate.Length(min=1, max=SLUG_MAX), SLUG])
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    lesson = fields.String(load_default="", validate=validate.Length(max=50000))


class TopicUpdateSchema(StrictSchema):
    """What may change on a topic (it never moves to another course)."""

    parent_id = fields.Integer(allow_none=True, validate=ID_RANGE)
    position = fields.Integer(validate=validate.Range(min=0, max=100000))
    slug = fields.String(validate=[validate.Length(min=1, max=SLUG_MAX), SLUG])
    title = fields.String(validate=validate.Length(min=1, max=200))
    lesson = fields.String(validate=validate.Length(max=50000))


class TopicListArgs(PageArgs):
    """Filters and sort of the topic list."""

    course_id = fields.Integer(validate=ID_RANGE)
    parent_id = fields.Integer(validate=ID_RANGE)
    q = fields.String(validate=validate.Length(max=100), metadata={"description": "In title"})
    sort = sort_field("position", "title", "id")
