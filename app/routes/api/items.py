"""`/api/v1/items`: the learning resources. An item of a course is listed and read where its
course is readable and written by that course's author and admins; a site-wide item (no course)
is read by everyone signed in and written by admins (app/auth/policy.py)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_babel import gettext as _
from sqlalchemy import Select, select

from ...auth.models import User
from ...auth.policy import Action, readable_items, require
from ...auth.session import signed_in
from ...models import Item
from ...services import authoring
from .blueprint import Blueprint
from .pagination import page_schema, paginate
from .resource import READ_ERRORS, WRITE_ERRORS, error_responses, get_or_404, sorted_by, text_filter
from .schemas.items import ItemListArgs, ItemSchema, ItemUpdateSchema

URL_PREFIX = "/items"
bp = Blueprint("items", __name__, description="Learning resources")

SORTS = {"name": Item.name, "created_at": Item.created_at}


def _filtered(args: dict[str, Any]) -> Select[Item]:
    stmt = select(Item).where(readable_items(signed_in()))
    stmt = text_filter(stmt, args.get("q"), Item.name, Item.description)
    if "course_id" in args:
        stmt = stmt.where(Item.course_id == args["course_id"])
    return sorted_by(stmt, args["sort"], SORTS, Item.id)


def _item(item_id: int, action: Action) -> Item:
    return get_or_404(Item, item_id, action, _("Cette ressource n'existe pas."))


def _require_target(user: User, item: Item, changes: dict[str, Any]) -> None:
    """The course and topic the item will point at must exist for the caller (a course they cannot
    read answers like a missing one, 422), and the caller must be allowed to write there (403)."""
    course_id = changes.get("course_id", item.course_id)
    topic_id = changes.get("topic_id", item.topic_id)
    authoring.check_item_links(course_id, topic_id, reader=user)
    require(user, Action.CREATE, Item(course_id=course_id, topic_id=topic_id))


@bp.route("")
class Items(MethodView):
    """The learning resources the caller can read."""

    @bp.arguments(ItemListArgs, location="query")
    @bp.response(200, page_schema(ItemSchema))
    @error_responses(bp, *READ_ERRORS)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List resources (?q=, ?course_id=, ?sort=name|-created_at…), a page at a time."""
        return paginate(_filtered(args), args, "items.Items")

    @bp.arguments(ItemSchema)
    @bp.response(201, ItemSchema)
    @error_responses(bp, *WRITE_ERRORS, 409)
    def post(self, payload: dict[str, Any]) -> Item:
        """Add a resource to a course of yours (site-wide resources: admins)."""
        user = signed_in()
        item = Item()
        _require_target(user, item, payload)
        return authoring.save_item(item, payload, reader=user)


@bp.route("/<int:item_id>")
class ItemById(MethodView):
    """One learning resource."""

    @bp.response(200, ItemSchema)
    @error_responses(bp, *READ_ERRORS, 404)
    def get(self, item_id: int) -> Item:
        """Read a resource."""
        return _item(item_id, Action.READ)

    @bp.arguments(ItemUpdateSchema)
    @bp.response(200, ItemSchema)
    @error_responses(bp, *WRITE_ERRORS, 404, 409)
    def patch(self, changes: dict[str, Any], item_id: int) -> Item:
        """Change some fields of a resource of your course (site-wide resources: admins)."""
        user = signed_in()
        item = _item(item_id, Action.UPDATE)
        _require_target(user, item, changes)
        return authoring.save_item(item, changes, reader=user)

    @bp.response(204)
    @error_responses(bp, *WRITE_ERRORS, 404)
    def delete(self, item_id: int) -> None:
        """Delete a resource of your course (site-wide resources: admins)."""
        authoring.delete_item(_item(item_id, Action.DELETE))
