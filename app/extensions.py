"""The one instance of each Flask extension.

Every module imports its extension from here; `create_app` binds them to an application.
Declaring them twice is the classic Flask bug (two SQLAlchemy registries, two sessions).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial, wraps
from typing import TYPE_CHECKING, Any

from authlib.integrations.flask_client import OAuth
from flask import Flask, g, has_app_context, request
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from limits import RateLimitItem
from limits.storage import RedisStorage
from limits.strategies import FixedWindowRateLimiter
from limits.util import WindowStats
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from .auth.login_manager import SessionLoginManager

# Named constraints make migrations portable (SQLite batch mode needs names to alter tables).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base shared by every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

# Models subclass `Model`: Flask-SQLAlchemy's `db.Model` at run time, seen by the type checker as
# the typed declarative base it is built from (mypy cannot follow `db.Model`).
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate()
login_manager = SessionLoginManager()
csrf = CSRFProtect()
babel = Babel()
# Every limit of the site is on a write (POST, PUT, PATCH, DELETE): a read is not limited.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class WriteLimiter(Limiter):
    """Flask-Limiter that lets reads through at once: no limit is resolved, no storage is touched,
    no per-request state is made for them, before or after the view.

    Flask-Limiter's own request filters are asked only after it has resolved the endpoint's
    limits and exemption scopes, and its after-request hook (the X-RateLimit headers) builds its
    request state even when no limit applied: together more than the rest of an anonymous page's
    hooks.
    """

    def init_app(self, app: Flask) -> None:
        """Flask-Limiter's `init_app`, its after-request hook then skipping reads."""
        first = self not in app.extensions.get("limiter", set())
        super().init_app(app)
        if isinstance(self._limiter, FixedWindowRateLimiter) and isinstance(self._storage, RedisStorage):
            self._limiter = CountedFixedWindow(self._storage)
        if not first:
            return
        hooks = app.after_request_funcs[None]
        for index, hook in enumerate(hooks):
            if isinstance(hook, partial) and hook.args == (self,):
                hooks[index] = _for_writes_only(hook)
        teardowns = app.teardown_request_funcs[None]
        for index, teardown in enumerate(teardowns):
            if getattr(teardown, "__self__", None) is self:
                teardowns[index] = _for_writes_only(teardown)

    def _check_request_limit(self, callable_name: str | None = None, in_middleware: bool = True) -> None:
        if request.method in READ_METHODS:
            return
        super()._check_request_limit(callable_name, in_middleware)


def _for_writes_only(hook: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`hook` (the limiter's headers, or the end of its request state) for writes; for a read its
    argument (the response, or the error) goes through untouched."""

    @wraps(hook)
    def for_writes(value: Any) -> Any:
        if request.method in READ_METHODS:
            return value
        return hook(value)

    return for_writes


# Count a hit and read the window's end in one script: the count answers the limit, and both answer
# the X-RateLimit headers of the response.
_INCR_WITH_TTL = b"""
local current = redis.call("incrby", KEYS[1], ARGV[2])
if tonumber(current) == tonumber(ARGV[2]) then
    redis.call("expire", KEYS[1], ARGV[1])
end
return {current, redis.call("ttl", KEYS[1])}
"""


class CountedFixedWindow(FixedWindowRateLimiter):
    """Flask-Limiter's fixed windows on Redis in one round trip per limited request instead of three.

    limits counts a hit with one script, then the X-RateLimit headers ask Redis again for the
    count and for the window's end. Here the hit's script returns both, and the request keeps them
    (in `g`) for its headers; outside a request, or for a window this request did not hit, the
    stats are read as limits reads them.
    """

    storage: RedisStorage

    def __init__(self, storage: RedisStorage) -> None:
        super().__init__(storage)
        self._script = storage.get_connection().register_script(_INCR_WITH_TTL)

    def hit(self, item: RateLimitItem, *identifiers: str, cost: int = 1) -> bool:
        """Count `cost` against the limit; True while the window has room for it."""
        key = item.key_for(*identifiers)
        count, ttl = self._script([self.storage.prefixed_key(key)], [item.get_expiry(), cost])
        if has_app_context():
            windows = g.setdefault("rate_limit_windows", {})
            windows[key] = WindowStats(max(int(ttl), 0) + time.time(), max(0, item.amount - int(count)))
        return int(count) <= item.amount

    def get_window_stats(self, item: RateLimitItem, *identifiers: str) -> WindowStats:
        """The window's end and what is left: as this request's hit left them, or read from Redis."""
        windows = g.get("rate_limit_windows", {}) if has_app_context() else {}
        known = windows.get(item.key_for(*identifiers))
        return known if known is not None else super().get_window_stats(item, *identifiers)


limiter = WriteLimiter(key_func=get_remote_address, default_limits=[])
api = Api()
oauth = OAuth()
mail = Mail()
compress = Compress()  # gzip / brotli / zstd for text responses (HTML, CSS, JS, JSON)
