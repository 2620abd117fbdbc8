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
from ...services import account_data, accounts
from ...services.errors import PermissionDenied
from .blueprint import Blueprint
from .pagination import page_schema, paginate
from .resource import READ_ERRORS, WRITE_ERRORS, error_responses, get_or_404, sorted_by
from .schemas.users import UserCreateSchema, UserListArgs, UserSchema, UserUpdateSchema

URL_PREFIX = "/users"
bp = Blueprint("users", __name__, description="Accounts (admins only)")

SORTS = {"username": User.username, "created_at": User.created_at, "email": User.email}


def _filtered(args: dict[str, Any]) -> Select[User]:
    stmt = select(User)
    if args.get("q"):
        stmt = stmt.where(accounts.name_or_email_contains(args["q"]))
    if "role" in args:
        stmt = stmt.where(User.role == args["role"])
    if "active" in args:
        stmt = stmt.where(User.active.is_(args["active"]))
    return sorted_by(stmt, args["sort"], SORTS, User.id)


def _user(user_id: int, action: Action) -> User:
    """The account by id; a caller who is not an admin is refused (403) before any lookup."""
    require(signed_in(), Action.LIST, User)
    return get_or_404(User, user_id, action, _("Ce compte n'existe pas."))


@bp.route("")
class Users(MethodView):
    """Every account."""

    @bp.arguments(UserListArgs, location="query")
    @bp.response(200, page_schema(UserSchema))
    @error_responses(bp, *READ_ERRORS, 403)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List accounts (?q=, ?role=, ?active=, ?sort=username|-created_at…), a page at a time."""
        require(signed_in(), Action.LIST, User)
        return paginate(_filtered(args), args, "users.Users")

    @bp.arguments(UserCreateSchema)
    @bp.response(201, UserSchema)
    @error_responses(bp, *WRITE_ERRORS, 409)
    def post(self, payload: dict[str, Any]) -> User:
        """Create an account with a role (the password follows the site's rules)."""
        require(signed_in(), Action.CREATE, User)
        return accounts.register_user(
            payload["username"], payload["email"], payload["password"], role=payload["role"]
        )


@bp.route("/<int:user_id>")
class UserById(MethodView):
    """One account."""

    @bp.response(200, UserSchema)
    @error_responses(bp, *READ_ERRORS, 403, 404)
    def get(self, user_id: int) -> User:
        """Read an account."""
        return _user(user_id, Action.READ)

    @bp.arguments(UserUpdateSchema)
    @bp.response(200, UserSchema)
    @error_responses(bp, *WRITE_ERRORS, 404)
    def patch(self, changes: dict[str, Any], user_id: int) -> User:
        """Change an account's role or state (not your own: the site must keep an admin)."""
        user = _user(user_id, Action.UPDATE)
        actor = signed_in()
        if "role" in changes:
            accounts.set_role(actor, user, changes["role"])
        if "active" in changes:
            accounts.set_active(actor, user, changes["active"])
        return user

    @bp.response(204)
    @error_responses(bp, *WRITE_ERRORS, 404)
    def delete(self, user_id: int) -> None:
        """Delete an account and everything that belongs to it (yours is deleted from /me)."""
        user = _user(user_id, Action.DELETE)
        if user.id == signed_in().id:
            raise PermissionDenied(_("Supprimez votre propre compte depuis votre profil."))
        account_data.delete_account(user, "", checked=True)
