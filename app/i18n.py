"""Language choice: the session's, then the browser's, then French.

The choice never loads the user: a signed-in user's saved language is copied into the session at
login (and kept there by the language switch), and an API client's token carries its owner's
language into the request when the token is checked. So an error page — even one answering a lost
database — can still be worded in the visitor's language.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from babel import Locale
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import format_decimal, get_locale, get_translations


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
    if "HTTP_ACCEPT_LANGUAGE" not in request.environ:  # no preference sent: nothing to parse
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    return request.accept_languages.best_match(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]


def selected_locale() -> Locale:
    """Flask-Babel's locale selector: `select_locale`'s choice as a Locale parsed once per process
    (parsing one looks for its data file on disk, on every request otherwise)."""
    return parsed_locale(select_locale())


@lru_cache(maxsize=16)
def parsed_locale(code: str) -> Locale:
    """The Locale of a language code (Locales are never changed once made, so one serves all)."""
    return Locale.parse(code)


def remember_locale(locale: str | None) -> None:
    """Keep a signed-in user's saved language in the session, where `select_locale` reads it."""
    if locale in current_app.config["LANGUAGES"]:
        session["lang"] = locale


def select_timezone() -> str:
    """Every date is stored in UTC and shown in UTC until users can pick a zone."""
    return str(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def plural_form(singular: str, plural: str, num: int) -> str:
    """The form of a counted message for `num`, by the rule of the language shown.

    A translated catalog carries its language's rule. French is the source language and has no
    catalog, and gettext's fallback rule (singular for 1 only) would write "0 jours": French
    takes the singular for 0 and 1, which Babel's CLDR data knows.
    """
    locale = get_locale()
    if locale is not None and locale.language == current_app.config["BABEL_DEFAULT_LOCALE"]:
        return singular if locale.plural_form(num) == "one" else plural
    return str(get_translations().ungettext(singular, plural, num))


def plural_form_in_context(context: str, singular: str, plural: str, num: int) -> str:
    """`plural_form` for a message with a context (`npgettext`)."""
    locale = get_locale()
    if locale is not None and locale.language == current_app.config["BABEL_DEFAULT_LOCALE"]:
        return singular if locale.plural_form(num) == "one" else plural
    return str(get_translations().unpgettext(context, singular, plural, num))


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """Flask-Babel's `ngettext` with the plural rule of `plural_form`, for Python code."""
    variables.setdefault("num", format_decimal(num))
    return plural_form(singular, plural, num) % variables


def install_plural_rules(app: Flask) -> None:
    """Give templates `ngettext` / `npgettext` that follow each language's plural rule."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: get_translations().ugettext(s),
        ngettext=plural_form,
        newstyle=True,
        pgettext=lambda c, s: get_translations().upgettext(c, s),
        npgettext=plural_form_in_context,
    )
