"""`/api/v1/items`: the learning resources — every signed-in role reads, authors and admins write."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select

from ...extensions import db
from ...models import Item
from ...services import authoring
from ...services.errors import NotFound
from ...services.search import like_pattern
from .blueprint import Blueprint
from .pagination import page_schema, paginate
from .permissions import Action, require, signed_in
from .schemas import READ_ERRORS, WRITE_ERRORS, ItemListArgs, ItemSchema, ItemUpdateSchema, error_responses

URL_PREFIX = "/items"
blp = Blueprint("items", __name__, description="Learning resources")

SORTS = {"name": Item.name, "created_at": Item.created_at}


def _filtered(args: dict[str, Any]) -> Select[Item]:
    stmt = select(Item)
    if args.get("q"):
        pattern = like_pattern(args["q"])
        stmt = stmt.where(
            or_(
                func.lower(Item.name).like(pattern, escape="\\"),
                func.lower(Item.description).like(pattern, escape="\\"),
            )
        )
    if "course_id" in args:
        stmt = stmt.where(Item.course_id == args["course_id"])
    sort: str = args["sort"]
    column = SORTS[sort.lstrip("-")]
    return stmt.order_by(column.desc() if sort.startswith("-") else column.asc(), Item.id)


def _item(item_id: int, action: Action) -> Item:
    item = db.session.get(Item, item_id)
    if item is None:
        raise NotFound(_("Cette ressource n'existe pas."))
    require(signed_in(), action, item)
    return item


@blp.route("")
class Items(MethodView):
    """Every learning resource."""

    @blp.arguments(ItemListArgs, location="query")
    @blp.response(200, page_schema(ItemSchema))
    @error_responses(blp, *READ_ERRORS)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List resources (?q=, ?course_id=, ?sort=name|-created_at…), a page at a time."""
        return paginate(_filtered(args), args, "items.Items")

    @blp.arguments(ItemSchema)
    @blp.response(201, ItemSchema)
    @error_responses(blp, *WRITE_ERRORS, 409)
    def post(self, payload: dict[str, Any]) -> Item:
        """Add a resource (authors and admins)."""
        require(signed_in(), Action.CREATE, Item)
        return authoring.save_item(Item(), payload)


@blp.route("/<int:item_id>")
class ItemById(MethodView):
    """One learning resource."""

    @blp.response(200, ItemSchema)
    @error_responses(blp, *READ_ERRORS, 404)
    def get(self, item_id: int) -> Item:
        """Read a resource."""
        return _item(item_id, Action.READ)

    @blp.arguments(ItemUpdateSchema)
    @blp.response(200, ItemSchema)
    @error_responses(blp, *WRITE_ERRORS, 404, 409)
    def patch(self, changes: dict[str, Any], item_id: int) -> Item:
        """Change some fields of a resource (authors and admins)."""
        return authoring.save_item(_item(item_id, Action.UPDATE), changes)

    @blp.response(204)
    @error_responses(blp, *WRITE_ERRORS, 404)
    def delete(self, item_id: int) -> None:
        """Delete a resource (authors and admins)."""
        authoring.delete_item(_item(item_id, Action.DELETE))
