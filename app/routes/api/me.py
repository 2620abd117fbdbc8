"""`/api/v1/me`: the signed-in person's own account — read and change the profile, change the
password (with the current one), export all their data as one document, delete the account.

Nothing here takes a user id: every endpoint acts on the caller, so it can only reach its own data.
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from ...auth.models import User
from ...auth.session import current_session, signed_in
from ...extensions import limiter
from ...i18n import remember_locale
from ...security import uses_bearer_token
from ...services import account_data, accounts, mail
from ..auth import password_check_limit, signed_in_key, verification_link
from .blueprint import Blueprint
from .resource import READ_ERRORS, WRITE_ERRORS, error_responses
from .schemas.me import AccountDeleteSchema, ExportSchema, MeUpdateSchema, PasswordChangeSchema
from .schemas.users import UserSchema

URL_PREFIX = "/me"
bp = Blueprint("me", __name__, description="Your own account: profile, password, export, deletion")


@bp.route("")
class Me(MethodView):
    """The signed-in person's profile."""

    @bp.response(200, UserSchema)
    @error_responses(bp, *READ_ERRORS)
    def get(self) -> User:
        """Read your profile."""
        return signed_in()

    @bp.arguments(MeUpdateSchema)
    @bp.response(200, UserSchema)
    @error_responses(bp, *WRITE_ERRORS, 409)
    def patch(self, changes: dict[str, Any]) -> User:
        """Change your username, email or language."""
        password = changes.pop("current_password", None)
        user = signed_in()
        before = user.email
        account_data.update_profile(user, changes, current_password=password)
        if user.email != before:
            mail.send_verification(user, verification_link(user))
        if "locale" in changes and not uses_bearer_token():
            remember_locale(user.locale)  # this browser speaks the new language at once
        return user

    @limiter.limit(password_check_limit, key_func=signed_in_key)
    @bp.arguments(AccountDeleteSchema)
    @bp.response(204)
    @error_responses(bp, *WRITE_ERRORS)
    def delete(self, payload: dict[str, Any]) -> None:
        """Delete your account and everything that belongs to it (asks for your password)."""
        account_data.delete_account(signed_in(), payload["password"])


@bp.route("/password")
class MyPassword(MethodView):
    """The signed-in person's password."""

    @limiter.limit(password_check_limit, key_func=signed_in_key)
    @bp.arguments(PasswordChangeSchema)
    @bp.response(204)
    @error_responses(bp, *WRITE_ERRORS)
    def put(self, payload: dict[str, Any]) -> None:
        """Change your password (with the current one); your browser sessions elsewhere end."""
        accounts.change_password(
            signed_in(), payload["current_password"], payload["new_password"], keep=current_session()
        )


@bp.route("/export")
class MyExport(MethodView):
    """All of the signed-in person's data."""

    @bp.response(200, ExportSchema)
    @error_responses(bp, *READ_ERRORS)
    def get(self) -> dict[str, Any]:
        """Export everything stored about you as one JSON document."""
        return account_data.export_user(signed_in())
