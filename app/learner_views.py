"""Views of a learner's own standing kept by each process: the dashboard page and the course
tree's JSON are built once, then served again for as long as nothing they show can have changed.

What such a view shows changes only when:

- the learner answers, or their rows are rebuilt: every claim of the learner's rows of a course
  moves the `version` of their course row (services/standings.py);
- a course changes: its revision (`courses.updated_at`) moves, and a course published, hidden,
  created or deleted changes the list of courses the learner may read;
- time passes: a shown level drops when forgetting crosses a threshold (the course row's
  `valid_until`), a review falls due, the day's score and the streak start again at midnight (UTC);
- the person changes: their row (`users.updated_at`), their language or their time zone.

So a request first reads, in one query, what tells those apart (the course rows' versions and
moments, the courses' revisions); that goes into the key with the person, and the view is kept
with the moment until which it holds. A write never has to find the views to forget: a changed
key is simply a miss, and old entries leave the store by age (least recently used first, the
store bounded by bytes). Every process keeps its own views, so two workers never disagree on
anything but which of them has built a view already.

The key is read before the view's data, never after: under PostgreSQL's READ COMMITTED a
statement may see an answer committed since the key was read, so a view may show more than its
key says, which only makes it be built again at the next request (its key has changed), never
less (SQLite reads the whole request from one snapshot).

A page view holds the session's CSRF token as a marker (as app/page_cache.py does) and each
request puts its own back. A request with flashed messages or a query string (the page's language
links carry its address) is served a fresh page and nothing is kept; with template auto-reload on
(debug), nothing is kept either.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime

from cachetools import LRUCache
from flask import current_app, request
from flask_babel import get_locale, get_timezone

from .auth.models import User
from .page_cache import cacheable, with_token, without_token
from .signing import csrf_token

EXTENSION_KEY = "learnanything.learner_views"
# A view over this size (a course of thousands of topics opened wide) is built every time rather
# than pushing everyone else's out of the store.
ITEM_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class View:
    """A kept view: its body (text for a page, bytes for JSON) and the moment it stops holding."""

    body: str | bytes
    until: datetime | None  # None: no moment of its own, only a change of key ends it

    def holds_at(self, now: datetime) -> bool:
        """True while the moment that ends the view has not come."""
        return self.until is None or now < self.until


class ViewStore:
    """The views of one application in this process, least recently used out first, by bytes."""

    def __init__(self, max_bytes: int) -> None:
        self._views: LRUCache[Hashable, View] = LRUCache(maxsize=max_bytes, getsizeof=_size)
        self._lock = threading.Lock()

    def get(self, key: Hashable, now: datetime) -> View | None:
        """The view kept under `key`, if it still holds at `now`."""
        with self._lock:
            view = self._views.get(key)
        return view if view is not None and view.holds_at(now) else None

    def put(self, key: Hashable, view: View) -> None:
        """Keep `view` under `key` (unless it is too large to be worth it)."""
        if _size(view) > min(ITEM_MAX_BYTES, self._views.maxsize):
            return
        with self._lock:
            self._views[key] = view

    def size(self) -> int:
        """Bytes the views hold now."""
        with self._lock:
            return int(self._views.currsize)

    def clear(self) -> None:
        """Forget every view (a test, or after changing what views show)."""
        with self._lock:
            self._views.clear()


def _size(view: View) -> int:
    return len(view.body) if isinstance(view.body, bytes) else len(view.body.encode())


def store() -> ViewStore:
    """The current application's store (made on first use, of LEARNER_VIEW_CACHE_BYTES)."""
    extensions = current_app.extensions
    views: ViewStore | None = extensions.get(EXTENSION_KEY)
    if views is None:
        views = extensions.setdefault(
            EXTENSION_KEY, ViewStore(int(current_app.config["LEARNER_VIEW_CACHE_BYTES"]))
        )
    return views


def _keeps_views() -> bool:
    return not current_app.jinja_env.auto_reload and bool(current_app.config["LEARNER_VIEW_CACHE_BYTES"])


def kept_json(key: Hashable, now: datetime, build: Callable[[], tuple[bytes, datetime | None]]) -> bytes:
    """The JSON document kept under `key`, or the one `build` returns (with the moment it stops
    holding), kept for the next request."""
    if not _keeps_views():
        return build()[0]
    views = store()
    view = views.get(key, now)
    if view is None:
        body, until = build()
        view = View(body, until)
        views.put(key, view)
    assert isinstance(view.body, bytes)
    return view.body


def kept_page(key: Hashable, now: datetime, render: Callable[[], tuple[str, datetime | None]]) -> str:
    """The page kept under `key` with this session's CSRF token, or the one `render` returns (with
    the moment it stops holding), kept with the token replaced by a marker."""
    if not (_keeps_views() and cacheable()) or request.query_string:  # the page links to its own URL
        return render()[0]
    views = store()
    token = csrf_token()
    view = views.get(key, now)
    if view is None:
        page, until = render()
        template = without_token(page, token)
        if template is None:
            return page
        view = View(template, until)
        views.put(key, view)
    assert isinstance(view.body, str)
    return with_token(view.body, token)


def person(user: User) -> tuple[object, ...]:
    """What a learner's views show of the person themselves: who they are (their row's revision
    covers their name and role), their language and their time zone."""
    return (user.id, user.updated_at, str(get_locale()), str(get_timezone()))
