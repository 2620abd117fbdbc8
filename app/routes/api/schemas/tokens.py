"""Schemas of `/api/v1/tokens`: personal access tokens (never their value after creation)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ....auth.models import TokenScope
from ....auth.tokens import MAX_TOKEN_DAYS
from ..pagination import PageArgs
from .common import StrictSchema


class TokenSchema(Schema):
    """A personal access token as listed: its prefix, never its value nor its digest."""

    id = fields.Integer(dump_only=True)
    name = fields.String(dump_only=True)
    prefix = fields.String(dump_only=True)
    scope = fields.Enum(TokenScope, by_value=True, dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    expires_at = fields.DateTime(dump_only=True)
    last_used_at = fields.DateTime(dump_only=True, allow_none=True)
    revoked_at = fields.DateTime(dump_only=True, allow_none=True)
    active = fields.Boolean(dump_only=True)


class TokenCreatedSchema(TokenSchema):
    """The answer to a token creation: the only time its value is ever shown."""

    token = fields.String(dump_only=True, metadata={"description": "The token value, shown once"})


class TokenCreateSchema(StrictSchema):
    """Create a token: a name to recognise it, its scope and its lifetime in days."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    scope = fields.Enum(TokenScope, by_value=True, load_default=TokenScope.READ)
    expires_in_days = fields.Integer(load_default=90, validate=validate.Range(min=1, max=MAX_TOKEN_DAYS))


class TokenListArgs(PageArgs):
    """Filters of the token list."""

    active = fields.Boolean(metadata={"description": "Only live (true) or only revoked/expired (false)"})
