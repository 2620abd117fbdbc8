"""`/api/v1/users`: account administration, for admins only — list (filter by role, state, text),
create, read, change role or state, delete. Password hashes and session tokens never leave.
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_babel import gettext as _
from sqlalchemy import Select, select

from ...auth.models import User
from ...auth.policy import Action, require
from ...auth.session import signed_in
from ...extensions import db
from ...services import account_data, accounts
from ...services.errors import NotFound, PermissionDenied
from .blueprint import Blueprint
from .pagination import page_schema, paginate
from .schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    UserCreateSchema,
    UserListArgs,
    UserSchema,
    UserUpdateSchema,
    error_responses,
)

URL_PREFIX = "/users"
blp = Blueprint("users", __name__, description="Accounts (admins only)")

SORTS = {"username": User.username, "created_at": User.created_at, "email": User.email}


def _filtered(args: dict[str, Any]) -> Select[User]:
    stmt = select(User)
    if args.get("q"):
        stmt = stmt.where(accounts.name_or_email_contains(args["q"]))
    if "role" in args:
        stmt = stmt.where(User.role == args["role"])
    if "active" in args:
        stmt = stmt.where(User.active.is_(args["active"]))
    sort: str = args["sort"]
    column = SORTS[sort.lstrip("-")]
    return stmt.order_by(column.desc() if sort.startswith("-") else column.asc(), User.id)


def _user(user_id: int) -> User:
    """The account by id (the caller is an admin: a missing one is simply 404)."""
    require(signed_in(), Action.LIST, User)
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("Ce compte n'existe pas."))
    return user


@blp.route("")
class Users(MethodView):
    """Every account."""

    @blp.arguments(UserListArgs, location="query")
    @blp.response(200, page_schema(UserSchema))
    @error_responses(blp, *READ_ERRORS, 403)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List accounts (?q=, ?role=, ?active=, ?sort=username|-created_at…), a page at a time."""
        require(signed_in(), Action.LIST, User)
        return paginate(_filtered(args), args, "users.Users")

    @blp.arguments(UserCreateSchema)
    @blp.response(201, UserSchema)
    @error_responses(blp, *WRITE_ERRORS, 409)
    def post(self, payload: dict[str, Any]) -> User:
        """Create an account with a role (the password follows the site's rules)."""
        require(signed_in(), Action.CREATE, User)
        return accounts.register_user(
            payload["username"], payload["email"], payload["password"], role=payload["role"]
        )


@blp.route("/<int:user_id>")
class UserById(MethodView):
    """One account."""

    @blp.response(200, UserSchema)
    @error_responses(blp, *READ_ERRORS, 403, 404)
    def get(self, user_id: int) -> User:
        """Read an account."""
        return _user(user_id)

    @blp.arguments(UserUpdateSchema)
    @blp.response(200, UserSchema)
    @error_responses(blp, *WRITE_ERRORS, 404)
    def patch(self, changes: dict[str, Any], user_id: int) -> User:
        """Change an account's role or state (not your own: the site must keep an admin)."""
        user = _user(user_id)
        actor = signed_in()
        if "role" in changes:
            accounts.set_role(actor, user, changes["role"])
        if "active" in changes:
            accounts.set_active(actor, user, changes["active"])
        return user

    @blp.response(204)
    @error_responses(blp, *WRITE_ERRORS, 404)
    def delete(self, user_id: int) -> None:
        """Delete an account and everything that belongs to it (yours is deleted from /me)."""
        user = _user(user_id)
        if user.id == signed_in().id:
            raise PermissionDenied(_("Supprimez votre propre compte depuis votre profil."))
        account_data.delete_account(user, "", checked=True)
