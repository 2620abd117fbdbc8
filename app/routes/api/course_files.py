"""Whole courses as files: `POST /courses/import` (one upload, one transaction) and
`GET /courses/<id>/export`, plus the public JSON Schema of the native course document.

The import's body is multipart/form-data, not JSON: the API guard lets it through for this one
endpoint (see `MULTIPART_ENDPOINTS` in this package's `__init__`). Any signed-in user may import a
course as their own private draft; publishing it at once needs the author role.
"""

from __future__ import annotations

from typing import Any

from flask import Response, request, url_for
from flask.views import MethodView
from flask_babel import gettext as _
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate
from werkzeug.datastructures import FileStorage

from ...auth.policy import Action, require_course_changes
from ...auth.session import signed_in
from ...models import Course
from ...services import course_files
from ...services.course_files.native import schema_text
from ...services.errors import InvalidInput
from .blueprint import Blueprint
from .courses import course_by_id
from .resource import WRITE_ERRORS, error_responses
from .schemas.common import StrictSchema

URL_PREFIX = ""
bp = Blueprint("course_files", __name__, description="Whole courses as files (GIFT, Aiken, CSV, JSON)")

IMPORT_FORMATS = [fmt.value for fmt in course_files.CourseFormat]
EXPORT_FORMATS = IMPORT_FORMATS


class ImportArgs(StrictSchema):
    """How to read the upload and whether to publish the new course."""

    format = fields.String(
        validate=validate.OneOf(IMPORT_FORMATS),
        metadata={"description": "The file's format; by default from its extension, else its content"},
    )
    publish = fields.Boolean(
        load_default=False, metadata={"description": "Publish at once (authors and admins); else a draft"}
    )


class ImportFileSchema(StrictSchema):
    """The uploaded course file."""

    file = Upload(required=True, metadata={"description": "A .gift, .txt (Aiken), .csv or .json file"})


class TopicCountSchema(Schema):
    """How many questions one leaf received."""

    path = fields.String(required=True, metadata={"example": "Astronomie / Système solaire / Planètes"})
    slug = fields.String(required=True)
    questions = fields.Integer(required=True)


class ImportCountsSchema(Schema):
    """What the new course holds."""

    topics = fields.Integer(required=True)
    questions = fields.Integer(required=True)
    images = fields.Integer(required=True)
    per_topic = fields.List(fields.Nested(TopicCountSchema), required=True)


class ImportResultSchema(Schema):
    """The course an import created."""

    course_id = fields.Integer(required=True)
    slug = fields.String(required=True)
    title = fields.String(required=True)
    published = fields.Boolean(required=True)
    counts = fields.Nested(ImportCountsSchema, required=True)


class ExportArgs(StrictSchema):
    """The format of the exported file."""

    format = fields.String(
        load_default="json",
        validate=validate.OneOf(EXPORT_FORMATS),
        metadata={"description": "aiken keeps only the single-answer choice questions"},
    )


_TEXT = {"schema": {"type": "string"}}
EXPORT_RESPONSE = {
    "200": {
        "description": "The course file, as an attachment named after the course's slug",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/plain": _TEXT,
            "text/csv": _TEXT,
        },
    }
}


@bp.route("/courses/import")
class CourseImport(MethodView):
    """Bring a whole course in one request."""

    @bp.arguments(ImportArgs, location="query")
    @bp.arguments(ImportFileSchema, location="files")
    @bp.response(201, ImportResultSchema)
    @error_responses(bp, *WRITE_ERRORS, 409, 422)
    def post(self, args: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        """Import a course file (GIFT, Aiken, CSV or JSON) as a new course of yours.

        The course is your private draft, or published at once with ?publish=true (authors and
        admins). Every problem of the file comes back at once in `errors`, each with its line;
        a single bad question means nothing is written.
        """
        unexpected = sorted(request.form)  # the body is the file and nothing else
        if unexpected:
            message = _("Champ inconnu : seul le fichier « file » est attendu.")
            raise InvalidInput(message, fields={name: [message] for name in unexpected})
        user = signed_in()
        publish: bool = args["publish"]
        # The new course is the caller's: any signed-in user may create a draft, publishing needs
        # the author role (one policy decides, as for a course written through the API or the studio).
        require_course_changes(user, Course(author_id=user.id), {"published": publish})
        upload: FileStorage = files["file"]
        fmt = course_files.CourseFormat(args["format"]) if "format" in args else None
        result = course_files.import_file(upload.read(), upload.filename or "", fmt, user, publish=publish)
        return {
            "course_id": result.course_id,
            "slug": result.slug,
            "title": result.title,
            "published": publish,
            "counts": result.counts(),
        }


@bp.route("/courses/<int:course_id>/export")
class CourseExport(MethodView):
    """Take a whole course away."""

    @bp.arguments(ExportArgs, location="query")
    @bp.doc(responses=EXPORT_RESPONSE)
    @error_responses(bp, 401, 403, 404)
    def get(self, args: dict[str, Any], course_id: int) -> Response:
        """Export your course (authors of the course and admins) as gift, json, csv or aiken."""
        course = course_by_id(course_id, Action.UPDATE)
        fmt = course_files.CourseFormat(args["format"])
        exported = course_files.export_course(
            course, fmt, schema_url=url_for("course_files.CourseDocumentSchema", _external=True)
        )
        headers = {"Content-Disposition": f'attachment; filename="{exported.filename}"'}
        if fmt is course_files.CourseFormat.AIKEN:
            headers["X-Omitted-Questions"] = str(exported.omitted)
        return Response(exported.content, status=200, content_type=exported.media_type, headers=headers)


@bp.route("/schemas/course-document.json")
class CourseDocumentSchema(MethodView):
    """The JSON Schema of the native course document (public, for editors and scripts)."""

    @bp.doc(
        security=[],
        responses={
            "200": {
                "description": "A JSON Schema",
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        },
    )
    def get(self) -> Response:
        """The JSON Schema (draft 2020-12) of the native course document, format_version 1."""
        return Response(schema_text(), status=200, mimetype="application/json")
