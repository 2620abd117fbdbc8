"""Rendered pages that are the same for every anonymous visitor, kept per process.

The inscription page is what every visitor sees first, and rendering it (two forms, the field
macro, about twenty translated strings) costs several times the rest of the request. Its HTML
depends only on the language, the form it opens on and the configuration; the one per-visitor part
is the session's CSRF token. So the page is rendered once per language and mode, the token is
replaced by a marker in the stored copy, and each request puts its own token back.

A request that carries anything else of its own (flashed messages, form errors, a query string)
is rendered in full and never stored. With template auto-reload on (debug), nothing is cached.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import current_app, session

from .signing import csrf_token

TOKEN_MARKER = "\x00csrf-token\x00"  # noqa: S105 (a marker, not a secret; NUL never reaches a page)
EXTENSION_KEY = "learnanything.page_cache"


def _store() -> dict[Hashable, str]:
    store: dict[Hashable, str] = current_app.extensions.setdefault(EXTENSION_KEY, {})
    return store


def cacheable() -> bool:
    """True when the page may come from the cache: no flashed message waits in the session and
    templates are not reloaded from disk on change."""
    return "_flashes" not in session and not current_app.jinja_env.auto_reload


def cached_page(key: Hashable, render: Callable[[], str]) -> str:
    """The page stored under `key` with this session's CSRF token, rendering it on first use.

    `render` must produce the page for the current request; the token it embeds (the session's,
    created now if the session had none) is swapped for the marker before storing.
    """
    token = csrf_token()
    store = _store()
    template = store.get(key)
    if template is None:
        page = render()
        template = without_token(page, token)
        if template is None:
            return page
        store[key] = template
    return with_token(template, token)


def without_token(page: str, token: str) -> str | None:
    """The page with the session's CSRF `token` replaced by the marker, ready to keep for every
    session; None when the page holds no token (nothing to personalise: cannot happen with
    base.html, but stay safe)."""
    return page.replace(token, TOKEN_MARKER) if token in page else None


def with_token(template: str, token: str) -> str:
    """A kept page with this session's CSRF `token` put back."""
    return template.replace(TOKEN_MARKER, token)


def clear() -> None:
    """Forget every stored page of the current application (after changing what they show)."""
    _store().clear()
