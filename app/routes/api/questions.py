"""`/api/v1/questions`: the questions of leaf topics — readable with their course, written by the
course's author and admins. Whoever may not edit a question never receives its accepted answers,
its tolerance or its explanation (they would give the quiz away).
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_babel import gettext as _
from sqlalchemy import Select, select

from ...auth.policy import Action, can_see_answers, readable_courses, require
from ...auth.session import signed_in
from ...models import Course, Question, Topic
from ...services import authoring
from .blueprint import Blueprint
from .pagination import page_schema, paginate
from .resource import READ_ERRORS, WRITE_ERRORS, error_responses, get_or_404, parent_or_422, sorted_by
from .schemas.questions import (
    QuestionListArgs,
    QuestionOutSchema,
    QuestionSchema,
    QuestionUpdateSchema,
)

URL_PREFIX = "/questions"
bp = Blueprint("questions", __name__, description="Questions of leaf topics")

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
        "strict": question.strict,
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
    return sorted_by(stmt, args["sort"], SORTS, Question.id)


def question_by_id(question_id: int, action: Action) -> Question:
    """The question if the caller may do `action` on it: 404 when its course is hidden, else 403."""
    return get_or_404(Question, question_id, action, _("Cette question n'existe pas."))


@bp.route("")
class Questions(MethodView):
    """The questions of the courses the caller can read."""

    @bp.arguments(QuestionListArgs, location="query")
    @bp.response(200, page_schema(QuestionOutSchema))
    @error_responses(bp, *READ_ERRORS)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List questions (?topic_id=, ?course_id=, ?tier=, ?kind=, ?sort=position|-id…), a page at a time."""
        page = paginate(_filtered(args), args, "questions.Questions")
        page["items"] = [question_view(question) for question in page["items"]]
        return page

    @bp.arguments(QuestionSchema)
    @bp.response(201, QuestionOutSchema)
    @error_responses(bp, *WRITE_ERRORS, 409)
    def post(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Add a question to a leaf topic of your course."""
        topic = parent_or_422(Topic, payload["topic_id"], "topic_id", _("Ce thème n'existe pas."))
        require(signed_in(), Action.UPDATE, topic)
        payload.setdefault("position", None)
        return question_view(authoring.write_question(Question(), payload))


@bp.route("/<int:question_id>")
class QuestionById(MethodView):
    """One question."""

    @bp.response(200, QuestionOutSchema)
    @error_responses(bp, *READ_ERRORS, 404)
    def get(self, question_id: int) -> dict[str, Any]:
        """Read a question (its answers only if you may edit it)."""
        return question_view(question_by_id(question_id, Action.READ))

    @bp.arguments(QuestionUpdateSchema)
    @bp.response(200, QuestionOutSchema)
    @error_responses(bp, *WRITE_ERRORS, 404, 409)
    def patch(self, changes: dict[str, Any], question_id: int) -> dict[str, Any]:
        """Change a question of your course."""
        question = question_by_id(question_id, Action.UPDATE)
        return question_view(authoring.write_question(question, changes))

    @bp.response(204)
    @error_responses(bp, *WRITE_ERRORS, 404, 409)
    def delete(self, question_id: int) -> None:
        """Delete a question and the learners' history on it."""
        authoring.delete_question(question_by_id(question_id, Action.DELETE))
