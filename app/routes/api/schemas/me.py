"""Schemas of `/api/v1/me`: one's own profile, password, export and account deletion."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .common import LANGUAGES, StrictSchema
from .users import UserSchema


class MeUpdateSchema(StrictSchema):
    """What a person may change on their own profile."""

    username = fields.String(validate=validate.Length(min=3, max=40))
    email = fields.String(validate=validate.Length(min=3, max=254))
    locale = fields.String(allow_none=True, validate=validate.OneOf(LANGUAGES))
    current_password = fields.String(
        load_only=True,
        validate=validate.Length(max=256),
        metadata={"description": "Needed to change the email of an account that has a password"},
    )


class PasswordChangeSchema(StrictSchema):
    """Change one's password: the current one proves it is really them."""

    current_password = fields.String(required=True, load_only=True, validate=validate.Length(max=256))
    new_password = fields.String(required=True, load_only=True, validate=validate.Length(max=256))


class AccountDeleteSchema(StrictSchema):
    """Deleting one's account asks for the password (accounts without one, e.g. Google, skip it)."""

    password = fields.String(load_only=True, load_default="", validate=validate.Length(max=256))


class ExportSchema(Schema):
    """All of one person's data as one JSON document (GDPR-style export)."""

    exported_at = fields.DateTime(required=True)
    profile = fields.Nested(UserSchema, required=True)
    preferences = fields.Dict(required=True)
    tokens = fields.List(fields.Dict(), required=True)
    attempts = fields.List(fields.Dict(), required=True)
    review_states = fields.List(fields.Dict(), required=True)
    masteries = fields.List(fields.Dict(), required=True)
    courses = fields.List(fields.Dict(), required=True, metadata={"description": "Courses authored"})
    course_images = fields.List(
        fields.Dict(), required=True, metadata={"description": "Images uploaded to courses (their metadata)"}
    )
    contact_messages = fields.List(fields.Dict(), required=True)
    account_security = fields.Dict(
        required=True,
        metadata={"description": "Address verification, two-factor and consent dates (never a secret)"},
    )
    sessions = fields.List(fields.Dict(), required=True, metadata={"description": "Browser sessions"})
    generations = fields.List(
        fields.Dict(),
        required=True,
        metadata={"description": "Course generations asked of the language model: request, source, cost"},
    )
    explanations = fields.List(
        fields.Dict(),
        required=True,
        metadata={"description": "Explanations written with your own notes (others are shared, not yours)"},
    )
