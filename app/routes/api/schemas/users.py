"""Schemas of `/api/v1/users`: accounts as admins see and change them."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ....auth.models import Role
from ..pagination import PageArgs
from .common import StrictSchema, sort_field


class UserSchema(Schema):
    """An account as an admin sees it (never the password hash nor the session token)."""

    id = fields.Integer(dump_only=True)
    username = fields.String(dump_only=True)
    email = fields.String(dump_only=True)
    role = fields.Enum(Role, by_value=True, dump_only=True)
    active = fields.Boolean(dump_only=True)
    locale = fields.String(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    last_login_at = fields.DateTime(dump_only=True, allow_none=True)


class UserCreateSchema(StrictSchema):
    """An admin creates an account (the person changes the password afterwards)."""

    username = fields.String(required=True, validate=validate.Length(min=3, max=40))
    email = fields.String(required=True, validate=validate.Length(min=3, max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=256))
    role = fields.Enum(Role, by_value=True, load_default=Role.LEARNER)


class UserUpdateSchema(StrictSchema):
    """What an admin may change on someone else's account."""

    role = fields.Enum(Role, by_value=True)
    active = fields.Boolean()


class UserListArgs(PageArgs):
    """Filters and sort of the user list."""

    q = fields.String(validate=validate.Length(max=100), metadata={"description": "In username or email"})
    role = fields.Enum(Role, by_value=True)
    active = fields.Boolean()
    sort = sort_field("username", "created_at", "email")
