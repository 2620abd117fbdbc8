"""Flask-Login wiring: who is the current user?

Browsers are identified by the session cookie, which holds the user's session token (so
rotating the token logs every browser out). API clients send `Authorization: Bearer <token>`;
for those requests the cookie is ignored and only the personal access token counts.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, flash, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db, login_manager
from ..security import uses_bearer_token
from .models import User
from .tokens import find_usable_token, record_use


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
    plaintext = (
        req.headers["Authorization"].split(None, 1)[1].strip() if " " in req.headers["Authorization"] else ""
    )
    token = find_usable_token(plaintext)
    if token is None:
        return None
    record_use(token)
    g.api_token = token
    return token.user


@login_manager.unauthorized_handler
def unauthorized() -> Any:
    """JSON 401 for the API; a redirect to the login page, remembering where to come back, for pages."""
    from ..errors import error_response

    if request.path.startswith("/api/"):
        return error_response(401, headers={"WWW-Authenticate": 'Bearer realm="LearnAnything"'})
    flash(str(login_manager.login_message), str(login_manager.login_message_category))
    return redirect(url_for("auth.login_page", next=request.full_path.rstrip("?")))


def signed_in() -> User:
    """The real User behind `current_user`, for views that have already required a login (the
    API's guards, `login_required`)."""
    user = current_user._get_current_object()
    assert isinstance(user, User)
    return user
