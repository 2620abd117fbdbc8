"""`/api/v1/me`: the signed-in person's own account — read and change the profile, change the
password (with the current one), export all their data as one document, delete the account.

Nothing here takes a user id: every endpoint acts on the caller, so it can only reach its own data.
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from ...auth.models import User
from ...i18n import remember_locale
from ...security import uses_bearer_token
from ...services import account_data, accounts
from .blueprint import Blueprint
from .permissions import signed_in
from .schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    AccountDeleteSchema,
    ExportSchema,
    MeUpdateSchema,
    PasswordChangeSchema,
    UserSchema,
    error_responses,
)

URL_PREFIX = "/me"
blp = Blueprint("me", __name__, description="Your own account: profile, password, export, deletion")


@blp.route("")
class Me(MethodView):
    """The signed-in person's profile."""

    @blp.response(200, UserSchema)
    @error_responses(blp, *READ_ERRORS)
    def get(self) -> User:
        """Read your profile."""
        return signed_in()

    @blp.arguments(MeUpdateSchema)
    @blp.response(200, UserSchema)
    @error_responses(blp, *WRITE_ERRORS, 409)
    def patch(self, changes: dict[str, Any]) -> User:
        """Change your username, email or language."""
        password = changes.pop("current_password", None)
        user = account_data.update_profile(signed_in(), changes, current_password=password)
        if "locale" in changes and not uses_bearer_token():
            remember_locale(user.locale)  # this browser speaks the new language at once
        return user

    @blp.arguments(AccountDeleteSchema)
    @blp.response(204)
    @error_responses(blp, *WRITE_ERRORS)
    def delete(self, payload: dict[str, Any]) -> None:
        """Delete your account and everything that belongs to it (asks for your password)."""
        account_data.delete_account(signed_in(), payload["password"])


@blp.route("/password")
class MyPassword(MethodView):
    """The signed-in person's password."""

    @blp.arguments(PasswordChangeSchema)
    @blp.response(204)
    @error_responses(blp, *WRITE_ERRORS)
    def put(self, payload: dict[str, Any]) -> None:
        """Change your password (with the current one); your browser sessions elsewhere end."""
        accounts.change_password(signed_in(), payload["current_password"], payload["new_password"])


@blp.route("/export")
class MyExport(MethodView):
    """All of the signed-in person's data."""

    @blp.response(200, ExportSchema)
    @error_responses(blp, *READ_ERRORS)
    def get(self) -> dict[str, Any]:
        """Export everything stored about you as one JSON document."""
        return account_data.export_user(signed_in())
