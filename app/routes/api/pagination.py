"""Pagination for every API list: one query-args schema, one helper, one response shape.

A list answers `{"items": [...], "page", "per_page", "total", "pages", "links": {...}}`. Bad
paging input is refused with 422 (page 0, per_page 0 or above the maximum), never silently
clamped, so a client learns its mistake; a page past the end is an empty list with the true
total (200), so a client can stop without guessing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from flask import current_app, request, url_for
from marshmallow import Schema, fields, validate
from sqlalchemy import Select

from ...services import records

DEFAULT_PER_PAGE = 20
MAX_PAGE = 2**31 - 1  # beyond, the offset would overflow a database integer
MAX_PER_PAGE = 100  # mirrors Config.API_PAGE_MAX; the schema needs the number at import time


class PageArgs(Schema):
    """Query arguments of a paginated list; a resource's list args subclass it to add filters."""

    page = fields.Integer(
        load_default=1,
        validate=validate.Range(min=1, max=MAX_PAGE),
        metadata={"description": "Page number, from 1"},
    )
    per_page = fields.Integer(
        load_default=DEFAULT_PER_PAGE,
        validate=validate.Range(min=1, max=MAX_PER_PAGE),
        metadata={"description": f"Items per page, 1 to {MAX_PER_PAGE}"},
    )


class PageLinksSchema(Schema):
    """Links to walk a list: relative URLs that keep the list's filters and sort."""

    self = fields.String(required=True)
    first = fields.String(required=True)
    last = fields.String(required=True)
    prev = fields.String(required=True, allow_none=True)
    next = fields.String(required=True, allow_none=True)


_page_schemas: dict[type[Schema], type[Schema]] = {}


def page_schema(item_schema: type[Schema]) -> type[Schema]:
    """The response schema of a page of `item_schema` (built once per item schema).

    Caching matters: apispec names components after the class, and two classes with one name
    would collide in the OpenAPI document.
    """
    if item_schema not in _page_schemas:
        base = item_schema.__name__.removesuffix("Schema")
        _page_schemas[item_schema] = type(
            f"{base}PageSchema",
            (Schema,),
            {
                "__doc__": f"A page of {base} items with its total and links.",
                "items": fields.List(fields.Nested(item_schema), required=True),
                "page": fields.Integer(required=True),
                "per_page": fields.Integer(required=True),
                "total": fields.Integer(required=True),
                "pages": fields.Integer(required=True),
                "links": fields.Nested(PageLinksSchema, required=True),
            },
        )
    return _page_schemas[item_schema]


def paginate(
    select_stmt: Select[Any], args: dict[str, Any], endpoint: str, **url_values: Any
) -> dict[str, Any]:
    """Run one page of `select_stmt` (already filtered and sorted) and describe the whole list.

    `args` holds the loaded `page` and `per_page`; `endpoint` and `url_values` build the links,
    which also carry the request's other query arguments (filters, sort) unchanged.
    """
    page, per_page = _page_and_size(args)
    items, total = records.page_of(select_stmt, page, per_page)
    return _page(items, page, per_page, total, endpoint, url_values)


def paginate_list(
    whole: Sequence[Any], args: dict[str, Any], endpoint: str, **url_values: Any
) -> dict[str, Any]:
    """One page of a list a service computes whole (short and bounded, such as a session of
    exercises), in the same shape as `paginate`."""
    page, per_page = _page_and_size(args)
    start = (page - 1) * per_page
    return _page(list(whole[start : start + per_page]), page, per_page, len(whole), endpoint, url_values)


def _page_and_size(args: dict[str, Any]) -> tuple[int, int]:
    """The requested page number and size, the size capped by the configured maximum."""
    page: int = args.get("page", 1)
    per_page: int = min(
        args.get("per_page", DEFAULT_PER_PAGE), current_app.config.get("API_PAGE_MAX", MAX_PER_PAGE)
    )
    return page, per_page


def _page(
    items: list[Any], page: int, per_page: int, total: int, endpoint: str, url_values: dict[str, Any]
) -> dict[str, Any]:
    """The page document: its items, the list's size, and links that keep the other query arguments."""
    pages = math.ceil(total / per_page)
    last = max(pages, 1)

    kept: dict[str, Any] = {
        key: values for key, values in request.args.lists() if key not in {"page", "per_page"}
    }

    def link(number: int) -> str:
        return url_for(endpoint, **url_values, **kept, page=number, per_page=per_page)

    return {
        "items": items,
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": pages,
        "links": {
            "self": link(page),
            "first": link(1),
            "last": link(last),
            "prev": link(min(page - 1, last)) if page > 1 else None,
            "next": link(page + 1) if page < pages else None,
        },
    }
