"""`/api/v1/topics`: the nodes of course trees — readable with their course, written by the
course's author and admins. (A leaf's quiz for learners is the learning API's `/topics/<id>/quiz`.)
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from ...auth.policy import Action, can, readable_courses, require
from ...auth.session import signed_in
from ...extensions import db
from ...models import Course, Topic
from ...services import authoring
from ...services.errors import InvalidInput, NotFound
from ...services.search import like_pattern
from .blueprint import Blueprint
from .pagination import page_schema, paginate
from .schemas import READ_ERRORS, WRITE_ERRORS, TopicListArgs, TopicSchema, TopicUpdateSchema, error_responses

URL_PREFIX = "/topics"
blp = Blueprint("topics", __name__, description="Topics of course trees")

SORTS = {"position": Topic.position, "title": Topic.title, "id": Topic.id}


def _filtered(args: dict[str, Any]) -> Select[Topic]:
    stmt = select(Topic).join(Course, Course.id == Topic.course_id).where(readable_courses(signed_in()))
    if "course_id" in args:
        stmt = stmt.where(Topic.course_id == args["course_id"])
    if "parent_id" in args:
        stmt = stmt.where(Topic.parent_id == args["parent_id"])
    if args.get("q"):
        stmt = stmt.where(func.lower(Topic.title).like(like_pattern(args["q"]), escape="\\"))
    sort: str = args["sort"]
    column = SORTS[sort.lstrip("-")]
    return stmt.order_by(column.desc() if sort.startswith("-") else column.asc(), Topic.id)


def topic_by_id(topic_id: int, action: Action) -> Topic:
    """The topic if the caller may do `action` on it: 404 when its course is hidden, else 403."""
    topic = db.session.get(Topic, topic_id)
    if topic is None:
        raise NotFound(_("Ce thème n'existe pas."))
    require(signed_in(), action, topic)
    return topic


@blp.route("")
class Topics(MethodView):
    """The topics of the courses the caller can read."""

    @blp.arguments(TopicListArgs, location="query")
    @blp.response(200, page_schema(TopicSchema))
    @error_responses(blp, *READ_ERRORS)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List topics (?course_id=, ?parent_id=, ?q=, ?sort=position|title…), a page at a time."""
        return paginate(_filtered(args), args, "topics.Topics")

    @blp.arguments(TopicSchema)
    @blp.response(201, TopicSchema)
    @error_responses(blp, *WRITE_ERRORS, 409)
    def post(self, payload: dict[str, Any]) -> Topic:
        """Add a topic to your course."""
        user = signed_in()
        course = db.session.get(Course, payload["course_id"])
        if course is None or not can(user, Action.READ, course):
            message = _("Ce cours n'existe pas.")
            raise InvalidInput(message, fields={"course_id": [message]})
        require(user, Action.UPDATE, course)
        return authoring.save_topic(Topic(), payload)


@blp.route("/<int:topic_id>")
class TopicById(MethodView):
    """One topic."""

    @blp.response(200, TopicSchema)
    @error_responses(blp, *READ_ERRORS, 404)
    def get(self, topic_id: int) -> Topic:
        """Read a topic (its lesson in Markdown)."""
        return topic_by_id(topic_id, Action.READ)

    @blp.arguments(TopicUpdateSchema)
    @blp.response(200, TopicSchema)
    @error_responses(blp, *WRITE_ERRORS, 404, 409)
    def patch(self, changes: dict[str, Any], topic_id: int) -> Topic:
        """Change a topic of your course (title, lesson, place in the tree)."""
        return authoring.save_topic(topic_by_id(topic_id, Action.UPDATE), changes)

    @blp.response(204)
    @error_responses(blp, *WRITE_ERRORS, 404, 409)
    def delete(self, topic_id: int) -> None:
        """Delete a topic with its subtree and questions."""
        authoring.delete_topic(topic_by_id(topic_id, Action.DELETE))
