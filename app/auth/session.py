"""Flask-Login wiring: who is the current user?

Browsers are identified by the session cookie, which holds the random id of a `user_sessions`
row (app/auth/user_sessions.py): the row must still be live, so logging out, revoking or letting
the session time out ends it on the server, whatever copy of the cookie exists. API clients send
`Authorization: Bearer <token>`; for those requests the cookie is ignored and only the personal
access token counts.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, flash, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..extensions import login_manager
from ..security import uses_bearer_token
from . import user_sessions
from .audit import configure_security_log
from .models import User, UserSession
from .tokens import find_usable_token, record_use

MAX_TOKEN_LENGTH = 200  # a token is 43 characters; anything much longer is not one


def configure_login(app: Flask) -> None:
    """Attach the login manager and its loaders to `app`."""
    login_manager.init_app(app)
    configure_security_log(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Connectez-vous pour accéder à cette page.")
    login_manager.login_message_category = "info"
    # A cookie that comes back from another address or browser is dropped, remember-me included.
    login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Cookie sessions (and remember-me cookies): the session row must be live and its user active."""
    if uses_bearer_token():
        return None
    record = user_sessions.find_live(session_id)
    if record is None:
        return None
    user_sessions.touch(record)
    g.user_session = record
    user = record.user
    user.bind_session(session_id)
    return user


def current_session() -> UserSession | None:
    """The `user_sessions` row of this request's browser, when it is logged in with a cookie."""
    if not current_user.is_authenticated:  # loads the user (and its row) if not done yet
        return None
    record: UserSession | None = g.get("user_session")
    return record


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


def signed_in() -> User:
    """The real User behind `current_user`, for views that have already required a login (the
    API's guards, `login_required`)."""
    user = current_user._get_current_object()
    assert isinstance(user, User)
    return user
