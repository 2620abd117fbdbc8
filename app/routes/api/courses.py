"""`/api/v1/courses`: courses — everyone signed in reads the published ones and may create a
private draft; authors and admins publish; a course's author changes or deletes it; admins
everything (app/auth/policy.py). (The tree with the learner's standing is the study API's
`/courses/<id>/tree`.)
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_babel import gettext as _
from sqlalchemy import Select, select

from ...auth.policy import Action, readable_courses, require_course_changes
from ...auth.session import signed_in
from ...models import Course
from ...services import authoring
from .blueprint import Blueprint
from .pagination import page_schema, paginate
from .resource import READ_ERRORS, WRITE_ERRORS, error_responses, get_or_404, sorted_by, text_filter
from .schemas.courses import CourseListArgs, CourseSchema, CourseUpdateSchema

URL_PREFIX = "/courses"
bp = Blueprint("courses", __name__, description="Courses")

SORTS = {"title": Course.title, "created_at": Course.created_at, "slug": Course.slug}


def _filtered(args: dict[str, Any]) -> Select[Course]:
    stmt = select(Course).where(readable_courses(signed_in()))
    stmt = text_filter(stmt, args.get("q"), Course.title, Course.description)
    if "published" in args:
        stmt = stmt.where(Course.published.is_(args["published"]))
    if "author_id" in args:
        stmt = stmt.where(Course.author_id == args["author_id"])
    return sorted_by(stmt, args["sort"], SORTS, Course.id)


def course_by_id(course_id: int, action: Action) -> Course:
    """The course if the caller may do `action` on it: 404 when they may not see it, else 403."""
    return get_or_404(Course, course_id, action, _("Ce cours n'existe pas."))


@bp.route("")
class Courses(MethodView):
    """The courses the caller can read."""

    @bp.arguments(CourseListArgs, location="query")
    @bp.response(200, page_schema(CourseSchema))
    @error_responses(bp, *READ_ERRORS)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List courses (?q=, ?published=, ?author_id=, ?sort=title|-created_at…), a page at a time."""
        return paginate(_filtered(args), args, "courses.Courses")

    @bp.arguments(CourseSchema)
    @bp.response(201, CourseSchema)
    @error_responses(bp, *WRITE_ERRORS, 409)
    def post(self, payload: dict[str, Any]) -> Course:
        """Create a course; you are its author (anyone signed in: a private draft; publishing it
        needs the author role)."""
        user = signed_in()
        require_course_changes(user, Course(author_id=user.id, published=False), payload)
        return authoring.save_course(Course(), payload, author=user)


@bp.route("/<int:course_id>")
class CourseById(MethodView):
    """One course."""

    @bp.response(200, CourseSchema)
    @error_responses(bp, *READ_ERRORS, 404)
    def get(self, course_id: int) -> Course:
        """Read a course (a draft only for its author and admins)."""
        return course_by_id(course_id, Action.READ)

    @bp.arguments(CourseUpdateSchema)
    @bp.response(200, CourseSchema)
    @error_responses(bp, *WRITE_ERRORS, 404, 409)
    def patch(self, changes: dict[str, Any], course_id: int) -> Course:
        """Change some fields of your course (publish it with {"published": true})."""
        course = course_by_id(course_id, Action.UPDATE)
        require_course_changes(signed_in(), course, changes)
        return authoring.save_course(course, changes)

    @bp.response(204)
    @error_responses(bp, *WRITE_ERRORS, 404, 409)
    def delete(self, course_id: int) -> None:
        """Delete your course with its whole tree, its questions and the learners' history on them."""
        authoring.delete_course(course_by_id(course_id, Action.DELETE))
