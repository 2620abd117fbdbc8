"""`/api/v1/questions`: the questions of leaf topics — readable with their course, written by the
course's author and admins. Whoever may not edit a question never receives its accepted answers,
its tolerance or its explanation (they would give the quiz away).
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import Select, select

from ...auth.policy import Action, can, can_see_answers, readable_courses, require
from ...auth.session import signed_in
from ...extensions import db
from ...models import Course, Question, Topic
from ...services import authoring
from ...services.errors import InvalidInput, NotFound
from .blueprint import Blueprint
from .pagination import page_schema, paginate
from .schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    QuestionListArgs,
    QuestionOutSchema,
    QuestionSchema,
    QuestionUpdateSchema,
    check_question_shape,
    error_responses,
)

URL_PREFIX = "/questions"
blp = Blueprint("questions", __name__, description="Questions of leaf topics")

SORTS = {"position": Question.position, "id": Question.id, "tier": Question.tier}
SECRET_FIELDS = ("answers", "tolerance", "explanation")


def question_view(question: Question) -> dict[str, Any]:
    """A question for the caller: with its answers only if they may edit it."""
    data: dict[str, Any] = {
        "id": question.id,
        "topic_id": question.topic_id,
        "position": question.position,
        "kind": question.kind,
        "prompt": question.prompt,
        "choices": question.choices,
        "tier": question.tier,
    }
    if can_see_answers(signed_in(), question):
        data.update({name: getattr(question, name) for name in SECRET_FIELDS})
    return data


def _filtered(args: dict[str, Any]) -> Select[Question]:
    stmt = (
        select(Question)
        .join(Topic, Topic.id == Question.topic_id)
        .join(Course, Course.id == Topic.course_id)
        .where(readable_courses(signed_in()))
    )
    for name, column in (
        ("topic_id", Question.topic_id),
        ("course_id", Topic.course_id),
        ("tier", Question.tier),
    ):
        if name in args:
            stmt = stmt.where(column == args[name])
    if "kind" in args:
        stmt = stmt.where(Question.kind == args["kind"])
    sort: str = args["sort"]
    column = SORTS[sort.lstrip("-")]
    return stmt.order_by(column.desc() if sort.startswith("-") else column.asc(), Question.id)


def question_by_id(question_id: int, action: Action) -> Question:
    """The question if the caller may do `action` on it: 404 when its course is hidden, else 403."""
    question = db.session.get(Question, question_id)
    if question is None:
        raise NotFound(_("Cette question n'existe pas."))
    require(signed_in(), action, question)
    return question


@blp.route("")
class Questions(MethodView):
    """The questions of the courses the caller can read."""

    @blp.arguments(QuestionListArgs, location="query")
    @blp.response(200, page_schema(QuestionOutSchema))
    @error_responses(blp, *READ_ERRORS)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List questions (?topic_id=, ?course_id=, ?tier=, ?kind=, ?sort=position|-id…), a page at a time."""
        page = paginate(_filtered(args), args, "questions.Questions")
        page["items"] = [question_view(question) for question in page["items"]]
        return page

    @blp.arguments(QuestionSchema)
    @blp.response(201, QuestionOutSchema)
    @error_responses(blp, *WRITE_ERRORS, 409)
    def post(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Add a question to a leaf topic of your course."""
        user = signed_in()
        topic = db.session.get(Topic, payload["topic_id"])
        if topic is None or not can(user, Action.READ, topic):
            message = _("Ce thème n'existe pas.")
            raise InvalidInput(message, fields={"topic_id": [message]})
        require(user, Action.UPDATE, topic)
        payload.setdefault("position", None)
        return question_view(authoring.save_question(Question(), payload))


@blp.route("/<int:question_id>")
class QuestionById(MethodView):
    """One question."""

    @blp.response(200, QuestionOutSchema)
    @error_responses(blp, *READ_ERRORS, 404)
    def get(self, question_id: int) -> dict[str, Any]:
        """Read a question (its answers only if you may edit it)."""
        return question_view(question_by_id(question_id, Action.READ))

    @blp.arguments(QuestionUpdateSchema)
    @blp.response(200, QuestionOutSchema)
    @error_responses(blp, *WRITE_ERRORS, 404, 409)
    def patch(self, changes: dict[str, Any], question_id: int) -> dict[str, Any]:
        """Change a question of your course."""
        question = question_by_id(question_id, Action.UPDATE)
        merged = {
            "kind": changes.get("kind", question.kind),
            "answers": changes.get("answers", question.answers),
            "choices": changes.get("choices", question.choices),
        }
        try:
            check_question_shape(merged)
        except ValidationError as error:
            messages = error.normalized_messages()
            raise InvalidInput(_("Certaines données sont invalides."), fields=messages) from error
        return question_view(authoring.save_question(question, changes))

    @blp.response(204)
    @error_responses(blp, *WRITE_ERRORS, 404, 409)
    def delete(self, question_id: int) -> None:
        """Delete a question and the learners' history on it."""
        authoring.delete_question(question_by_id(question_id, Action.DELETE))
