"""Schemas of `/api/v1/courses`."""

from __future__ import annotations

from marshmallow import fields, validate

from ....services.slugs import SLUG_MAX
from ..pagination import PageArgs
from .common import ID_RANGE, LANGUAGES, SLUG, StrictSchema, patch_schema, sort_field


class CourseSchema(StrictSchema):
    """A course (its tree is read from /courses/<id>/tree)."""

    id = fields.Integer(dump_only=True)
    slug = fields.String(required=True, validate=[validate.Length(min=1, max=SLUG_MAX), SLUG])
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=10000))
    language = fields.String(load_default="fr", validate=validate.OneOf(LANGUAGES))
    published = fields.Boolean(load_default=False)
    author_id = fields.Integer(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


CourseUpdateSchema = patch_schema(CourseSchema, "CourseUpdateSchema")


class CourseListArgs(PageArgs):
    """Filters and sort of the course list."""

    q = fields.String(validate=validate.Length(max=100), metadata={"description": "In title or description"})
    published = fields.Boolean()
    author_id = fields.Integer(validate=ID_RANGE)
    sort = sort_field("title", "created_at", "slug")
