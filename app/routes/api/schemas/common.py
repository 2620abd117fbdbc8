"""What every API schema shares: strict input bodies, PATCH twins, `?sort=` arguments, id and
slug rules, and the error envelope every error status answers.

Input schemas refuse unknown fields (marshmallow's RAISE, stated explicitly) and read-only fields
(`dump_only`, which marshmallow treats as unknown on load), so a body never silently sets an id,
a role, an owner or a score. Output schemas list every field a client may rely on.
"""

from __future__ import annotations

import copy
from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import RAISE, Schema, fields, missing, validate

from ....config import LANGUAGE_NAMES
from ....services.slugs import SLUG_PATTERN

# Ids are 32-bit integers in PostgreSQL: a larger number is refused (422), never sent to the database.
MAX_ID = 2**31 - 1
ID_RANGE = validate.Range(min=1, max=MAX_ID)

SLUG = validate.Regexp(SLUG_PATTERN, error=_l("Lettres minuscules, chiffres et tirets."))
LANGUAGES = tuple(LANGUAGE_NAMES)


class StrictSchema(Schema):
    """Base of every input body: unknown and read-only fields are errors, never ignored, and an
    integer field takes JSON integers only (2.5 or "2" is refused, not cut to 2). Query arguments
    arrive as text: their schemas derive from PageArgs or Schema, not from this one."""

    class Meta:
        """marshmallow options: an unknown field is a validation error."""

        unknown = RAISE

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        """Make every integer field, and a list's integer items, strict."""
        for field in (field_obj, getattr(field_obj, "inner", None)):
            if isinstance(field, fields.Integer):
                field.strict = True


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
    code = fields.String(
        metadata={
            "description": "A stable word a client may act on: llm_disabled, llm_unavailable, "
            "generation_disabled, job_queue_unavailable"
        }
    )


class ErrorEnvelopeSchema(Schema):
    """Every error status answers this one envelope."""

    error = fields.Nested(ErrorBodySchema, required=True)
