"""The API's marshmallow schemas: what each resource accepts and what it answers.

Input schemas refuse unknown fields (marshmallow's RAISE, stated explicitly) and read-only fields
(`dump_only`, which marshmallow treats as unknown on load), so a body never silently sets an id,
a role, an owner or a score. Output schemas list every field a client may rely on.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from http import HTTPStatus
from typing import Any, TypeVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import RAISE, Schema, ValidationError, fields, missing, validate, validates_schema

from ...auth.models import Role, TokenScope
from ...auth.tokens import MAX_TOKEN_DAYS
from ...models import QuestionKind
from .blueprint import Blueprint
from .pagination import PageArgs

F = TypeVar("F", bound=Callable[..., Any])

# Ids are 32-bit integers in PostgreSQL: a larger number is refused (422), never sent to the database.
MAX_ID = 2**31 - 1
ID_RANGE = validate.Range(min=1, max=MAX_ID)

SLUG = validate.Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", error=_l("Lettres minuscules, chiffres et tirets."))
LANGUAGES = ("fr", "en")


class StrictSchema(Schema):
    """Base of every input body: unknown and read-only fields are errors, never ignored."""

    class Meta:
        """marshmallow options: an unknown field is a validation error."""

        unknown = RAISE


def patch_schema(schema_cls: type[Schema], name: str) -> type[Schema]:
    """The PATCH twin of an input schema: the same writable fields, none required, no defaults.

    A named class rather than `Schema(partial=True)`: the OpenAPI document needs one name per shape.
    """
    declared: dict[str, Any] = {}
    for field_name, field in schema_cls._declared_fields.items():
        if field.dump_only:
            continue  # absent from the twin, so RAISE still refuses it
        clone = copy.deepcopy(field)
        clone.required = False
        clone.load_default = missing
        declared[field_name] = clone
    doc = f"Change some fields of a {schema_cls.__name__.removesuffix('Schema')}."
    return type(name, (StrictSchema,), {"__doc__": doc, **declared})


def sort_field(*names: str) -> fields.String:
    """A `?sort=` argument accepting `name` (ascending) or `-name` (descending) for each name."""
    choices = [prefix + name for name in names for prefix in ("", "-")]
    return fields.String(
        load_default=names[0],
        validate=validate.OneOf(choices),
        metadata={"description": "Sort key; a leading '-' sorts descending"},
    )


# --- errors -------------------------------------------------------------------------------------


class FileProblemSchema(Schema):
    """One problem of an uploaded file: where (a line, or a path in a JSON document) and what."""

    line = fields.Integer(allow_none=True, required=True, metadata={"example": 12})
    message = fields.String(
        required=True, metadata={"example": "La réponse « Mars » n'est pas l'un des choix."}
    )
    path = fields.String(metadata={"example": "topics[0].questions[3].answers"})


class ErrorBodySchema(Schema):
    """The inside of the error envelope."""

    status = fields.Integer(required=True, metadata={"example": 422})
    title = fields.String(required=True, metadata={"example": "Unprocessable Entity"})
    message = fields.String(required=True, metadata={"example": "Certaines données sont invalides."})
    field_errors = fields.Dict(
        data_key="fields",
        keys=fields.String(),
        values=fields.Raw(),
        metadata={"description": "Field name → list of messages (validation errors only)"},
    )
    errors = fields.List(
        fields.Nested(FileProblemSchema),
        metadata={"description": "Every problem of an uploaded course file (imports only)"},
    )


class ErrorEnvelopeSchema(Schema):
    """Every error status answers this one envelope."""

    error = fields.Nested(ErrorBodySchema, required=True)


# --- users and me -------------------------------------------------------------------------------


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
    contact_messages = fields.List(fields.Dict(), required=True)


# --- tokens -------------------------------------------------------------------------------------


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


# --- items --------------------------------------------------------------------------------------


class ItemSchema(StrictSchema):
    """A learning resource."""

    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    url = fields.Url(
        allow_none=True, load_default=None, schemes={"http", "https"}, validate=validate.Length(max=500)
    )
    course_id = fields.Integer(allow_none=True, load_default=None, validate=ID_RANGE)
    topic_id = fields.Integer(allow_none=True, load_default=None, validate=ID_RANGE)
    created_at = fields.DateTime(dump_only=True)


ItemUpdateSchema = patch_schema(ItemSchema, "ItemUpdateSchema")


class ItemListArgs(PageArgs):
    """Filters and sort of the item list."""

    q = fields.String(validate=validate.Length(max=100), metadata={"description": "In name or description"})
    course_id = fields.Integer(validate=ID_RANGE)
    sort = sort_field("name", "created_at")


# --- courses, topics, questions -----------------------------------------------------------------


class CourseSchema(StrictSchema):
    """A course (its tree is read from /courses/<id>/tree)."""

    id = fields.Integer(dump_only=True)
    slug = fields.String(required=True, validate=[validate.Length(min=1, max=80), SLUG])
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=10000))
    language = fields.String(load_default="fr", validate=validate.OneOf(LANGUAGES))
    published = fields.Boolean(load_default=False)
    author_id = fields.Integer(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


CourseUpdateSchema = patch_schema(CourseSchema, "CourseUpdateSchema")


class CourseListArgs(PageArgs):
    """Filters and sort of the course list."""

    q = fields.String(validate=validate.Length(max=100), metadata={"description": "In title or description"})
    published = fields.Boolean()
    author_id = fields.Integer(validate=ID_RANGE)
    sort = sort_field("title", "created_at", "slug")


class TopicSchema(StrictSchema):
    """A node of a course tree; a topic without children is a leaf and holds questions."""

    id = fields.Integer(dump_only=True)
    course_id = fields.Integer(required=True, validate=ID_RANGE)
    parent_id = fields.Integer(allow_none=True, load_default=None, validate=ID_RANGE)
    position = fields.Integer(load_default=0, validate=validate.Range(min=0, max=100000))
    slug = fields.String(required=True, validate=[validate.Length(min=1, max=80), SLUG])
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    lesson = fields.String(load_default="", validate=validate.Length(max=50000))


class TopicUpdateSchema(StrictSchema):
    """What may change on a topic (it never moves to another course)."""

    parent_id = fields.Integer(allow_none=True, validate=ID_RANGE)
    position = fields.Integer(validate=validate.Range(min=0, max=100000))
    slug = fields.String(validate=[validate.Length(min=1, max=80), SLUG])
    title = fields.String(validate=validate.Length(min=1, max=200))
    lesson = fields.String(validate=validate.Length(max=50000))


class TopicListArgs(PageArgs):
    """Filters and sort of the topic list."""

    course_id = fields.Integer(validate=ID_RANGE)
    parent_id = fields.Integer(validate=ID_RANGE)
    q = fields.String(validate=validate.Length(max=100), metadata={"description": "In title"})
    sort = sort_field("position", "title", "id")


class QuestionFieldsMixin(Schema):
    """Fields shared by a question's creation and update."""

    kind = fields.Enum(QuestionKind, by_value=True)
    prompt = fields.String(validate=validate.Length(min=1, max=5000))
    answers = fields.List(
        fields.String(validate=validate.Length(min=1, max=500)),
        validate=validate.Length(min=1, max=50),
        metadata={"description": "Accepted answers (only for the course's author and admins)"},
    )
    choices = fields.List(
        fields.String(validate=validate.Length(min=1, max=500)),
        allow_none=True,
        validate=validate.Length(min=2, max=20),
    )
    tolerance = fields.Float(
        allow_none=True,
        validate=validate.Range(min=0, max=1e12),
        metadata={"description": "Numeric questions"},
    )
    explanation = fields.String(validate=validate.Length(max=10000))
    tier = fields.Integer(validate=validate.Range(min=1, max=3))
    position = fields.Integer(validate=validate.Range(min=0, max=100000))


class QuestionSchema(QuestionFieldsMixin, StrictSchema):
    """A question. `answers`, `tolerance` and `explanation` appear only for those who may edit it."""

    id = fields.Integer(dump_only=True)
    topic_id = fields.Integer(required=True, validate=ID_RANGE)
    kind = fields.Enum(QuestionKind, by_value=True, required=True)
    prompt = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    answers = fields.List(
        fields.String(validate=validate.Length(min=1, max=500)),
        required=True,
        validate=validate.Length(min=1, max=50),
        metadata={"description": "Accepted answers (only for the course's author and admins)"},
    )

    @validates_schema
    def check_kind(self, data: dict[str, object], **kwargs: object) -> None:
        """A choice question needs choices that contain its answers; a numeric one needs numbers."""
        check_question_shape(data)


class QuestionOutSchema(Schema):
    """A question as answered: `answers`, `tolerance` and `explanation` only for its editors."""

    id = fields.Integer(required=True)
    topic_id = fields.Integer(required=True)
    position = fields.Integer(required=True)
    kind = fields.Enum(QuestionKind, by_value=True, required=True)
    prompt = fields.String(required=True)
    choices = fields.List(fields.String(), required=True, allow_none=True)
    tier = fields.Integer(required=True)
    answers = fields.List(
        fields.String(), metadata={"description": "Only for the course's author and admins"}
    )
    tolerance = fields.Float(
        allow_none=True, metadata={"description": "Only for the course's author and admins"}
    )
    explanation = fields.String(metadata={"description": "Only for the course's author and admins"})


class QuestionUpdateSchema(QuestionFieldsMixin, StrictSchema):
    """What may change on a question (it never moves to another topic)."""


class QuestionListArgs(PageArgs):
    """Filters and sort of the question list."""

    topic_id = fields.Integer(validate=ID_RANGE)
    course_id = fields.Integer(validate=ID_RANGE)
    tier = fields.Integer(validate=validate.Range(min=1, max=3))
    kind = fields.Enum(QuestionKind, by_value=True)
    sort = sort_field("position", "id", "tier")


def check_question_shape(data: dict[str, object]) -> None:
    """Raise a field-level ValidationError when kind, answers and choices disagree."""
    kind = data.get("kind")
    answers = data.get("answers") or []
    choices = data.get("choices")
    assert isinstance(answers, list)
    if kind == QuestionKind.CHOICE:
        if not choices:
            raise ValidationError(_("Une question à choix a besoin de choix."), "choices")
        assert isinstance(choices, list)
        if any(answer not in choices for answer in answers):
            raise ValidationError(_("Chaque réponse doit être l'un des choix."), "answers")
    if kind == QuestionKind.NUMERIC:
        for answer in answers:
            try:
                float(str(answer).replace(",", "."))
            except ValueError:
                raise ValidationError(_("Une question numérique attend des nombres."), "answers") from None


# --- documented error responses -------------------------------------------------------------------

READ_ERRORS = (401,)
WRITE_ERRORS = (401, 403, 413, 415, 429)


def error_responses(blp: Blueprint, *codes: int) -> Callable[[F], F]:
    """Declare in the OpenAPI document the error statuses an operation can answer (with the envelope).

    The guards of `register_api` add 401 to every private endpoint and 403/415/429 to every write;
    the views add 404, 409 and 422 where they can happen.
    """

    def decorator(view: F) -> F:
        for code in sorted(set(codes), reverse=True):
            view = blp.alt_response(code, response=HTTPStatus(code).name)(view)
        return view

    return decorator
