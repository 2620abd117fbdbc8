"""Language choice: the session's, then the browser's, then French.

The choice never loads the user: a signed-in user's saved language is copied into the session at
login (and kept there by the language switch), and an API client's token carries its owner's
language into the request when the token is checked. So an error page — even one answering a lost
database — can still be worded in the visitor's language.
"""

from __future__ import annotations

from flask import current_app, g, has_request_context, request, session


def select_locale() -> str:
    """Flask-Babel locale selector: an explicit choice beats the browser's Accept-Language.

    Outside a request (a CLI command) there is no user nor browser: the default language.
    """
    if not has_request_context():
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])  # a CLI command speaks French
    supported: list[str] = current_app.config["LANGUAGES"]
    for chosen in (session.get("lang"), g.get("token_locale")):
        if chosen in supported:
            return str(chosen)
    return request.accept_languages.best_match(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_locale(locale: str | None) -> None:
    """Keep a signed-in user's saved language in the session, where `select_locale` reads it."""
    if locale in current_app.config["LANGUAGES"]:
        session["lang"] = locale


def select_timezone() -> str:
    """Every date is stored in UTC and shown in UTC until users can pick a zone."""
    return str(current_app.config["BABEL_DEFAULT_TIMEZONE"])
