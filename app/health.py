"""Is this process ready to serve? Each dependency checked on its own, for `/readyz` and the API.

Liveness (`/healthz`) asks nothing of anyone: a live process answers it even when the database is
down, so an orchestrator does not restart healthy workers during a database outage. Readiness
names each dependency: the database is required (without it no page works), the rate-limit
storage is not (without Redis the limits are counted in memory, see docs/operations.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db, limiter


@dataclass(frozen=True)
class Readiness:
    """The state of each dependency and of the whole: ok, degraded (still serving) or unavailable."""

    database: str
    rate_limit_storage: str

    @property
    def ready(self) -> bool:
        """True while every required dependency answers."""
        return self.database == "ok"

    @property
    def status(self) -> str:
        """`ok`, `degraded` (an optional dependency is down) or `unavailable`."""
        if not self.ready:
            return "unavailable"
        return "ok" if self.rate_limit_storage in {"ok", "disabled"} else "degraded"

    def as_dict(self) -> dict[str, str]:
        """The document the health endpoints answer."""
        return {
            "status": self.status,
            "database": self.database,
            "rate_limit_storage": self.rate_limit_storage,
        }


def database_state() -> str:
    """`ok` when the database answers a query on a connection of its own, else `down`."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return "down"
    return "ok"


def rate_limit_storage_state() -> str:
    """`ok`, `degraded` (storage unreachable: limits counted in memory) or `disabled`."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return "disabled"
    return "ok" if limiter.storage.check() else "degraded"


def readiness() -> Readiness:
    """Check every dependency now."""
    return Readiness(database=database_state(), rate_limit_storage=rate_limit_storage_state())
