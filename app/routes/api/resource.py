"""The template every API resource follows: sort, search and load-with-permission, and the one way
to declare the error statuses an operation can answer.

A resource module (see items.py, the smallest) declares its blueprint `bp` and `URL_PREFIX`, its
schemas in `schemas/<resource>.py`, a `SORTS` whitelist for `?sort=`, and builds its list with
`sorted_by(text_filter(select(Model).where(policy filter), args.get("q"), columns…), …)` and its
single-object views with `get_or_404(Model, id, action)`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any, TypeVar

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, func, or_
from sqlalchemy.orm import InstrumentedAttribute

from ...auth.policy import Action, can, require
from ...auth.session import signed_in
from ...extensions import Model
from ...services import records
from ...services.errors import InvalidInput, NotFound
from ...services.search import like_pattern
from .blueprint import Blueprint

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M", bound=Model)
Row = TypeVar("Row")

Column = InstrumentedAttribute[Any] | ColumnElement[Any]

# The guards of `register_api` answer 401 on every private endpoint and 403/413/415/429 on writes.
READ_ERRORS = (401,)
WRITE_ERRORS = (401, 403, 413, 415, 429)


def error_responses(bp: Blueprint, *codes: int) -> Callable[[F], F]:
    """Declare in the OpenAPI document the error statuses an operation can answer (with the envelope).

    The only way an operation declares its errors: READ_ERRORS or WRITE_ERRORS for what the guards
    answer, plus 404, 409 and 422 where the view can raise them.
    """

    def decorator(view: F) -> F:
        for code in sorted(set(codes), reverse=True):
            view = bp.alt_response(code, response=HTTPStatus(code).name)(view)
        return view

    return decorator


def sorted_by(
    statement: Select[Row], sort: str, columns: Mapping[str, Column], tiebreak: Column
) -> Select[Row]:
    """Order by the `?sort=` key (`name`, or `-name` descending), one of the whitelisted `columns`
    (the list's schema has refused any other with 422), then by `tiebreak` so pages are stable."""
    column = columns[sort.lstrip("-")]
    return statement.order_by(column.desc() if sort.startswith("-") else column.asc(), tiebreak)


def text_filter(statement: Select[Row], text: str | None, *columns: Column) -> Select[Row]:
    """Keep the rows where one of `columns` contains `text` (`?q=`), ignoring case; the visitor's
    own % and _ are plain characters. No text, no filter."""
    if not text:
        return statement
    pattern = like_pattern(text)
    return statement.where(or_(*(func.lower(column).like(pattern, escape="\\") for column in columns)))


def get_or_404(model: type[M], object_id: int, action: Action, message: str | None = None) -> M:
    """The row if the caller may do `action` on it. A missing row and one the caller may not read
    answer the same NotFound (`message`), so ids tell nothing; a readable one they may not act on
    answers PermissionDenied."""
    user = signed_in()
    obj = records.by_id(model, object_id)
    if obj is None or not can(user, Action.READ, obj):
        raise NotFound(message or _("Cette ressource n'existe pas."))
    require(user, action, obj)
    return obj


def parent_or_422(model: type[M], object_id: int, field: str, message: str) -> M:
    """The object a new one will hang under (a topic's course, a question's topic), named by the
    body's `field`. A missing one and one the caller may not read answer the same 422 on `field`."""
    parent = records.by_id(model, object_id)
    if parent is None or not can(signed_in(), Action.READ, parent):
        raise InvalidInput(message, fields={field: [message]})
    return parent
