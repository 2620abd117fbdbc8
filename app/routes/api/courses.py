"""`/api/v1/courses`: courses — everyone signed in reads the published ones and may create a
private draft; authors and admins publish; a course's author changes or deletes it; admins
everything (app/auth/policy.py). (The tree with the learner's standing is the
learning API's `/courses/<id>/tree`.)
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select

from ...auth.policy import Action, readable_courses, require, require_course_changes
from ...auth.session import signed_in
from ...extensions import db
from ...models import Course
from ...services import authoring
from ...services.errors import NotFound
from ...services.search import like_pattern
from .blueprint import Blueprint
from .pagination import page_schema, paginate
from .schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    CourseListArgs,
    CourseSchema,
    CourseUpdateSchema,
    error_responses,
)

URL_PREFIX = "/courses"
blp = Blueprint("courses", __name__, description="Courses")

SORTS = {"title": Course.title, "created_at": Course.created_at, "slug": Course.slug}


def _filtered(args: dict[str, Any]) -> Select[Course]:
    stmt = select(Course).where(readable_courses(signed_in()))
    if args.get("q"):
        pattern = like_pattern(args["q"])
        stmt = stmt.where(
            or_(
                func.lower(Course.title).like(pattern, escape="\\"),
                func.lower(Course.description).like(pattern, escape="\\"),
            )
        )
    if "published" in args:
        stmt = stmt.where(Course.published.is_(args["published"]))
    if "author_id" in args:
        stmt = stmt.where(Course.author_id == args["author_id"])
    sort: str = args["sort"]
    column = SORTS[sort.lstrip("-")]
    return stmt.order_by(column.desc() if sort.startswith("-") else column.asc(), Course.id)


def course_by_id(course_id: int, action: Action) -> Course:
    """The course if the caller may do `action` on it: 404 when they may not see it, else 403."""
    course = db.session.get(Course, course_id)
    if course is None:
        raise NotFound(_("Ce cours n'existe pas."))
    require(signed_in(), action, course)
    return course


@blp.route("")
class Courses(MethodView):
    """The courses the caller can read."""

    @blp.arguments(CourseListArgs, location="query")
    @blp.response(200, page_schema(CourseSchema))
    @error_responses(blp, *READ_ERRORS)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List courses (?q=, ?published=, ?author_id=, ?sort=title|-created_at…), a page at a time."""
        return paginate(_filtered(args), args, "courses.Courses")

    @blp.arguments(CourseSchema)
    @blp.response(201, CourseSchema)
    @error_responses(blp, *WRITE_ERRORS, 409)
    def post(self, payload: dict[str, Any]) -> Course:
        """Create a course; you are its author (anyone signed in: a private draft; publishing it
        needs the author role)."""
        user = signed_in()
        require_course_changes(user, Course(author_id=user.id, published=False), payload)
        return authoring.save_course(Course(), payload, author=user)


@blp.route("/<int:course_id>")
class CourseById(MethodView):
    """One course."""

    @blp.response(200, CourseSchema)
    @error_responses(blp, *READ_ERRORS, 404)
    def get(self, course_id: int) -> Course:
        """Read a course (a draft only for its author and admins)."""
        return course_by_id(course_id, Action.READ)

    @blp.arguments(CourseUpdateSchema)
    @blp.response(200, CourseSchema)
    @error_responses(blp, *WRITE_ERRORS, 404, 409)
    def patch(self, changes: dict[str, Any], course_id: int) -> Course:
        """Change some fields of your course (publish it with {"published": true})."""
        course = course_by_id(course_id, Action.UPDATE)
        require_course_changes(signed_in(), course, changes)
        return authoring.save_course(course, changes)

    @blp.response(204)
    @error_responses(blp, *WRITE_ERRORS, 404, 409)
    def delete(self, course_id: int) -> None:
        """Delete your course with its whole tree, its questions and the learners' history on them."""
        authoring.delete_course(course_by_id(course_id, Action.DELETE))
