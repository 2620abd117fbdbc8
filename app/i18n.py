"""Language choice: the user's saved choice, then the session's, then the browser's, then French."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_login import current_user


def select_locale() -> str:
    """Flask-Babel locale selector: an explicit choice beats the browser's Accept-Language.

    Outside a request (a CLI command) there is no user nor browser: the default language.
    """
    if not has_request_context():
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])  # a CLI command speaks French
    supported: list[str] = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in supported:
        return str(current_user.locale)
    chosen = session.get("lang")
    if chosen in supported:
        return str(chosen)
    return request.accept_languages.best_match(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    """Every date is stored in UTC and shown in UTC until users can pick a zone."""
    return str(current_app.config["BABEL_DEFAULT_TIMEZONE"])
