"""`/api/v1/tokens`: the signed-in person's personal access tokens — list, create (the value is
shown once, in the creation's answer), read, revoke.

Creating a token needs the session (cookie + X-CSRFToken) or the profile page: a token cannot mint
another token, or a leaked token could outlive its own expiry and revocation.
"""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView
from flask_babel import gettext as _
from sqlalchemy import or_, select

from ...auth import tokens as token_service
from ...auth.models import ApiToken
from ...auth.policy import Action
from ...auth.session import signed_in
from ...services.errors import PermissionDenied
from ...types import utcnow
from .blueprint import Blueprint
from .pagination import page_schema, paginate
from .resource import READ_ERRORS, WRITE_ERRORS, error_responses, get_or_404
from .schemas.tokens import TokenCreatedSchema, TokenCreateSchema, TokenListArgs, TokenSchema

URL_PREFIX = "/tokens"
bp = Blueprint("tokens", __name__, description="Your personal access tokens")


def token_view(token: ApiToken, plaintext: str | None = None) -> dict[str, Any]:
    """A token as the API shows it: never its digest; its value only right after creation."""
    data: dict[str, Any] = {
        "id": token.id,
        "name": token.name,
        "prefix": token.prefix,
        "scope": token.scope,
        "created_at": token.created_at,
        "expires_at": token.expires_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
        "active": token.is_usable(utcnow()),
    }
    if plaintext is not None:
        data["token"] = plaintext
    return data


def _own_token(token_id: int, action: Action) -> ApiToken:
    return get_or_404(ApiToken, token_id, action, _("Ce jeton n'existe pas."))


@bp.route("")
class Tokens(MethodView):
    """The caller's tokens."""

    @bp.arguments(TokenListArgs, location="query")
    @bp.response(200, page_schema(TokenSchema))
    @error_responses(bp, *READ_ERRORS)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List your tokens, newest first (?active=true for the live ones only)."""
        now = utcnow()
        stmt = select(ApiToken).where(ApiToken.user_id == signed_in().id)
        live = (ApiToken.revoked_at.is_(None)) & (ApiToken.expires_at > now)
        if args.get("active") is True:
            stmt = stmt.where(live)
        elif args.get("active") is False:
            stmt = stmt.where(or_(ApiToken.revoked_at.is_not(None), ApiToken.expires_at <= now))
        page = paginate(stmt.order_by(ApiToken.created_at.desc(), ApiToken.id.desc()), args, "tokens.Tokens")
        page["items"] = [token_view(token) for token in page["items"]]
        return page

    @bp.arguments(TokenCreateSchema)
    @bp.response(201, TokenCreatedSchema)
    @error_responses(bp, *WRITE_ERRORS)
    def post(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Create a token (session only); its value is in this answer and nowhere ever again."""
        if g.get("api_token") is not None:
            raise PermissionDenied(_("Un jeton ne peut pas créer d'autre jeton : utilisez votre session."))
        token, plaintext = token_service.create_token(
            signed_in(), payload["name"], payload["scope"], days=payload["expires_in_days"]
        )
        return token_view(token, plaintext)


@bp.route("/<int:token_id>")
class TokenById(MethodView):
    """One of the caller's tokens."""

    @bp.response(200, TokenSchema)
    @error_responses(bp, *READ_ERRORS, 404)
    def get(self, token_id: int) -> dict[str, Any]:
        """Read one of your tokens."""
        return token_view(_own_token(token_id, Action.READ))

    @bp.response(204)
    @error_responses(bp, *WRITE_ERRORS, 404)
    def delete(self, token_id: int) -> None:
        """Revoke one of your tokens at once (it stays listed, revoked, for the record)."""
        token_service.revoke_token(_own_token(token_id, Action.DELETE))
