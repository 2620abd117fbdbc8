"""Schemas of `/api/v1/items`: learning resources."""

from __future__ import annotations

from marshmallow import fields, validate

from ..pagination import PageArgs
from .common import ID_RANGE, StrictSchema, patch_schema, sort_field


class ItemSchema(StrictSchema):
    """A learning resource."""

    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    url = fields.Url(
        allow_none=True, load_default=None, schemes={"http", "https"}, validate=validate.Length(max=500)
    )
    course_id = fields.Integer(allow_none=True, load_default=None, validate=ID_RANGE)
    topic_id = fields.Integer(allow_none=True, load_default=None, validate=ID_RANGE)
    created_at = fields.DateTime(dump_only=True)


ItemUpdateSchema = patch_schema(ItemSchema, "ItemUpdateSchema")


class ItemListArgs(PageArgs):
    """Filters and sort of the item list."""

    q = fields.String(validate=validate.Length(max=100), metadata={"description": "In name or description"})
    course_id = fields.Integer(validate=ID_RANGE)
    sort = sort_field("name", "created_at")
