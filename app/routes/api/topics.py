"""`/api/v1/topics`: the nodes of course trees — readable with their course, written by the
course's author and admins. (A leaf's quiz for learners is the study API's `/topics/<id>/quiz`.)
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_babel import gettext as _
from sqlalchemy import Select, select

from ...auth.policy import Action, readable_courses, require
from ...auth.session import signed_in
from ...models import Course, Topic
from ...services import authoring
from .blueprint import Blueprint
from .pagination import page_schema, paginate
from .resource import (
    READ_ERRORS,
    WRITE_ERRORS,
    error_responses,
    get_or_404,
    parent_or_422,
    sorted_by,
    text_filter,
)
from .schemas.topics import TopicListArgs, TopicSchema, TopicUpdateSchema

URL_PREFIX = "/topics"
bp = Blueprint("topics", __name__, description="Topics of course trees")

SORTS = {"position": Topic.position, "title": Topic.title, "id": Topic.id}


def _filtered(args: dict[str, Any]) -> Select[Topic]:
    stmt = select(Topic).join(Course, Course.id == Topic.course_id).where(readable_courses(signed_in()))
    if "course_id" in args:
        stmt = stmt.where(Topic.course_id == args["course_id"])
    if "parent_id" in args:
        stmt = stmt.where(Topic.parent_id == args["parent_id"])
    stmt = text_filter(stmt, args.get("q"), Topic.title)
    return sorted_by(stmt, args["sort"], SORTS, Topic.id)


def topic_by_id(topic_id: int, action: Action) -> Topic:
    """The topic if the caller may do `action` on it: 404 when its course is hidden, else 403."""
    return get_or_404(Topic, topic_id, action, _("Ce thème n'existe pas."))


@bp.route("")
class Topics(MethodView):
    """The topics of the courses the caller can read."""

    @bp.arguments(TopicListArgs, location="query")
    @bp.response(200, page_schema(TopicSchema))
    @error_responses(bp, *READ_ERRORS)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List topics (?course_id=, ?parent_id=, ?q=, ?sort=position|title…), a page at a time."""
        return paginate(_filtered(args), args, "topics.Topics")

    @bp.arguments(TopicSchema)
    @bp.response(201, TopicSchema)
    @error_responses(bp, *WRITE_ERRORS, 409)
    def post(self, payload: dict[str, Any]) -> Topic:
        """Add a topic to your course."""
        course = parent_or_422(Course, payload["course_id"], "course_id", _("Ce cours n'existe pas."))
        require(signed_in(), Action.UPDATE, course)
        return authoring.save_topic(Topic(), payload)


@bp.route("/<int:topic_id>")
class TopicById(MethodView):
    """One topic."""

    @bp.response(200, TopicSchema)
    @error_responses(bp, *READ_ERRORS, 404)
    def get(self, topic_id: int) -> Topic:
        """Read a topic (its lesson in Markdown)."""
        return topic_by_id(topic_id, Action.READ)

    @bp.arguments(TopicUpdateSchema)
    @bp.response(200, TopicSchema)
    @error_responses(bp, *WRITE_ERRORS, 404, 409)
    def patch(self, changes: dict[str, Any], topic_id: int) -> Topic:
        """Change a topic of your course (title, lesson, place in the tree)."""
        return authoring.save_topic(topic_by_id(topic_id, Action.UPDATE), changes)

    @bp.response(204)
    @error_responses(bp, *WRITE_ERRORS, 404, 409)
    def delete(self, topic_id: int) -> None:
        """Delete a topic with its subtree and questions."""
        authoring.delete_topic(topic_by_id(topic_id, Action.DELETE))
