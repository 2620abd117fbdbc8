"""Flask-Login wiring: who is the current user?

Browsers are identified by the session cookie, which holds the user's session token (so
rotating the token logs every browser out). API clients send `Authorization: Bearer <token>`;
for those requests the cookie is ignored and only the personal access token counts.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, flash, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db, login_manager
from ..security import uses_bearer_token
from .models import User
from .tokens import find_usable_token, record_use

MAX_TOKEN_LENGTH = 200  # a token is 43 characters; anything much longer is not one


def configure_login(app: Flask) -> None:
    """Attach the login manager and its loaders to `app`."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Connectez-vous pour accéder à cette page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(session_token: str) -> User | None:
    """Cookie sessions: the session token must still be the user's current one."""
    if uses_bearer_token():
        return None
    return db.session.scalar(select(User).where(User.session_token == session_token, User.active.is_(True)))


@login_manager.request_loader
def load_user_from_token(req: Request) -> User | None:
    """API clients: a valid Bearer token logs its owner in for this request only."""
    if not uses_bearer_token():
        return None
    token = find_usable_token(bearer_credentials(req.headers.get("Authorization", "")))
    if token is None:
        return None
    record_use(token)
    g.api_token = token
    g.token_locale = token.user.locale  # the locale selector reads it without loading the user again
    return token.user


def bearer_credentials(header: str) -> str:
    """The token of an `Authorization: Bearer <token>` header, or "" when there is none to check.

    Whatever a client sends — no value, only whitespace (Unicode's included), a value far longer
    than any token — ends as "", which matches no token: the request is anonymous and the API
    answers 401, never 500.
    """
    _scheme, _, value = header.partition(" ")
    value = value.strip()
    if not value or len(value) > MAX_TOKEN_LENGTH or any(char.isspace() for char in value):
        return ""
    return value


@login_manager.unauthorized_handler
def unauthorized() -> Any:
    """JSON 401 for the API; a redirect to the login page, remembering where to come back, for pages."""
    from ..errors import error_response

    if request.path.startswith("/api/"):
        return error_response(401, headers={"WWW-Authenticate": 'Bearer realm="LearnAnything"'})
    flash(str(login_manager.login_message), str(login_manager.login_message_category))
    return redirect(url_for("auth.login_page", next=request.full_path.rstrip("?")))
