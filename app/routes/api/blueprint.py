"""The Blueprint every API resource module uses: flask-smorest's, with a stricter argument parser.

flask-smorest binds its parser when a view is decorated with `@bp.arguments`, so the stricter
parser is a class attribute of this subclass, not a setting changed later on the library's class.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import flask_smorest
from flask import Request
from flask_babel import gettext as _
from marshmallow import RAISE, Schema, ValidationError
from webargs.flaskparser import FlaskParser


class ApiArgumentsParser(FlaskParser):
    """webargs' Flask parser, refusing (422) what no endpoint may receive.

    * unknown query arguments and body fields, like a misspelt filter (`?publised=true`), instead
      of webargs' default of ignoring unknown query arguments;
    * text holding a NUL character anywhere (a body, a nested object, a query argument): no field
      has a use for it and PostgreSQL cannot store it.
    """

    def pre_load(
        self, location_data: Mapping[str, Any], *, schema: Schema, req: Request, location: str
    ) -> Mapping[str, Any]:
        """Refuse NUL characters, naming each field that holds one."""
        if not isinstance(location_data, Mapping):
            return location_data  # a JSON list or scalar: the schema refuses it with its own message
        bad = sorted({name for name, value in _values(location_data) if _holds_nul(value)})
        if bad:
            raise ValidationError(
                {name: [_("Ce texte contient un caractère interdit (NUL).")] for name in bad}
            )
        return location_data


def _values(data: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every (name, value) pair, a repeated query argument once per value."""
    getlist = getattr(data, "getlist", None)
    for name in data:
        for value in getlist(name) if getlist else [data[name]]:
            yield str(name), value


def _holds_nul(value: Any) -> bool:
    """True when a NUL character hides in `value`, however deeply it nests."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_holds_nul(item) for item in value)
    return False


class Blueprint(flask_smorest.Blueprint):
    """A flask-smorest Blueprint whose `@arguments` use `ApiArgumentsParser`."""

    ARGUMENTS_PARSER = ApiArgumentsParser(unknown=RAISE)
