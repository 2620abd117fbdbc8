"""Flask-Login's manager with "strong" session protection that costs an anonymous visitor nothing
and keeps a remember-me login alive.

Stock Flask-Login hashes the visitor's address and browser on every request, and in "strong" mode
empties any session without a matching hash: the session of an anonymous visitor who only holds a
CSRF token (so it is written again on every page, with a remember-me cookie deletion), and the
session a remember-me cookie has just restored (it never records the hash, so the next request
logs the person out). Here only a session that holds a login is checked, and a login restored
from the remember-me cookie records the hash as `login_user` does. A request that carries no login
at all (no user in the session, no remember-me cookie, no Authorization header) is anonymous at
once, without asking the loaders.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request, session
from flask_login import LoginManager
from flask_login.config import COOKIE_NAME


class SessionLoginManager(LoginManager):
    """`LoginManager` whose session protection guards logins only (see the module)."""

    def _load_user(self) -> Any:
        carries_login = (
            "_user_id" in session
            or current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME) in request.cookies
            or "Authorization" in request.headers
        )
        if not carries_login:
            return self._update_request_context_with_user()
        return super()._load_user()

    def _session_protection_failed(self) -> bool:
        if "_user_id" not in session:  # no login to protect: skip the hash and leave the session be
            return False
        return bool(super()._session_protection_failed())

    def _load_user_from_remember_cookie(self, cookie: str) -> Any:
        user = super()._load_user_from_remember_cookie(cookie)
        if user is not None:  # the restored login belongs to this address and browser from now on
            session["_id"] = self._session_identifier_generator()
        return user
