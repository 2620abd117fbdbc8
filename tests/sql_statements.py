"""Counting the SQL a piece of code sends: what the query-count tests of the tree, the answer, the
dashboard and signing in assert on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from app import db


@contextmanager
def counted_queries() -> Iterator[list[str]]:
    """Every SQL statement sent while the block runs, in order."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
