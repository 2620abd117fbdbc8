"""Column types shared by the models.

`UTCDateTime` stores timezone-aware UTC datetimes and always hands back aware UTC values, on
SQLite (which forgets the zone) as on PostgreSQL (which keeps it).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """The current time as an aware UTC datetime; the only clock the models use."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A DateTime column that refuses naive values and returns aware UTC datetimes."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Store aware datetimes as UTC; a naive one is a bug and is refused."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; use app.types.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Read back aware UTC datetimes (SQLite returns naive ones)."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class utc_date(FunctionElement[date]):  # noqa: N801 (an SQL function, named like one)
    """The UTC calendar day of a `UTCDateTime` column, computed by the database: counting the
    days with activity then reads one row per day rather than one per answer."""

    type = Date()
    name = "utc_date"
    inherit_cache = True


@compiles(utc_date)
def _utc_date_sqlite(element: utc_date, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite stores the UTC value as text ("YYYY-MM-DD HH:MM:SS.ffffff"): its date() is the UTC day.
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(utc_date, "postgresql")
def _utc_date_postgresql(element: utc_date, compiler: SQLCompiler, **kw: Any) -> str:
    # timestamptz: the day in UTC, whatever the session's time zone.
    return f"date(timezone('UTC', {compiler.process(element.clauses, **kw)}))"
