"""Reading rows for the API's resource template: one row by id, one page of a statement.

The views build their statements (filters, sort) from plain SQLAlchemy expressions; running them
is the job of this module, so no route module touches the database session.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, func, select

from ..extensions import Model, db

M = TypeVar("M", bound=Model)


def by_id(model: type[M], object_id: int) -> M | None:
    """The row of `model` with this primary key, or None."""
    return db.session.get(model, object_id)


def page_of(statement: Select[Any], page: int, per_page: int) -> tuple[list[Any], int]:
    """One page of `statement`'s rows (1-based `page`) and the number of rows of the whole list."""
    count = select(func.count()).select_from(statement.order_by(None).subquery())
    total: int = db.session.scalar(count) or 0
    rows = list(db.session.scalars(statement.limit(per_page).offset((page - 1) * per_page)))
    return rows, total
